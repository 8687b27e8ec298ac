/*
 * Rule: a read of an unmapped address in guest-kernel mode is bounced as #PF
 * (vector 14) with error code 0 (not present, read, and U clear because the
 * guest was in kernel mode although the CPU ran it at CPL 3), rip at the
 * load, and the address in the virtual CR2 (emulated mov %cr2).  A read of
 * hypervisor-private memory (image, direct map) is a #PF with only P set.
 */
#include "catch.h"
#include "test.h"

static void probe_read(const char *what, uint64_t addr, uint64_t error_code)
{
	struct trap_probe p;
	CHECK_EQ(catch_trap(14, 3, 0), 0);
	TRAP_PROBE(p, "", "mov (%%rbx), %%rax", "b"(addr));     /* 48 8b 03 */
	expect_probe(what, &p, 14, error_code, 0, 0);
	CHECK(caught.cr2 == addr, "%s: cr2 0x%lx, expected 0x%lx", what, caught.cr2, addr);
}

int main(void)
{
	probe_read("#PF lower half", 0x0000123456789abcull, 0);
	probe_read("#PF above the boot region", 0xFFFFFFFFC0000123ull, 0);
	probe_read("#PF hypervisor image", 0xFFFF828000100000ull, 1);
	probe_read("#PF direct map", 0xFFFF830000001008ull, 1);
	test_pass();
}
