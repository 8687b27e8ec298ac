/*
 * Rule: the hypervisor follows guest pointers only into guest space
 * (xen-pv-abi.md 2.2, 9.12.1 "reqs not readable: -EFAULT"): a request array
 * (mmu_update, mmuext_op, multicall, set_gdt's frame list) or a vCPU
 * bitmap in the hypervisor's range gets -EFAULT.  An array that starts in
 * guest space and runs out of it is read element by element, as in Xen
 * 4.17: the elements in guest space run, the first one beyond gives
 * -EFAULT, and *pdone (or the multicall results) say how far it got.  The nastiest
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
#include "public/version.h"

#define DIRECTMAP 0xFFFF830000000000ull         /* the hypervisor's direct map (kernel layout.h) */
#define EDGE      0x00007FFFFFFFF000ull         /* the last page below 2^47 */

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
	/* A bad update_va_mapping bitmap fails after the update (Xen's order): the entry is written. */
	uint64_t data = pt_alloc();
	CHECK_EQ(HYPERVISOR_update_va_mapping(pt_probe_va(), (pt_mfn(data) << 12) | PT_P | PT_A,
					      UVMF_INVLPG | MACH2PHYS_VIRT_START), -XEN_EFAULT);
	CHECK_EQ(PT_MFN(pt_entry(pt_probe_va(), 1)), pt_mfn(data));
	CHECK_EQ(pt_map_mfn(pt_probe_va(), 0, 0), 0);
	expect_table_same("the L1", l1, saved);

	/* Arrays that start in guest space and run out of it at 2^47: the page
	   below holds 256 no-op requests (or 64 multicall entries). */
	long version = xen_version_reported();
	CHECK_EQ(pt_ensure_l1(EDGE), 0);
	CHECK_EQ(pt_map_mfn(EDGE, pt_mfn(pt_alloc()), PT_P | PT_RW | PT_A), 0);
	struct mmu_update *reqs = (struct mmu_update *)EDGE;
	for (unsigned i = 0; i < 4096 / sizeof(*reqs); i++)
		reqs[i] = noop;
	unsigned done = 99;
	expect_rc("mmu_update array crossing 2^47", HYPERVISOR_mmu_update(reqs, 0x10000000, &done, DOMID_SELF),
		  -XEN_EFAULT);
	CHECK_EQ(done, 4096 / sizeof(*reqs));
	struct multicall_entry *m = (struct multicall_entry *)EDGE;
	for (unsigned i = 0; i < 4096 / sizeof(*m); i++)
		m[i] = (struct multicall_entry){ .op = __HYPERVISOR_xen_version, .result = -1, .args = { XENVER_version } };
	expect_rc("multicall list crossing 2^47", HYPERVISOR_multicall(m, 1ull << 26), -XEN_EFAULT);
	for (unsigned i = 0; i < 4096 / sizeof(*m); i++)
		CHECK_EQ(m[i].result, version);
	CHECK_EQ(pt_map_mfn(EDGE, 0, 0), 0);

	attack_hv_alive();
	test_pass();
}
