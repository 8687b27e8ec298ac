/*
 * Rule: set_segment_base sets the FS base and the kernel GS base the guest's
 * %fs: and %gs: accesses use, and keeps them across context switches (an
 * extra domain spins so that yields and preemption really switch); a
 * non-canonical base or an unknown `which` is -EINVAL and changes nothing.
 * Loading the user %gs selector (SEGBASE_GS_USER_SEL) keeps the kernel GS
 * base, and the selector itself survives context switches.
 */
#include "spin.h"
#include "test.h"

static const uint64_t fs_area[2] = { 0xf5f5f5f5f5f5f5f5ull, 0x0123456789abcdefull };
static const uint64_t gs_area[2] = { 0x6565656565656565ull, 0xfedcba9876543210ull };

static void check_bases(const char *when)
{
	uint64_t f0, f1, g0, g1;
	__asm__ volatile("mov %%fs:0, %0; mov %%fs:8, %1" : "=r"(f0), "=r"(f1));
	__asm__ volatile("mov %%gs:0, %0; mov %%gs:8, %1" : "=r"(g0), "=r"(g1));
	if (f0 != fs_area[0] || f1 != fs_area[1])
		test_fail("%s: %%fs:0/8 read 0x%lx 0x%lx", when, f0, f1);
	if (g0 != gs_area[0] || g1 != gs_area[1])
		test_fail("%s: %%gs:0/8 read 0x%lx 0x%lx", when, g0, g1);
}

static unsigned gs_selector(void)
{
	uint16_t sel;
	__asm__ volatile("mov %%gs, %0" : "=r"(sel));
	return sel;
}

int main(void)
{
	CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_FS, (uint64_t)fs_area), 0);
	CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, (uint64_t)gs_area), 0);
	check_bases("after set_segment_base");

	static const uint64_t noncanon[] = { 0x0000800000000000ull, 0x8000000000000000ull, 0xFFFF7FFFFFFFFFFFull };
	for (unsigned i = 0; i < ARRAY_SIZE(noncanon); i++) {
		CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_FS, noncanon[i]), -XEN_EINVAL);
		CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, noncanon[i]), -XEN_EINVAL);
		CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_GS_USER, noncanon[i]), -XEN_EINVAL);
	}
	CHECK_EQ(HYPERVISOR_set_segment_base(9, (uint64_t)fs_area), -XEN_EINVAL);
	check_bases("after refused calls");

	CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, 0), 0);
	CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, FLAT_RING3_DS32), 0);
	check_bases("after loading the user %gs selector");
	CHECK_EQ(gs_selector(), FLAT_RING3_DS32);
	/* As in Xen, a selector that does not load becomes null and the call succeeds. */
	CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, 0x1234), 0);
	CHECK_EQ(gs_selector(), 0);
	CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, FLAT_RING3_DS32), 0);
	check_bases("after a refused user %gs selector");

	for (int i = 0; i < 5; i++)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	check_bases("after yields to another domain");
	struct spin_stats s;
	spin_watch(&s, 3, 15000000000ull, NULL, NULL);
	CHECK(s.gaps >= 3, "not preempted (%lu gaps)", s.gaps);
	check_bases("after preemption");
	CHECK_EQ(gs_selector(), FLAT_RING3_DS32);
	test_pass();
}
