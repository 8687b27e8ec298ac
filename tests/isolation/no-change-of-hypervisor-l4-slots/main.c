/*
 * Rule: L4 slots 256-271 are the hypervisor's in every L4 and no guest
 * request changes them (xen-pv-abi.md 9.9).  For each slot of the live L4,
 * mmu_update with every page-table command and several values (clear it,
 * rewrite its own value, point it at a guest L3, a read-only self-map) is
 * refused with -EINVAL; the same holds for a pinned L4 that is not in use.
 * A fresh L4 written with garbage in those slots before it is pinned gets
 * the hypervisor's entries on validation (a slot that maps the live L4 onto
 * itself, Xen's linear page-table slot, maps the new L4 onto itself).  Afterwards the live L4 is
 * unchanged, the M2P in slot 256 still reads, and the hypervisor answers.
 */
#include "attack.h"

static uint64_t saved[512];

int main(void)
{
	uint64_t l4 = pt_cr3_mfn(), l3 = pt_mfn(pt_alloc()), other = pt_mfn(pt_alloc());
	CHECK_EQ(pt_pin(3, l3), 0);
	/* Garbage where the hypervisor's slots go, written while the frame is untyped. */
	for (unsigned s = HYPERVISOR_L4_FIRST; s <= HYPERVISOR_L4_LAST; s++)
		CHECK_EQ(pt_update(pt_maddr(other, s), (s == 258 ? other : l3) << 12 | PT_UPPER), 0);
	CHECK_EQ(pt_pin(4, other), 0);
	frame_save(l4, saved);
	for (unsigned s = HYPERVISOR_L4_FIRST; s <= HYPERVISOR_L4_LAST; s++) {
		uint64_t vals[] = { 0, saved[s], (l3 << 12) | PT_UPPER, (l4 << 12) | PT_P, saved[s] | PT_RW };
		for (unsigned v = 0; v < ARRAY_SIZE(vals); v++)
			for (unsigned cmd = 0; cmd < 4; cmd++) {
				if (cmd == MMU_MACHPHYS_UPDATE)
					continue;
				long rc = pt_update(pt_maddr(l4, s) | cmd, vals[v]);
				if (rc != -XEN_EINVAL)
					test_fail("live L4 slot %u := 0x%lx (cmd %u): %ld, expected -EINVAL", s, vals[v],
						  cmd, rc);
				rc = pt_update(pt_maddr(other, s) | cmd, vals[v]);
				if (rc != -XEN_EINVAL)
					test_fail("pinned L4 slot %u := 0x%lx (cmd %u): %ld, expected -EINVAL", s,
						  vals[v], cmd, rc);
			}
	}
	printf("refused as documented (-EINVAL): every update of slots 256-271\n");
	/* The guest slots next to them are the guest's. */
	CHECK_EQ(pt_update(pt_maddr(l4, 255), (l3 << 12) | PT_UPPER), 0);
	CHECK_EQ(pt_update(pt_maddr(l4, 272), (l4 << 12) | PT_P), 0);
	CHECK_EQ(pt_update(pt_maddr(l4, 255), 0), 0);
	CHECK_EQ(pt_update(pt_maddr(l4, 272), 0), 0);
	expect_table_same("live L4", l4, saved);

	/* Validation replaced the garbage by the hypervisor's entries (slot 256, the M2P, is
	   filled only when an L4 becomes a kernel base pointer). */
	CHECK_EQ(frame_view(other)[HYPERVISOR_L4_FIRST], 0);
	expect_hv_slots("the pinned L4", other, HYPERVISOR_L4_FIRST + 1, l4, saved);
	CHECK_EQ(M2P[l4], pt_pfn(l4));
	CHECK_EQ(M2P[pt_mfn(0)], 0);
	CHECK_EQ(pt_unpin(other), 0);
	CHECK_EQ(pt_unpin(l3), 0);
	expect_untyped("the other L4 after the unpin", other);
	expect_typed("the live L4", l4);
	attack_hv_alive();
	test_pass();
}
