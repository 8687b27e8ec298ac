/*
 * Rule: an entry takes a type reference of the level below on its target
 * (xen-pv-abi.md 9.4), so a table of one level cannot be used as a table of
 * another: an L2 entry pointing at an L3, L4 or at another L2 with RW, an L3
 * entry pointing at an L1 or L3 with RW, and an L4 entry pointing at an L2
 * are refused (-EINVAL); pinning an L2 as an L1 is refused (-EINVAL).  The
 * one same-level use Xen allows, a read-only linear L2 entry, is accepted,
 * but update_va_mapping through it is refused (-EINVAL: the walk lands on an
 * L2, not an L1).  Afterwards the tables are unchanged and still typed.
 */
#include "attack.h"

#define SLOT 333

static struct live_tables lt;

int main(void)
{
	const uint64_t *t = lt.mfn;
	live_tables_save(&lt);
	uint64_t other_l2 = pt_mfn(pt_alloc()), other_l1 = pt_mfn(pt_alloc());
	CHECK_EQ(pt_pin(2, other_l2), 0);
	CHECK_EQ(pt_pin(1, other_l1), 0);

	expect_rc("L2 entry -> L3", pt_update(pt_maddr(t[2], SLOT), (t[3] << 12) | PT_UPPER), -XEN_EINVAL);
	expect_rc("L2 entry -> L3, read-only", pt_update(pt_maddr(t[2], SLOT), (t[3] << 12) | PT_P), -XEN_EINVAL);
	expect_rc("L2 entry -> L4", pt_update(pt_maddr(t[2], SLOT), (t[4] << 12) | PT_UPPER), -XEN_EINVAL);
	expect_rc("L2 entry -> another L2, writable", pt_update(pt_maddr(t[2], SLOT), (other_l2 << 12) | PT_UPPER),
		  -XEN_EINVAL);
	expect_rc("L3 entry -> L1", pt_update(pt_maddr(t[3], SLOT), (other_l1 << 12) | PT_UPPER), -XEN_EINVAL);
	expect_rc("L3 entry -> L3 (itself), writable", pt_update(pt_maddr(t[3], SLOT), (t[3] << 12) | PT_UPPER),
		  -XEN_EINVAL);
	expect_rc("L4 entry -> L2", pt_update(pt_maddr(t[4], 50), (t[2] << 12) | PT_UPPER), -XEN_EINVAL);
	expect_rc("L4 entry -> L1", pt_update(pt_maddr(t[4], 50), (t[1] << 12) | PT_UPPER), -XEN_EINVAL);
	expect_rc("pin of an L2 as an L1", pt_pin(1, t[2]), -XEN_EINVAL);
	expect_rc("pin of a pinned L2 as an L1", pt_pin(1, other_l2), -XEN_EINVAL);

	/* Read-only same-level (linear) is Xen's one exception; the L2 then is no L1 to a walk. */
	CHECK_EQ(pt_update(pt_maddr(t[2], SLOT), (other_l2 << 12) | PT_P), 0);
	expect_rc("update_va_mapping through a linear L2 entry",
		  HYPERVISOR_update_va_mapping(pt_va(511, 510, SLOT, 0), (pt_mfn(0) << 12) | PT_P, UVMF_INVLPG),
		  -XEN_EINVAL);
	CHECK_EQ(pt_update(pt_maddr(t[2], SLOT), 0), 0);
	CHECK_EQ(frame_view(other_l2)[0], 0);

	live_tables_check("live table", &lt);
	expect_typed("the other L2", other_l2);
	CHECK_EQ(pt_unpin(other_l2), 0);
	CHECK_EQ(pt_unpin(other_l1), 0);
	expect_untyped("the other L2 after its unpin", other_l2);
	attack_hv_alive();
	test_pass();
}
