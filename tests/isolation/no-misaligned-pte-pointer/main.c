/*
 * Rule: an mmu_update pointer is never a misaligned entry address: its low
 * three bits are the command (xen-pv-abi.md 9.12.1), so the entry written is
 * always 8-byte aligned, and commands 4-7 do not exist (-ENOSYS), whatever
 * frame the pointer names.  Pointers into an own live L1 entry with the low
 * bits 4-7 are refused with -ENOSYS and the entry is unchanged; the same with
 * the pointer inside a hypervisor frame.  A pointer into a frame the guest
 * does not own is refused (-EINVAL) for every real command, at every offset.
 * "Misaligned by 1" selects MMU_MACHPHYS_UPDATE, which changes the M2P entry
 * of the guest's own frame and nothing else (restored afterwards).
 */
#include "attack.h"

int main(void)
{
	static uint64_t saved[512];
	uint64_t l1 = pt_table_mfn(VIRT_BASE, 1), data = pt_alloc();
	CHECK_EQ(pt_map(data, PT_P | PT_RW | PT_A), 0);
	uint64_t entry = pt_entry_maddr(pt_pfn_va(data), 1), live = pt_entry(pt_pfn_va(data), 1);
	frame_save(pt_table_mfn(pt_pfn_va(data), 1), saved);
	for (unsigned low = 4; low < 8; low++) {
		uint64_t vals[] = { 0, live | PT_RW, (l1 << 12) | PT_P | PT_RW };
		for (unsigned v = 0; v < ARRAY_SIZE(vals); v++) {
			long rc = pt_update(entry | low, vals[v]);
			if (rc != -XEN_ENOSYS)
				test_fail("ptr 0x%lx: %ld, expected -ENOSYS", entry | low, rc);
			rc = pt_update((0x100ull << 12) + 16 + low, vals[v]);
			if (rc != -XEN_ENOSYS)
				test_fail("ptr 0x%lx (hypervisor frame): %ld, expected -ENOSYS", (uint64_t)(0x100 << 12) + 16 + low, rc);
		}
	}
	printf("refused as documented (-ENOSYS): pointers whose low bits select commands 4-7\n");
	CHECK_EQ(pt_entry(pt_pfn_va(data), 1), live);
	expect_table_same("the L1 after -ENOSYS", pt_table_mfn(pt_pfn_va(data), 1), saved);

	uint64_t hv_l3 = PT_MFN(pt_table(pt_cr3_mfn())[261]);
	for (unsigned off = 0; off < 64; off++)
		for (unsigned cmd = 0; cmd < 4; cmd++) {
			uint64_t ptr = (hv_l3 << 12) + off * 8 + cmd;
			long rc = pt_update(ptr, (pt_mfn(0) << 12) | PT_P | PT_RW | PT_US);
			if (rc != -XEN_EINVAL)
				test_fail("ptr 0x%lx into a hypervisor page table: %ld, expected -EINVAL", ptr, rc);
		}
	printf("refused as documented (-EINVAL): pointers into a hypervisor page table, every command\n");

	/* entry + 1: the machphys update of the L1 frame itself. */
	uint64_t l1mfn = entry >> 12, pfn = pt_pfn(l1mfn);
	CHECK_EQ(pt_update(entry + 1, 0x1234), 0);
	uint64_t changed = M2P[l1mfn];
	CHECK_EQ(pt_update((l1mfn << 12) | MMU_MACHPHYS_UPDATE, pfn), 0);    /* pt_entry needs it back */
	CHECK_EQ(changed, 0x1234);
	CHECK_EQ(M2P[l1mfn], pfn);
	CHECK_EQ(pt_entry(pt_pfn_va(data), 1), live);
	expect_typed("the L1", l1mfn);
	attack_hv_alive();
	test_pass();
}
