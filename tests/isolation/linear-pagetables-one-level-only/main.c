/*
 * Rule (XSA-240): linear page tables go one level deep (xen-pv-abi.md 9.8).
 * A table that holds a linear entry (a read-only entry to another table of
 * its own level) may not itself be the target of one, and a table that is a
 * target may not hold one; a linear entry must be read-only.  With the live
 * L4 A holding a read-only linear entry to a pinned L4 B, the guest tries to
 * chain further: B -> C (B is a target) and C -> A (A holds one): both
 * -EINVAL, as is a writable A -> B.  Afterwards the refused slots are empty,
 * the tables are still typed, A's linear entry still reads B, and once
 * everything is taken down B and C are plain memory again.
 */
#include "attack.h"

#define SLOT_AB 102
#define SLOT_BC 103
#define SLOT_CA 104

int main(void)
{
	uint64_t a = pt_cr3_mfn(), b = pt_mfn(pt_alloc()), c = pt_mfn(pt_alloc());
	uint64_t mark = pt_mfn(pt_alloc());
	/* B holds one recognisable entry (slot 5 -> an empty L3) and a read-only
	   self-map in slot 6 (a self-map is not a linear reference). */
	CHECK_EQ(pt_update(pt_maddr(b, 5), (mark << 12) | PT_UPPER), 0);
	CHECK_EQ(pt_update(pt_maddr(b, 6), (b << 12) | PT_P), 0);
	CHECK_EQ(pt_pin(4, b), 0);
	CHECK_EQ(pt_pin(4, c), 0);

	CHECK_EQ(pt_update(pt_maddr(a, SLOT_AB), (b << 12) | PT_P), 0);            /* A -> B, read-only */
	expect_rc("linear entry from a target (B -> C)", pt_update(pt_maddr(b, SLOT_BC), (c << 12) | PT_P),
		  -XEN_EINVAL);
	expect_rc("linear entry to a holder (C -> A)", pt_update(pt_maddr(c, SLOT_CA), (a << 12) | PT_P),
		  -XEN_EINVAL);
	expect_rc("writable linear entry (A -> B, RW)", pt_update(pt_maddr(a, SLOT_AB), (b << 12) | PT_P | PT_RW),
		  -XEN_EINVAL);
	expect_rc("writable linear entry (A -> C, RW)", pt_update(pt_maddr(a, SLOT_AB + 10), (c << 12) | PT_UPPER),
		  -XEN_EINVAL);

	CHECK_EQ(frame_view(b)[SLOT_BC], 0);
	CHECK_EQ(frame_view(c)[SLOT_CA], 0);
	CHECK_EQ(pt_table(a)[SLOT_AB + 10], 0);
	CHECK_EQ(pt_table(a)[SLOT_AB] & (PT_ADDR | PT_RW | PT_P), (b << 12) | PT_P);
	/* A's linear entry works: A -> B, then B's self-map twice, reads B as a page. */
	volatile uint64_t *bview = (volatile uint64_t *)pt_va(SLOT_AB, 6, 6, 6);
	CHECK_EQ(bview[5] & PT_ADDR, mark << 12);
	CHECK_EQ(bview[SLOT_BC], 0);
	expect_typed("B", b);
	expect_typed("C", c);
	expect_typed("A", a);

	/* A chain is possible the other way round once A's entry is gone: B -> C. */
	CHECK_EQ(pt_update(pt_maddr(a, SLOT_AB), 0), 0);
	CHECK_EQ(pt_update(pt_maddr(b, SLOT_BC), (c << 12) | PT_P), 0);
	CHECK_EQ(pt_update(pt_maddr(b, SLOT_BC), 0), 0);

	CHECK_EQ(pt_unpin(b), 0);
	CHECK_EQ(pt_unpin(c), 0);
	expect_untyped("B after the unpin", b);
	expect_untyped("C after the unpin", c);
	expect_untyped("B's L3 after the unpin", mark);
	attack_hv_alive();
	test_pass();
}
