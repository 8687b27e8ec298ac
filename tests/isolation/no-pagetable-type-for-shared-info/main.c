/*
 * Rule: the shared_info page is written by the hypervisor and mapped
 * writable by the guest, so it can never become a page table, a descriptor
 * page or anything the hypervisor scribbles on for the guest (xen-pv-abi.md
 * 9.2 rule 2): pinning it at any level, hooking it into an L2 as an L1,
 * installing it as a base pointer, making it a GDT page (-EINVAL),
 * CLEAR_PAGE and COPY_PAGE onto it (-EINVAL) and mapping it with cache
 * attributes (-EINVAL) are refused.  It maps writable and read-only as
 * usual, and afterwards the hypervisor still writes it (the vCPU's upcall
 * mask the builder set reads 1) and answers.
 */
#include "attack.h"

int main(void)
{
	uint64_t si = start_info->shared_info >> 12, other = pt_mfn(pt_alloc());
	CHECK_EQ(pt_map_mfn(pt_probe_va(), si, PT_P | PT_RW | PT_A), 0);
	volatile struct shared_info *s = (volatile struct shared_info *)pt_probe_va();
	CHECK_EQ(s->vcpu_info[0].evtchn_upcall_mask, 1);
	s->arch.max_pfn = 0x1234;               /* guest-maintained field */

	for (unsigned level = 1; level <= 4; level++)
		expect_rc("pin of shared_info", pt_pin(level, si), -XEN_EINVAL);
	expect_rc("L2 entry to shared_info", pt_update(pt_maddr(pt_table_mfn(VIRT_BASE, 2), 444), (si << 12) | PT_UPPER),
		  -XEN_EINVAL);
	expect_rc("NEW_BASEPTR to shared_info", mmuext(MMUEXT_NEW_BASEPTR, si, 0), -XEN_EINVAL);
	expect_rc("set_gdt with shared_info", HYPERVISOR_set_gdt(&si, 8), -XEN_EINVAL);
	expect_rc("CLEAR_PAGE of shared_info", mmuext(MMUEXT_CLEAR_PAGE, si, 0), -XEN_EINVAL);
	expect_rc("COPY_PAGE onto shared_info", mmuext(MMUEXT_COPY_PAGE, si, other), -XEN_EINVAL);
	expect_rc("mapping shared_info uncached",
		  pt_map_mfn(pt_probe_va() - 4096, si, PT_P | PT_RW | PT_PCD | PT_PWT), -XEN_EINVAL);

	CHECK_EQ(s->arch.max_pfn, 0x1234);
	CHECK_EQ(s->vcpu_info[0].evtchn_upcall_mask, 1);
	s->arch.max_pfn = 0;
	CHECK_EQ(pt_map_mfn(pt_probe_va(), si, PT_P | PT_A), 0);
	CHECK_EQ(s->vcpu_info[0].evtchn_upcall_mask, 1);
	CHECK_EQ(pt_map_mfn(pt_probe_va(), 0, 0), 0);
	attack_hv_alive();
	test_pass();
}
