/*
 * Rule: only a pinned table can be unpinned (xen-pv-abi.md 9.12.2
 * UNPIN_TABLE: not pinned or not owned, -EINVAL), and an MFN is
 * range-checked before it indexes the frame table (XSA-167).  Unpinning the
 * live L1, L2 and L3 (in use, never pinned), an untyped frame, a hypervisor
 * frame, MFN 0 and MFNs far beyond memory is refused with -EINVAL; the live
 * tables keep their type and contents and the hypervisor answers.
 */
#include "attack.h"

static struct live_tables lt;

int main(void)
{
	live_tables_save(&lt);
	for (unsigned level = 1; level <= 3; level++)
		expect_rc("unpin of a live table that is not pinned", pt_unpin(lt.mfn[level]), -XEN_EINVAL);
	expect_rc("unpin of an untyped frame", pt_unpin(pt_mfn(pt_alloc())), -XEN_EINVAL);
	expect_rc("unpin of the hypervisor's frame 0x100", pt_unpin(0x100), -XEN_EINVAL);
	expect_rc("unpin of MFN 0", pt_unpin(0), -XEN_EINVAL);
	expect_rc("unpin of MFN 2^40", pt_unpin(1ull << 40), -XEN_EINVAL);
	expect_rc("unpin of MFN ~0", pt_unpin(~0ull), -XEN_EINVAL);
	live_tables_check("live table", &lt);
	attack_hv_alive();
	test_pass();
}
