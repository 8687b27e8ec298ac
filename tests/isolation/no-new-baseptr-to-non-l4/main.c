/*
 * Rule: only a frame that can be a validated L4 of the caller becomes a base
 * pointer (xen-pv-abi.md 9.12.8): NEW_BASEPTR and NEW_USER_BASEPTR naming the
 * live L1, L2 or L3, a writably mapped page, the shared_info page, a frame
 * whose contents are not a valid L4, a hypervisor frame, MFN 0 (kernel) or
 * a frame past RAM are refused with -EINVAL, and the guest keeps running on
 * its L4.  Afterwards the refused frames keep their types and contents, and
 * a valid fresh L4 is accepted as the user base pointer (positive control,
 * then dropped).
 */
#include "attack.h"

int main(void)
{
	static uint64_t saved[512];
	uint64_t l4 = pt_cr3_mfn(), data = pt_alloc(), junk = pt_mfn(pt_alloc());
	CHECK_EQ(pt_map(data, PT_P | PT_RW | PT_A), 0);
	/* Not a valid L4: a writable entry pointing at the writably mapped page as an L3. */
	CHECK_EQ(pt_update(pt_maddr(junk, 3), (pt_mfn(data) << 12) | PT_UPPER), 0);
	frame_save(junk, saved);
	const struct { const char *what; uint64_t mfn; } t[] = {
		{ "live L1", pt_table_mfn(VIRT_BASE, 1) }, { "live L2", pt_table_mfn(VIRT_BASE, 2) },
		{ "live L3", pt_table_mfn(VIRT_BASE, 3) }, { "writably mapped page", pt_mfn(data) },
		{ "shared_info", start_info->shared_info >> 12 }, { "invalid L4", junk },
		{ "hypervisor frame", 0x100 }, { "frame past RAM", 1ull << 30 },
	};
	for (unsigned i = 0; i < ARRAY_SIZE(t); i++) {
		printf("%s: frame %lx\n", t[i].what, t[i].mfn);
		expect_rc("NEW_BASEPTR", mmuext(MMUEXT_NEW_BASEPTR, t[i].mfn, 0), -XEN_EINVAL);
		expect_rc("NEW_USER_BASEPTR", mmuext(MMUEXT_NEW_USER_BASEPTR, t[i].mfn, 0), -XEN_EINVAL);
		CHECK_EQ(pt_cr3_mfn(), l4);
	}
	expect_rc("NEW_BASEPTR to MFN 0", mmuext(MMUEXT_NEW_BASEPTR, 0, 0), -XEN_EINVAL);
	for (unsigned level = 1; level <= 3; level++)
		expect_typed("live table", pt_table_mfn(VIRT_BASE, level));
	*(volatile uint64_t *)pt_pfn_va(data) = 1;      /* still writable */
	expect_table_same("the invalid L4", junk, saved);
	expect_untyped("the invalid L4", junk);

	uint64_t fresh = pt_mfn(pt_alloc());
	CHECK_EQ(mmuext(MMUEXT_NEW_USER_BASEPTR, fresh, 0), 0);
	expect_typed("the user L4", fresh);
	CHECK_EQ(mmuext(MMUEXT_NEW_USER_BASEPTR, 0, 0), 0);
	expect_untyped("the dropped user L4", fresh);
	CHECK_EQ(mmuext(MMUEXT_NEW_BASEPTR, l4, 0), 0);         /* re-installing the current one is fine */
	attack_hv_alive();
	test_pass();
}
