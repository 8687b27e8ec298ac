/*
 * Rule: a frame in use as a page table (L1, L2, L3 or L4) never gets a
 * writable mapping (xen-pv-abi.md 9.2 rule 2, 9.7 step 4).  For each level of
 * the live start-of-day tables, the guest asks for a writable mapping of the
 * table in every way a mapping can be made: update_va_mapping at a fresh
 * address, mmu_update of an L1 entry (normal and preserve-A/D commands), and
 * turning the table's existing read-only mapping writable.  Each is refused
 * with -EBUSY (Xen's error for a failed writable type reference).  Then
 * nothing changed: the table's contents are intact (read back through a
 * read-only mapping), it is still typed (a writable mapping is still
 * refused), a read-only mapping of it and a writable mapping of ordinary
 * memory still work, the hypervisor answers, and another domain still runs.
 */
#include "attack.h"

static uint64_t saved[512];

int main(void)
{
	pt_init();
	uint64_t data = pt_mfn(pt_alloc());
	for (unsigned level = 1; level <= 4; level++) {
		uint64_t mfn = pt_table_mfn(VIRT_BASE, level);
		uint64_t own_va = pt_pfn_va(pt_pfn(mfn));       /* its read-only mapping in the region */
		uint64_t own_entry = pt_entry(own_va, 1);
		uint64_t probe = pt_entry_maddr(pt_probe_va(), 1);
		uint64_t rw = (mfn << 12) | PT_P | PT_RW | PT_A;
		printf("L%u table: frame %lx, mapped read-only at %lx\n", level, mfn, own_va);
		CHECK(!(own_entry & PT_RW) && PT_MFN(own_entry) == mfn, "L%u: region entry 0x%lx", level, own_entry);
		frame_save(mfn, saved);

		expect_rc("update_va_mapping of a table, writable", pt_map_mfn(pt_probe_va(), mfn, PT_P | PT_RW | PT_A),
			  -XEN_EBUSY);
		expect_rc("mmu_update of an L1 entry to a table, writable", pt_update(probe, rw), -XEN_EBUSY);
		expect_rc("mmu_update (preserve A/D) of an L1 entry to a table, writable",
			  pt_update(probe | MMU_PT_UPDATE_PRESERVE_AD, rw), -XEN_EBUSY);
		expect_rc("mmu_update (no-translate) of an L1 entry to a table, writable",
			  pt_update(probe | MMU_PT_UPDATE_NO_TRANSLATE, rw), -XEN_EBUSY);
		expect_rc("the table's own read-only mapping made writable",
			  HYPERVISOR_update_va_mapping(own_va, own_entry | PT_RW, UVMF_INVLPG), -XEN_EBUSY);
		expect_rc("the table's own read-only mapping made writable (mmu_update)",
			  pt_update(pt_entry_maddr(own_va, 1), own_entry | PT_RW), -XEN_EBUSY);

		/* Nothing changed. */
		CHECK_EQ(pt_entry(own_va, 1), own_entry);
		CHECK(!(pt_entry(pt_probe_va(), 1) & PT_P), "L%u: the probe entry became present", level);
		expect_table_same("table after the attacks", mfn, saved);
		expect_typed("table after the attacks", mfn);
		CHECK_EQ(pt_map_mfn(pt_probe_va(), mfn, PT_P | PT_A), 0);   /* read-only is fine */
		CHECK_EQ(((volatile uint64_t *)pt_probe_va())[511], saved[511]);
		CHECK_EQ(pt_map_mfn(pt_probe_va(), 0, 0), 0);
		expect_untyped("ordinary memory", data);
	}
	attack_hv_alive();
	attack_watch_others();
	test_pass();
}
