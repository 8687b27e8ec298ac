/*
 * Rule: privileged instructions the hypervisor does not emulate (hlt, cli at
 * IOPL 0) and a non-canonical memory access raise #GP(0) in the guest kernel,
 * bounced to vector 13 with error code 0 and rip at the instruction.
 */
#include "catch.h"
#include "test.h"

int main(void)
{
	struct trap_probe p;
	CHECK_EQ(catch_trap(13, 1, 0), 0);
	TRAP_PROBE(p, "", "hlt");                       /* f4 */
	expect_probe("hlt", &p, 13, 0, 0, 0);
	TRAP_PROBE(p, "", "cli");                       /* fa */
	expect_probe("cli", &p, 13, 0, 0, 0);
	CHECK_EQ(catch_trap(13, 3, 0), 0);
	TRAP_PROBE(p, "", "mov (%%rbx), %%rax", "b"(0x8000000000000000ull));   /* 48 8b 03 */
	expect_probe("non-canonical read", &p, 13, 0, 0, 0);
	test_pass();
}
