/*
 * Rule: a frame that is mapped writable anywhere can never become a page
 * table or a descriptor page (xen-pv-abi.md 9.2 rule 2, 9.3): pinning it at
 * any level, hooking it into an L2 entry as an L1, installing it as a base
 * pointer and making it a GDT page are all refused (-EINVAL), whatever it
 * contains.  Afterwards it is still ordinary writable memory holding what
 * the guest wrote; once its writable mapping is gone it can become a table.
 */
#include "attack.h"

int main(void)
{
	uint64_t pfn = pt_alloc(), mfn = pt_mfn(pfn), l4 = pt_cr3_mfn();
	volatile uint64_t *p = (volatile uint64_t *)pt_pfn_va(pfn);
	CHECK_EQ(pt_map(pfn, PT_P | PT_RW | PT_A), 0);
	for (unsigned i = 0; i < 512; i++)
		p[i] = 0;               /* empty: a valid table at every level */
	p[3] = 0x600;                   /* non-present, no address: harmless */

	for (unsigned level = 1; level <= 4; level++)
		expect_rc("pin of a writably mapped frame", pt_pin(level, mfn), -XEN_EINVAL);
	uint64_t hook = pt_maddr(pt_table_mfn(VIRT_BASE, 2), 500);
	expect_rc("L2 entry to a writably mapped frame", pt_update(hook, (mfn << 12) | PT_UPPER), -XEN_EINVAL);
	expect_rc("NEW_BASEPTR to a writably mapped frame", mmuext(MMUEXT_NEW_BASEPTR, mfn, 0), -XEN_EINVAL);
	expect_rc("NEW_USER_BASEPTR to a writably mapped frame", mmuext(MMUEXT_NEW_USER_BASEPTR, mfn, 0),
		  -XEN_EINVAL);
	expect_rc("set_gdt with a writably mapped frame", HYPERVISOR_set_gdt(&mfn, 16), -XEN_EINVAL);

	/* Nothing changed: still mapped writable, contents as written, the L2 slot empty. */
	CHECK_EQ(pt_entry(pt_pfn_va(pfn), 1) & PT_RW, PT_RW);
	CHECK_EQ(p[3], 0x600);
	p[4] = 0x400;
	CHECK_EQ(p[4], 0x400);
	CHECK_EQ(pt_table(hook >> 12)[500], 0);
	CHECK_EQ(pt_cr3_mfn(), l4);

	/* Without the writable mapping it may become a table (contents are non-present entries). */
	CHECK_EQ(pt_map(pfn, 0), 0);
	CHECK_EQ(pt_pin(1, mfn), 0);
	expect_typed("the frame pinned after its writable mapping went", mfn);
	CHECK_EQ(pt_unpin(mfn), 0);
	attack_hv_alive();
	test_pass();
}
