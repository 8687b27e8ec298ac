/*
 * Rule: unpinning a table that is still in use succeeds, as in Xen, but
 * does not release it: its other references (a base pointer, an entry one
 * level up) keep it typed and validated (xen-pv-abi.md 9.4).  The guest
 * unpins its live L4 (pinned by the builder, in use as the base pointer):
 * it stays an L4 (a writable mapping is refused with -EBUSY, a writable
 * self-map with -EINVAL) and the guest keeps running on it.  A fresh L1,
 * pinned and hooked into the live L2, is unpinned: it still translates and
 * stays typed until the L2 entry goes, then it is plain memory.
 */
#include "attack.h"

#define L2_SLOT 300

int main(void)
{
	static uint64_t saved[512];
	uint64_t l4 = pt_cr3_mfn(), l2 = pt_table_mfn(VIRT_BASE, 2);
	frame_save(l4, saved);
	CHECK_EQ(pt_unpin(l4), 0);
	printf("unpinned the live L4 %lx\n", l4);
	expect_typed("the live L4 after its unpin", l4);
	expect_rc("writable self-map in the unpinned live L4", pt_update(pt_maddr(l4, 7), (l4 << 12) | PT_UPPER),
		  -XEN_EINVAL);
	expect_table_same("the live L4 after its unpin", l4, saved);
	CHECK_EQ(pt_cr3_mfn(), l4);
	attack_hv_alive();
	CHECK_EQ(pt_pin(4, l4), 0);             /* it can be pinned again */
	expect_rc("second pin", pt_pin(4, l4), -XEN_EINVAL);

	/* A pinned L1 in use under the L2. */
	uint64_t l1 = pt_mfn(pt_alloc()), data = pt_alloc();
	CHECK_EQ(pt_pin(1, l1), 0);
	CHECK_EQ(pt_update(pt_maddr(l2, L2_SLOT), (l1 << 12) | PT_UPPER), 0);
	CHECK_EQ(pt_unpin(l1), 0);
	expect_typed("the L1 still under the L2", l1);
	uint64_t va = pt_va(511, 510, L2_SLOT, 3);
	CHECK_EQ(pt_map_mfn(va, pt_mfn(data), PT_P | PT_RW | PT_A), 0);
	*(volatile uint64_t *)va = 0xfeedface;
	CHECK_EQ(((volatile uint64_t *)frame_view(pt_mfn(data)))[0], 0xfeedface);
	CHECK_EQ(pt_update(pt_maddr(l2, L2_SLOT), 0), 0);
	expect_untyped("the L1 after the L2 entry went", l1);
	expect_untyped("the page it mapped", pt_mfn(data));
	attack_hv_alive();
	test_pass();
}
