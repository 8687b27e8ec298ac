/*
 * Rule: the memory a toolstack gives a domain it builds (memory_op
 * populate_physmap naming that domain) stays within the domain's max_mem,
 * as in Xen: the initial domain creates an empty domain with a maximum of
 * 256 pages and asks for 300 of them: 256 extents are done, the domain
 * holds 256 pages, each frame's M2P entry is the PFN asked for and the
 * frame is the domain's (the toolstack can map it); one more page: none.
 * A larger max_mem lets 10 more come; a 2 MiB extent (order 9) that would
 * pass the maximum: none; a domain that does not exist: none.  The pages
 * go back (decrease_reservation naming the domain), and once the domain is
 * destroyed free memory is where it started.  Xen 4.17 answers the same
 * (oracle).
 */
#include "attack.h"
#include "peer.h"
#include "toolstack.h"
#include "public/memory.h"

#define ASKED 300
#define MAX_PAGES 256

static uint64_t list[ASKED];

static long reservation(unsigned op, domid_t d, uint64_t *l, uint64_t n, unsigned order)
{
	struct xen_memory_reservation r = { (uint64_t)l, n, order, 0, d };
	return HYPERVISOR_memory_op(op, &r);
}

static uint64_t tot_pages(domid_t d)
{
	struct xen_domctl_getdomaininfo info;
	CHECK(domctl_getinfo(d, &info) == 0 && info.domain == d, "d%u is gone", d);
	return info.tot_pages;
}

static void set_max_kib(domid_t d, uint64_t kib)
{
	struct xen_domctl op = { 0 };
	op.u.max_mem.max_memkb = kib;
	CHECK_EQ(domctl(XEN_DOMCTL_max_mem, d, &op), 0);
}

int main(void)
{
	events_init();
	uint64_t before = free_pages_now();
	struct toolstack_domain dom = { .memory_kib = MAX_PAGES * 4, .vcpus = 1 };
	struct toolstack_built t;
	CHECK_EQ(toolstack_create(&dom, &t), 0);
	domid_t d = t.domid;
	CHECK_EQ(tot_pages(d), 0);

	for (uint64_t i = 0; i < ASKED; i++)
		list[i] = 0x100 + i;
	expect_rc("300 pages asked within a maximum of 256", reservation(XENMEM_populate_physmap, d, list, ASKED, 0),
		  MAX_PAGES);
	CHECK_EQ(tot_pages(d), MAX_PAGES);
	for (uint64_t i = 0; i < MAX_PAGES; i++)
		CHECK(pt_pfn(list[i]) == 0x100 + i, "M2P of frame %lx: %lx, asked %lx", list[i], pt_pfn(list[i]),
		      0x100 + i);
	void *p = toolstack_map(d, list[7]);
	CHECK(p != NULL, "frame %lx is not the domain's", list[7]);
	toolstack_unmap(p);
	toolstack_unmap_all();
	uint64_t one = 0x900;
	expect_rc("one page past the maximum", reservation(XENMEM_populate_physmap, d, &one, 1, 0), 0);
	set_max_kib(d, (MAX_PAGES + 10) * 4);
	uint64_t more[12];
	for (unsigned i = 0; i < 12; i++)
		more[i] = 0x1000 + i;
	expect_rc("12 pages asked, 10 more allowed", reservation(XENMEM_populate_physmap, d, more, 12, 0), 10);
	CHECK_EQ(tot_pages(d), MAX_PAGES + 10);
	set_max_kib(d, (MAX_PAGES + 10 + 511) * 4);
	uint64_t big = 0x200000;
	expect_rc("a 2 MiB extent past the maximum", reservation(XENMEM_populate_physmap, d, &big, 1, 9), 0);
	expect_rc("a domain that does not exist", reservation(XENMEM_populate_physmap, 0x7000, &one, 1, 0), 0);
	CHECK_EQ(tot_pages(d), MAX_PAGES + 10);
	printf("refused as documented: memory past the domain's maximum\n");

	expect_rc("giving them back", reservation(XENMEM_decrease_reservation, d, list, MAX_PAGES, 0), MAX_PAGES);
	expect_rc("giving the rest back", reservation(XENMEM_decrease_reservation, d, more, 10, 0), 10);
	CHECK_EQ(tot_pages(d), 0);
	CHECK_EQ(toolstack_destroy(d), 0);
	expect_free_pages_back(before);
	attack_hv_alive();
	test_pass();
}
