/*
 * Rule: PTE bit 62 is Xen's grant-mapping marker and only the grant code
 * writes it (xen-pv-abi.md 9.5, 9.12.7): an L1 entry with bit 62 is refused
 * (-EINVAL) from update_va_mapping, from mmu_update on a new or a live entry
 * (where it would otherwise be an "available" bit the fast path lets
 * through), and from validation of a table being pinned.  The other
 * available high bits are the guest's (a positive control sets bit 55 on a
 * live entry).  Afterwards the live L1 is unchanged and typed.
 */
#include "attack.h"

int main(void)
{
	static uint64_t saved[512];
	uint64_t data = pt_alloc(), l1 = pt_table_mfn(VIRT_BASE, 1);
	CHECK_EQ(pt_map(data, PT_P | PT_RW | PT_A), 0);
	uint64_t live_va = pt_pfn_va(data), live = pt_entry(live_va, 1), live_ma = pt_entry_maddr(live_va, 1);
	frame_save(l1, saved);

	expect_rc("update_va_mapping with bit 62", pt_map_mfn(pt_probe_va(), pt_mfn(data), PT_P | PT_GNTTAB),
		  -XEN_EINVAL);
	expect_rc("update_va_mapping with bit 62, writable",
		  pt_map_mfn(pt_probe_va(), pt_mfn(data), PT_P | PT_RW | PT_A | PT_D | PT_GNTTAB), -XEN_EINVAL);
	expect_rc("bit 62 added to a live entry", pt_update(live_ma, live | PT_GNTTAB), -XEN_EINVAL);
	expect_rc("bit 62 added to a live entry (preserve A/D)",
		  pt_update(live_ma | MMU_PT_UPDATE_PRESERVE_AD, live | PT_GNTTAB), -XEN_EINVAL);
	expect_rc("bit 62 added to a live entry (update_va_mapping)",
		  HYPERVISOR_update_va_mapping(live_va, live | PT_GNTTAB, UVMF_INVLPG), -XEN_EINVAL);
	expect_rc("new entry with bit 62 and NX",
		  pt_update(pt_entry_maddr(pt_probe_va(), 1), (pt_mfn(data) << 12) | PT_P | PT_NX | PT_GNTTAB),
		  -XEN_EINVAL);
	uint64_t f = pt_mfn(pt_alloc());
	CHECK_EQ(pt_update(pt_maddr(f, 9), (pt_mfn(data) << 12) | PT_P | PT_GNTTAB), 0);   /* untyped */
	expect_rc("pin of an L1 holding bit 62", pt_pin(1, f), -XEN_EINVAL);
	expect_untyped("the refused L1", f);

	CHECK_EQ(pt_entry(live_va, 1), live);
	CHECK(!(pt_entry(pt_probe_va(), 1) & PT_P), "the probe address got mapped");
	*(volatile uint64_t *)live_va = 7;     /* still an ordinary writable mapping */
	expect_table_same("live L1", l1, saved);
	expect_typed("live L1", l1);
	/* Bit 55 is the guest's to use. */
	CHECK_EQ(pt_update(live_ma, live | (1ull << 55)), 0);
	CHECK_EQ(pt_entry(live_va, 1), live | (1ull << 55));
	attack_hv_alive();
	test_pass();
}
