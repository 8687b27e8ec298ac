/*
 * Rule: the hypervisor follows guest pointers only into guest space
 * (xen-pv-abi.md 2.2, 9.12.1 "reqs not readable: -EFAULT"): a request array
 * (mmu_update, mmuext_op, multicall, set_gdt's frame list) or a vCPU
 * bitmap in the hypervisor's range, or a request array whose length runs
 * past the end of guest space, gets -EFAULT.  The nastiest
 * target is the direct map of the guest's own page table: a done counter
 * written there would edit a live L1 behind the model's back.  Before an
 * array is refused nothing runs (*pdone untouched).  A done counter the
 * hypervisor cannot write is never written: Umbra fails the call with
 * -EFAULT (after the requests ran), Xen ignores it; both are accepted.  A
 * bad update_va_mapping bitmap fails the call after the entry was written
 * (9.12.3, as in Xen).
 * Afterwards the L1 is unchanged and the hypervisor answers.
 */
#include "attack.h"

#define DIRECTMAP 0xFFFF830000000000ull         /* the hypervisor's direct map (kernel layout.h) */

int main(void)
{
	static uint64_t saved[512];
	uint64_t l1 = pt_table_mfn(pt_probe_va(), 1), probe_idx = pt_index(pt_probe_va(), 1);
	const uint64_t bad[] = {
		MACH2PHYS_VIRT_START, 0xFFFF828000100000ull /* image */, DIRECTMAP + (l1 << 12) + 8 * probe_idx,
		HYPERVISOR_VIRT_END - 16, 0x0000800000000000ull, 0xFFFF7FFFFFFFFFF0ull,
	};
	uint64_t entry = pt_entry_maddr(pt_probe_va(), 1);
	struct mmu_update noop = { entry, 0 };          /* the probe entry stays empty */
	struct mmuext_op flush = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };
	frame_save(l1, saved);
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		unsigned done = 99;
		uint64_t a = bad[i];
		printf("buffer at 0x%lx\n", a);
		expect_rc("mmu_update requests", HYPERVISOR_mmu_update((void *)a, 1, &done, DOMID_SELF), -XEN_EFAULT);
		CHECK_EQ(done, 99);
		expect_rc("mmuext_op requests", HYPERVISOR_mmuext_op((void *)a, 1, &done, DOMID_SELF), -XEN_EFAULT);
		CHECK_EQ(done, 99);
		expect_rc("multicall list", HYPERVISOR_multicall((void *)a, 1), -XEN_EFAULT);
		expect_rc("set_gdt frame list", HYPERVISOR_set_gdt((void *)a, 1), -XEN_EFAULT);
		expect_done_counter_refused("mmu_update done counter, no requests",
					    HYPERVISOR_mmu_update(&noop, 0, (unsigned *)a, DOMID_SELF));
		expect_done_counter_refused("mmu_update done counter after a request",
					    HYPERVISOR_mmu_update(&noop, 1, (unsigned *)a, DOMID_SELF));
		expect_done_counter_refused("mmuext_op done counter",
					    HYPERVISOR_mmuext_op(&flush, 1, (unsigned *)a, DOMID_SELF));
		expect_rc("mmuext_op TLB_FLUSH_MULTI bitmap (-EINVAL per the ABI)",
			  mmuext(MMUEXT_TLB_FLUSH_MULTI, 0, a), -XEN_EINVAL);
		expect_rc("update_va_mapping vCPU bitmap (after the update)",
			  HYPERVISOR_update_va_mapping(pt_probe_va(), 0, UVMF_INVLPG | a), -XEN_EFAULT);
		expect_table_same("the L1 whose direct-map address was a target", l1, saved);
	}
	/* Arrays that start in guest space and run out of it. */
	unsigned done = 99;
	struct mmu_update *reqs = (struct mmu_update *)pt_pfn_va(0);
	expect_rc("mmu_update array wrapping past the top", HYPERVISOR_mmu_update(reqs, 0x10000000, &done, DOMID_SELF),
		  -XEN_EFAULT);
	expect_rc("mmu_update array crossing 2^47",
		  HYPERVISOR_mmu_update((void *)0x00007FFFFFFFFFF0ull, 2, &done, DOMID_SELF), -XEN_EFAULT);
	expect_rc("multicall list wrapping past the top", HYPERVISOR_multicall((void *)pt_pfn_va(0), 1ull << 26),
		  -XEN_EFAULT);
	CHECK_EQ(done, 99);

	/* A bad update_va_mapping bitmap fails after the update (Xen's order): the entry is written. */
	uint64_t data = pt_alloc();
	CHECK_EQ(HYPERVISOR_update_va_mapping(pt_probe_va(), (pt_mfn(data) << 12) | PT_P | PT_A,
					      UVMF_INVLPG | MACH2PHYS_VIRT_START), -XEN_EFAULT);
	CHECK_EQ(PT_MFN(pt_entry(pt_probe_va(), 1)), pt_mfn(data));
	CHECK_EQ(pt_map_mfn(pt_probe_va(), 0, 0), 0);
	expect_table_same("the L1", l1, saved);
	attack_hv_alive();
	test_pass();
}
