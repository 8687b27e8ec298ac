/*
 * Rule: a pinned page table is typed even when nothing else uses it, so it
 * cannot be mapped writable (-EBUSY) at any level; unpinning it returns it
 * to ordinary memory, which can be (xen-pv-abi.md 9.4 PIN/UNPIN, 9.2 rule 2).
 * Each level gets a fresh table with one valid entry (L1: a read-only data
 * page; L2-L4: the table one level down), pinned on its own.  After the
 * refused mappings the table's contents are unchanged and a read-only
 * mapping of it still works.
 */
#include "attack.h"

static uint64_t saved[512];

int main(void)
{
	uint64_t below = pt_mfn(pt_alloc());            /* a data page: what the L1 maps */
	for (unsigned level = 1; level <= 4; level++) {
		uint64_t t = pt_mfn(pt_alloc());
		uint64_t e = (below << 12) | (level == 1 ? PT_P | PT_A : PT_UPPER);
		if (level > 1)
			CHECK_EQ(pt_unpin(below), 0);           /* now held by the new table's entry only */
		CHECK_EQ(pt_update(pt_maddr(t, 7), e), 0);    /* untyped: a plain write */
		CHECK_EQ(pt_pin(level, t), 0);
		frame_save(t, saved);
		printf("L%u table %lx pinned\n", level, t);
		expect_rc("update_va_mapping of a pinned table, writable",
			  pt_map_mfn(pt_probe_va(), t, PT_P | PT_RW | PT_A), -XEN_EBUSY);
		expect_rc("mmu_update of an L1 entry to a pinned table, writable",
			  pt_update(pt_entry_maddr(pt_probe_va(), 1), (t << 12) | PT_P | PT_RW), -XEN_EBUSY);
		expect_rc("mmu_update of an L1 entry to a pinned table, writable (dirty, user)",
			  pt_update(pt_entry_maddr(pt_probe_va(), 1), (t << 12) | PT_P | PT_RW | PT_US | PT_D | PT_A),
			  -XEN_EBUSY);
		expect_table_same("pinned table", t, saved);
		expect_typed("pinned table", t);
		below = t;
	}
	/* Unpin the top one: the whole hierarchy is released and every frame is plain memory again. */
	CHECK_EQ(pt_unpin(below), 0);
	expect_untyped("the L4 after unpinning", below);
	for (unsigned level = 4; level > 1; level--) {
		uint64_t next = PT_MFN(frame_view(below)[7]);
		expect_untyped("a lower table after the unpin", next);
		below = next;
	}
	attack_hv_alive();
	test_pass();
}
