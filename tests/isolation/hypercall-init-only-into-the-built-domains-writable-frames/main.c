/*
 * Rule: domctl hypercall_init writes the hypervisor's stubs only into a
 * frame of the domain named that may be written (Xen 4.17's checks: a frame
 * the domain does not own -EINVAL, one that cannot be typed writable
 * -EPERM).  The initial domain loads a copy of itself (toolstack_load: its
 * page tables built and its L4 pinned) and asks for the hypercall page in
 *   - a fresh frame of its own, and a frame beyond memory: -EINVAL, and its
 *     frame stays zero and untyped;
 *   - the domain's pinned L4 and one of its L1 tables: -EPERM, and both
 *     tables are unchanged;
 *   - the domain's xenstore page: accepted, the stubs are there.
 * Then the domain starts, runs and reports, and once destroyed free memory
 * is where it started.  Xen 4.17 answers the same (oracle).
 */
#include "attack.h"
#include "peer.h"
#include "toolstack.h"

#define PEER_KIB 4096

static uint64_t saved[512];

/* The built domain's table one level below `table` on the way to VIRT_BASE. */
static uint64_t next_table(domid_t d, uint64_t table, unsigned level)
{
	uint64_t e = foreign_view(d, table)[pt_index(VIRT_BASE, level)];
	CHECK(e & PT_P, "level %u entry for VIRT_BASE not present: %lx", level, e);
	return PT_MFN(e);
}

static void save(domid_t d, uint64_t mfn)
{
	const volatile uint64_t *p = foreign_view(d, mfn);
	for (unsigned i = 0; i < 512; i++)
		saved[i] = p[i];
}

static void unchanged(const char *what, domid_t d, uint64_t mfn)
{
	const volatile uint64_t *p = foreign_view(d, mfn);
	for (unsigned i = 0; i < 512; i++)
		CHECK(p[i] == saved[i], "%s: word %u is %lx, was %lx", what, i, p[i], saved[i]);
}

int main(void)
{
	if (!is_initial_domain())
		peer_report_and_block();
	events_init();
	uint64_t before = free_pages_now();
	struct toolstack_built t;
	domid_t d = toolstack_peer_load("report", PEER_KIB, 1, &t);

	uint64_t fresh = pt_mfn(pt_alloc());
	expect_rc("a frame of the builder", domctl_hypercall_page(d, fresh), -XEN_EINVAL);
	for (unsigned i = 0; i < 512; i++)
		CHECK(frame_view(fresh)[i] == 0, "the builder's frame was written: word %u", i);
	expect_untyped("the builder's frame", fresh);
	expect_rc("a frame beyond memory", domctl_hypercall_page(d, 1ull << 40), -XEN_EINVAL);

	save(d, t.l4_mfn);
	expect_rc("the domain's pinned L4", domctl_hypercall_page(d, t.l4_mfn), -XEN_EPERM);
	unchanged("the domain's L4", d, t.l4_mfn);
	uint64_t l1 = next_table(d, next_table(d, next_table(d, t.l4_mfn, 4), 3), 2);
	save(d, l1);
	expect_rc("one of the domain's L1 tables", domctl_hypercall_page(d, l1), -XEN_EPERM);
	unchanged("the domain's L1", d, l1);
	printf("refused as documented: frames not the domain's, and its page tables\n");

	CHECK_EQ(domctl_hypercall_page(d, t.store_mfn), 0);
	CHECK(foreign_view(d, t.store_mfn)[0] != 0, "no stubs in the xenstore page");
	CHECK_EQ(pt_map_mfn(pt_view_va(), 0, 0), 0);   /* nothing of the domain stays mapped */

	toolstack_peer_end(d, toolstack_peer_run(&t));
	expect_free_pages_back(before);
	attack_hv_alive();
	test_pass();
}
