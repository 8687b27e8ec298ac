/*
 * Rule: PTE bit 62 is a software bit of the guest's, as in Xen 4.17's
 * release builds (only its debug builds mark grant mappings with it and
 * refuse it elsewhere): an L1 entry carrying it is accepted from
 * update_va_mapping, from mmu_update on a new and on a live entry, and in a
 * table being pinned, and the guest reads it back.
 *
 * The attack angle: the bit grants nothing.  With bit 62 set, a writable
 * mapping of a live page table (L1, L2, the current L4) is still refused
 * (-EBUSY), as is RW added to a read-only mapping of one; a table holding
 * such an entry does not pin.  Afterwards the live L1 is unchanged and typed, the tables stay
 * tables, and the hypervisor answers.
 */
#include "attack.h"

int main(void)
{
	static uint64_t saved[512];
	uint64_t data = pt_alloc(), l1 = pt_table_mfn(VIRT_BASE, 1), l2 = pt_table_mfn(VIRT_BASE, 2);
	CHECK_EQ(pt_map(data, PT_P | PT_RW | PT_A), 0);
	uint64_t live_va = pt_pfn_va(data), live = pt_entry(live_va, 1), live_ma = pt_entry_maddr(live_va, 1);
	uint64_t probe = pt_probe_va(), probe_ma = pt_entry_maddr(probe, 1), mfn = pt_mfn(data);

	/* accepted, and read back, from every path */
	CHECK_EQ(pt_map_mfn(probe, mfn, PT_P | PT_RW | PT_A | PT_D | PT_SOFT62), 0);
	CHECK(pt_entry(probe, 1) & PT_SOFT62, "update_va_mapping dropped bit 62: 0x%lx", pt_entry(probe, 1));
	*(volatile uint64_t *)probe = 0x62;
	CHECK_EQ(*(volatile uint64_t *)live_va, 0x62);
	CHECK_EQ(pt_update(probe_ma, (mfn << 12) | PT_P | PT_NX | PT_SOFT62), 0);
	CHECK_EQ(pt_entry(probe, 1) & (PT_SOFT62 | PT_NX | PT_RW), PT_SOFT62 | PT_NX);
	CHECK_EQ(pt_map_mfn(probe, 0, 0), 0);
	CHECK_EQ(pt_update(live_ma, live | PT_SOFT62), 0);                     /* a live entry */
	CHECK_EQ(pt_entry(live_va, 1), live | PT_SOFT62);
	CHECK_EQ(pt_update(live_ma | MMU_PT_UPDATE_PRESERVE_AD, live), 0);
	CHECK_EQ(pt_entry(live_va, 1) & PT_SOFT62, 0);
	CHECK_EQ(HYPERVISOR_update_va_mapping(live_va, live | PT_SOFT62, UVMF_INVLPG), 0);
	CHECK_EQ(pt_entry(live_va, 1), live | PT_SOFT62);
	*(volatile uint64_t *)live_va = 7;                                      /* still writable */
	CHECK_EQ(pt_update(live_ma, live), 0);
	uint64_t f = pt_mfn(pt_alloc());
	CHECK_EQ(pt_update(pt_maddr(f, 9), (mfn << 12) | PT_P | PT_SOFT62), 0);  /* untyped: plain write */
	CHECK_EQ(pt_pin(1, f), 0);
	CHECK_EQ(pt_unpin(f), 0);
	printf("accepted: bit 62 in new, live and pinned L1 entries, read back as written\n");

	/* it grants nothing */
	frame_save(l1, saved);
	expect_rc("writable mapping of the live L1, bit 62",
		  pt_map_mfn(probe, l1, PT_P | PT_RW | PT_A | PT_SOFT62), -XEN_EBUSY);
	expect_rc("writable mapping of the live L2, bit 62 (mmu_update)",
		  pt_update(probe_ma, (l2 << 12) | PT_P | PT_RW | PT_SOFT62), -XEN_EBUSY);
	CHECK_EQ(pt_map_mfn(probe, l2, PT_P | PT_A), 0);
	uint64_t ro = pt_entry(probe, 1);
	expect_rc("RW and bit 62 added to a read-only view of the L2",
		  pt_update(probe_ma, ro | PT_RW | PT_SOFT62), -XEN_EBUSY);
	CHECK_EQ(pt_entry(probe, 1), ro);
	CHECK_EQ(pt_map_mfn(probe, 0, 0), 0);
	expect_rc("writable mapping of the current L4, bit 62",
		  pt_map_mfn(probe, pt_cr3_mfn(), PT_P | PT_RW | PT_SOFT62), -XEN_EBUSY);
	CHECK_EQ(pt_update(pt_maddr(f, 9), (l2 << 12) | PT_P | PT_RW | PT_SOFT62), 0);
	expect_rc("pin of an L1 mapping the L2 writable with bit 62", pt_pin(1, f), -XEN_EBUSY);
	expect_untyped("the refused L1", f);
	CHECK(!(pt_entry(probe, 1) & PT_P), "the probe address got mapped");
	expect_table_same("live L1", l1, saved);
	expect_typed("live L1", l1);
	expect_typed("live L2", l2);
	printf("refused as documented (-EBUSY): bit 62 maps no page table writable\n");
	attack_hv_alive();
	test_pass();
}
