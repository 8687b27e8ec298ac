/*
 * Rule: the shared_info page is written by the hypervisor and mapped
 * writable by the guest, so it can never become a page table or a
 * descriptor page (xen-pv-abi.md 9.2 rule 2): pinning it at any level,
 * hooking it into an L2 as an L1, installing it as a base pointer and making
 * it a GDT page are refused (-EINVAL).  It is otherwise an ordinary
 * writable page of the domain, as in Xen 4.17: it maps writable and
 * read-only, and CLEAR_PAGE and COPY_PAGE onto it succeed (the guest could
 * write it anyway; a copy saved first is copied back), after which it still
 * refuses every table type.  A mapping of it with cache attributes is
 * refused: -EINVAL for a domain that may not use cache attributes at all
 * (Umbra's initial domain), -EACCES for one that may (Xen's dom0, which
 * holds I/O-memory permission: a page the hypervisor shares keeps its
 * caching).  Afterwards the hypervisor still writes it (the vCPU's upcall
 * mask the builder set reads 1) and answers.
 */
#include "attack.h"

static void refuses_table_types(const char *when, uint64_t si)
{
	for (unsigned level = 1; level <= 4; level++)
		expect_rc(when, pt_pin(level, si), -XEN_EINVAL);
	expect_rc(when, pt_update(pt_maddr(pt_table_mfn(VIRT_BASE, 2), 444), (si << 12) | PT_UPPER),
		  -XEN_EINVAL);
	expect_rc(when, mmuext(MMUEXT_NEW_BASEPTR, si, 0), -XEN_EINVAL);
	expect_rc(when, HYPERVISOR_set_gdt(&si, 8), -XEN_EINVAL);
}

int main(void)
{
	uint64_t si = start_info->shared_info >> 12, save = pt_mfn(pt_alloc()), own = pt_alloc();
	CHECK_EQ(pt_map_mfn(pt_probe_va(), si, PT_P | PT_RW | PT_A), 0);
	volatile struct shared_info *s = (volatile struct shared_info *)pt_probe_va();
	CHECK_EQ(s->vcpu_info[0].evtchn_upcall_mask, 1);
	s->arch.max_pfn = 0x1234;               /* guest-maintained field */

	refuses_table_types("shared_info as a table", si);

	CHECK_EQ(mmuext(MMUEXT_COPY_PAGE, save, si), 0);
	CHECK_EQ(mmuext(MMUEXT_CLEAR_PAGE, si, 0), 0);
	bool cleared = s->arch.max_pfn == 0 && s->vcpu_info[0].evtchn_upcall_mask == 0;
	CHECK_EQ(mmuext(MMUEXT_COPY_PAGE, si, save), 0);
	CHECK(cleared, "CLEAR_PAGE of shared_info left max_pfn 0x%lx", s->arch.max_pfn);
	CHECK_EQ(s->arch.max_pfn, 0x1234);
	CHECK_EQ(s->vcpu_info[0].evtchn_upcall_mask, 1);
	refuses_table_types("shared_info as a table after CLEAR_PAGE and COPY_PAGE", si);
	printf("CLEAR_PAGE and COPY_PAGE onto shared_info: done, it is still no table\n");

	long own_uc = pt_map(own, PT_P | PT_RW | PT_PCD | PT_PWT);
	CHECK(own_uc == 0 || own_uc == -XEN_EINVAL, "an own page mapped uncached: %ld", own_uc);
	CHECK_EQ(pt_map(own, 0), 0);
	expect_rc("mapping shared_info uncached", pt_map_mfn(pt_probe_va() - 4096, si, PT_P | PT_RW | PT_PCD | PT_PWT),
		  own_uc ? -XEN_EINVAL : -XEN_EACCES);
	printf("mapping shared_info uncached: %s\n", own_uc ? "no cache attributes for this domain (-EINVAL)"
							    : "not for a page the hypervisor shares (-EACCES)");

	CHECK_EQ(s->arch.max_pfn, 0x1234);
	CHECK_EQ(s->vcpu_info[0].evtchn_upcall_mask, 1);
	s->arch.max_pfn = 0;
	CHECK_EQ(pt_map_mfn(pt_probe_va(), si, PT_P | PT_A), 0);
	CHECK_EQ(s->vcpu_info[0].evtchn_upcall_mask, 1);
	CHECK_EQ(pt_map_mfn(pt_probe_va(), 0, 0), 0);
	attack_hv_alive();
	test_pass();
}
