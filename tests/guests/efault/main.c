/*
 * Rule: every guest pointer a hypercall follows is checked: a buffer that
 * reaches into hypervisor space (the M2P, the hypervisor image, the direct
 * map), that is unmapped, that runs from mapped guest memory into unmapped
 * memory or from guest space into the non-canonical hole, that is
 * non-canonical or wraps around the top of the address space, or (for a
 * write) that is mapped read-only, gets -EFAULT (14); the hypervisor never
 * faults, writes nothing, and keeps serving the domain.
 */
#include "public/callback.h"
#include "public/version.h"
#include "catch.h"
#include "test.h"

#define VIRT_BASE 0xFFFFFFFF80000000ull

struct bad { const char *what; uint64_t addr; };

static const struct bad bad[] = {
	{ "M2P (hypervisor space)", 0xFFFF800000000000ull },
	{ "direct map", 0xFFFF830000000000ull },
	{ "hypervisor image", 0xFFFF828000100000ull },
	{ "end of hypervisor space", 0xFFFF87FFFFFFFFF0ull },
	{ "unmapped low", 0x1000ull },
	{ "unmapped top of lower half", 0x00007FFFFFFFF000ull },
	{ "lower half into the hole", 0x00007FFFFFFFFFF0ull },
	{ "non-canonical", 0x0000800000000000ull },
	{ "non-canonical high", 0x8000000000000000ull },
	{ "just below hypervisor space", 0xFFFF7FFFFFFFFFF0ull },
	{ "wrapping the top", 0xFFFFFFFFFFFFFFF0ull },
};

static void expect_efault(const char *call, const char *what, long rc)
{
	if (rc != -XEN_EFAULT)
		test_fail("%s with a buffer at %s: %ld, expected -EFAULT", call, what, rc);
}

/* The first unmapped page above the start-of-day region (found with a caught #PF). */
static uint64_t end_of_boot_region(void)
{
	CHECK_EQ(catch_trap(14, 3, 0), 0);
	for (uint64_t va = VIRT_BASE;; va += 4096) {
		struct trap_probe p;
		TRAP_PROBE(p, "", "mov (%%rbx), %%rax", "b"(va));       /* 48 8b 03 */
		if (caught.count)
			return va;
	}
}

int main(void)
{
	char buf[64];
	uint64_t end = end_of_boot_region();
	printf("boot region ends at 0x%lx\n", end);

	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		uint64_t a = bad[i].addr;
		expect_efault("console_io", bad[i].what, hypercall3(__HYPERVISOR_console_io, CONSOLEIO_write, 32, a));
		expect_efault("xen_version(extraversion)", bad[i].what,
			      HYPERVISOR_xen_version(XENVER_extraversion, (void *)a));
		expect_efault("xen_version(compile_info)", bad[i].what,
			      HYPERVISOR_xen_version(XENVER_compile_info, (void *)a));
		expect_efault("xen_version(get_features)", bad[i].what,
			      HYPERVISOR_xen_version(XENVER_get_features, (void *)a));
		expect_efault("set_trap_table", bad[i].what, HYPERVISOR_set_trap_table((void *)a));
		expect_efault("callback_op(register)", bad[i].what,
			      HYPERVISOR_callback_op(CALLBACKOP_register, (void *)a));
		expect_efault("sched_op(shutdown)", bad[i].what, HYPERVISOR_sched_op(SCHEDOP_shutdown, (void *)a));
	}

	/* Mapped guest memory running into the unmapped page after it. */
	uint64_t straddle = end - 8;
	expect_efault("console_io", "the end of the boot region",
		      hypercall3(__HYPERVISOR_console_io, CONSOLEIO_write, 32, straddle));
	expect_efault("xen_version(compile_info)", "the end of the boot region",
		      HYPERVISOR_xen_version(XENVER_compile_info, (void *)straddle));
	expect_efault("set_trap_table", "the end of the boot region",
		      HYPERVISOR_set_trap_table((void *)(end - 8)));

	/* Writes to a read-only mapping: an unused L4 slot (low half zero, so get_features reads index 0). */
	volatile uint64_t *l4 = (uint64_t *)start_info->pt_base;
	uint64_t before = l4[1];
	CHECK_EQ(before, 0);
	expect_efault("xen_version(get_features)", "a read-only page",
		      HYPERVISOR_xen_version(XENVER_get_features, (void *)&l4[1]));
	expect_efault("xen_version(extraversion)", "a read-only page",
		      HYPERVISOR_xen_version(XENVER_extraversion, (void *)&l4[1]));
	CHECK(l4[1] == before && l4[2] == 0, "read-only L4 written: 0x%lx 0x%lx", l4[1], l4[2]);

	/* Still served normally afterwards. */
	CHECK_EQ(HYPERVISOR_xen_version(XENVER_extraversion, buf), 0);
	xen_version_reported();
	printf("bad buffers answered -EFAULT\n");
	test_pass();
}
