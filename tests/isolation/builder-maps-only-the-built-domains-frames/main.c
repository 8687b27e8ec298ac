/*
 * Rule: a toolstack that names the domain it builds as the page owner of
 * its page-table requests (mmu_update, update_va_mapping_otherdomain and
 * mmuext_op with foreigndom, as Xen's privcmd and libxc use them) reaches
 * that domain's frames only, and only as that domain's page-table rules
 * allow; a frame it still maps outlives the domain and comes back when the
 * mapping goes.  The initial domain loads a copy of itself (toolstack_load:
 * its L4 pinned) and, naming it as the page owner:
 *   - maps a frame of its own, read-only or writable, through mmu_update or
 *     update_va_mapping_otherdomain: -EBUSY (not the domain's frame);
 *   - maps the domain's pinned L4 writable: -EBUSY (a page table is never
 *     writable); read-only: accepted;
 *   - sets the M2P entry of a frame of its own: -EINVAL; of the domain's
 *     own frame: accepted;
 *   - pins a frame of its own for the domain: -EINVAL; pins the domain's
 *     L4 a second time: -EINVAL (pins do not nest);
 * then maps the domain's xenstore page writable, destroys the domain (gone,
 * or in Xen listed as dying), finds the page still holding what it wrote
 * (it went to nobody else, free memory stays below where it started), and
 * unmaps it: free memory is back.
 * Xen 4.17 answers the same (oracle).
 */
#include "attack.h"
#include "peer.h"
#include "toolstack.h"

#define PEER_KIB 4096
#define TIMEOUT_NS 5000000000ull
#define MARK 0x5eedf00dcafe1234ull

int main(void)
{
	CHECK(is_initial_domain(), "this kernel's copies are never started");
	events_init();
	uint64_t before = free_pages_now();
	struct toolstack_built t;
	domid_t d = toolstack_peer_load("never-started", PEER_KIB, 1, &t);
	uint64_t probe_va = pt_probe_va(), probe = pt_entry_maddr(probe_va, 1);
	uint64_t own = pt_mfn(pt_alloc());

	const uint64_t flags[] = { PT_P | PT_A, PT_P | PT_RW | PT_A };
	for (unsigned i = 0; i < 2; i++) {
		expect_rc("mmu_update mapping the builder's frame as the domain's",
			  pt_update_fd(probe, (own << 12) | flags[i], d), -XEN_EBUSY);
		expect_rc("update_va_mapping_otherdomain of the builder's frame as the domain's",
			  HYPERVISOR_update_va_mapping_otherdomain(probe_va, (own << 12) | flags[i], UVMF_INVLPG, d),
			  -XEN_EBUSY);
	}
	expect_rc("the domain's pinned L4 mapped writable", pt_update_fd(probe, (t.l4_mfn << 12) | flags[1], d),
		  -XEN_EBUSY);
	expect_rc("the domain's pinned L4 mapped read-only", pt_update_fd(probe, (t.l4_mfn << 12) | flags[0], d), 0);
	CHECK_EQ(pt_update(probe, 0), 0);
	expect_rc("M2P entry of the builder's frame as the domain's",
		  pt_update_fd((own << 12) | MMU_MACHPHYS_UPDATE, 7, d), -XEN_EINVAL);
	uint64_t store_pfn = pt_pfn(t.store_mfn);
	expect_rc("M2P entry of the domain's frame", pt_update_fd((t.store_mfn << 12) | MMU_MACHPHYS_UPDATE,
								  store_pfn, d), 0);
	CHECK_EQ(pt_pfn(t.store_mfn), store_pfn);
	for (unsigned level = 1; level <= 4; level++)
		expect_rc("pin of the builder's frame for the domain", mmuext_fd(level - 1, own, 0, d), -XEN_EINVAL);
	expect_rc("a second pin of the domain's L4", mmuext_fd(MMUEXT_PIN_L4_TABLE, t.l4_mfn, 0, d), -XEN_EINVAL);
	expect_untyped("the builder's frame", own);
	printf("refused as documented: frames not the domain's, and its L4 writable\n");

	CHECK_EQ(pt_update_fd(probe, (t.store_mfn << 12) | flags[1], d), 0);
	CHECK_EQ(mmuext(MMUEXT_INVLPG_LOCAL, probe_va, 0), 0);
	volatile uint64_t *page = (volatile uint64_t *)probe_va;
	page[0] = MARK;
	CHECK_EQ(toolstack_destroy(d), 0);
	struct xen_domctl_getdomaininfo info;            /* Xen lists it as dying until the frame goes */
	bool listed = domctl_getinfo(d, &info) == 0 && info.domain == d;
	CHECK(!listed || (info.flags & XEN_DOMINF_dying), "d%u survived its destroy", d);
	uint64_t held = free_pages_now();
	CHECK(held < before, "free pages %lu with a frame of the dead domain mapped, %lu before", held, before);
	CHECK(page[0] == MARK, "the dead domain's mapped frame changed: %lx", page[0]);
	CHECK_EQ(pt_update(probe, 0), 0);
	CHECK_EQ(mmuext(MMUEXT_INVLPG_LOCAL, probe_va, 0), 0);
	uint64_t after = free_pages_back_to(before, TIMEOUT_NS);
	printf("a frame still mapped kept the dead domain's memory at %lu free pages; unmapped: %lu, as before\n",
	       held, after);
	CHECK(after == before, "free pages: %lu before, %lu after", before, after);
	attack_hv_alive();
	test_pass();
}
