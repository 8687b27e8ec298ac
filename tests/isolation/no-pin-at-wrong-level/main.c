/*
 * Rule: a frame has one type at a time (xen-pv-abi.md 9.2 rule 1), so a
 * table can be pinned only at the level it is in use as, and a frame can be
 * pinned at a level only if its entries are valid for that level.  Every
 * live start-of-day table pinned at each other level is refused (-EINVAL);
 * the live L4 is already pinned (-EINVAL too); a fresh frame whose entry
 * maps a writable data page is a valid L1 but not a valid L2 (its target
 * would have to become an L1 while mapped writable): -EINVAL at L2, L3, L4,
 * accepted at L1.  Afterwards the tables are unchanged and typed as before.
 */
#include "attack.h"

static struct live_tables lt;

int main(void)
{
	const uint64_t *t = lt.mfn;
	live_tables_save(&lt);
	for (unsigned level = 1; level <= 4; level++)
		for (unsigned as = 1; as <= 4; as++) {
			if (as == level && level != 4)
				continue;
			long rc = pt_pin(as, t[level]);
			if (rc != -XEN_EINVAL)
				test_fail("pin of the live L%u as L%u: %ld, expected -EINVAL", level, as, rc);
			printf("refused as documented (-EINVAL): pin of the live L%u as L%u\n", level, as);
		}

	uint64_t data = pt_alloc(), f = pt_mfn(pt_alloc());
	CHECK_EQ(pt_map(data, PT_P | PT_RW | PT_A), 0);
	CHECK_EQ(pt_update(pt_maddr(f, 0), (pt_mfn(data) << 12) | PT_P | PT_RW), 0);
	for (unsigned as = 2; as <= 4; as++)
		expect_rc("pin of a valid L1 at a higher level", pt_pin(as, f), -XEN_EINVAL);
	expect_untyped("the refused frame", f);
	CHECK_EQ(pt_pin(1, f), 0);
	expect_typed("the frame pinned as an L1", f);
	CHECK_EQ(pt_unpin(f), 0);

	live_tables_check("live table", &lt);
	/* The right level is still accepted for the unpinned live tables. */
	for (unsigned level = 1; level <= 3; level++) {
		CHECK_EQ(pt_pin(level, t[level]), 0);
		CHECK_EQ(pt_unpin(t[level]), 0);
	}
	attack_hv_alive();
	test_pass();
}
