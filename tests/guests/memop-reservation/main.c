/*
 * memory_op's reservation calls as Xen 4.17 answers a PV domain (xen-pv-abi.md
 * 17.3; docs/domains.md "Memory"): current/maximum_reservation and
 * maximum_ram_page; decrease_reservation gives frames back and the
 * reservation drops, but a frame still mapped or pinned stays the domain's
 * (still usable) until that last use goes (XSA-252: no implicit unpin);
 * increase_reservation and populate_physmap hand out zeroed frames of the
 * asked order, aligned and below an address limit, populate setting
 * M2P[mfn] = the PFN named; the count of extents done, the start index in
 * the command word, continuations over long arrays, an element that cannot
 * be read or written stopping the call there; set_memory_map/memory_map;
 * maximum_gpfn from shared_info.  Runs as the initial (privileged) domain,
 * and gives the same verdict as Xen's dom0.
 */
#include "attack.h"
#include "events.h"
#include "public/memory.h"

#define NR 200
static uint64_t list[NR], saved[NR];

static long mop(unsigned cmd, void *arg)
{
	return HYPERVISOR_memory_op(cmd, arg);
}

static long resv(unsigned cmd, uint64_t *l, uint64_t n, unsigned order, unsigned flags, domid_t dom)
{
	struct xen_memory_reservation r = { (uint64_t)l, n, order, flags, dom };
	return mop(cmd, &r);
}

static long reservation(unsigned op)
{
	domid_t d = DOMID_SELF;
	return mop(op, &d);
}

static long cur(void)
{
	return reservation(XENMEM_current_reservation);
}

/* Fresh, unmapped frames of this domain. */
static void fresh(uint64_t *out, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		out[i] = pt_mfn(pt_alloc());
}

static void expect(const char *what, long got, long want)
{
	if (got != want)
		test_fail("%s: %ld, expected %ld", what, got, want);
}

/* Map mfn at the probe address, write and read back a pattern, unmap. */
static void usable(const char *what, uint64_t mfn)
{
	volatile uint64_t *p = (volatile uint64_t *)pt_probe_va();
	expect(what, pt_map_mfn((uint64_t)p, mfn, PT_P | PT_RW | PT_A | PT_D), 0);
	for (unsigned i = 0; i < 512; i++)
		CHECK(p[i] == 0, "%s: frame %lx not zeroed (word %u = %lx)", what, mfn, i, p[i]);
	p[7] = 0x1234567890abcdefull;
	CHECK(p[7] == 0x1234567890abcdefull, "%s: frame %lx does not keep a write", what, mfn);
	expect(what, pt_map_mfn((uint64_t)p, mfn, 0), 0);
}

int main(void)
{
	pt_init();
	long ram = mop(XENMEM_maximum_ram_page, NULL), c0 = cur();
	long max = reservation(XENMEM_maximum_reservation);
	struct xen_machphys_mapping mm;
	expect("machphys_mapping", mop(XENMEM_machphys_mapping, &mm), 0);
	printf("maximum_ram_page %ld, reservation %ld of %ld\n", ram, c0, max);
	expect("current_reservation", c0, (long)start_info->nr_pages);
	CHECK(max >= c0, "maximum_reservation %ld below current %ld", max, c0);
	expect("machphys_mapping max_mfn", (long)mm.max_mfn, ram - 1);
	for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++)
		CHECK(pt_mfn(pfn) < (uint64_t)ram, "own frame %lx at or above maximum_ram_page", pt_mfn(pfn));
	domid_t bad = 0x7FEF;
	expect("current_reservation of no domain", mop(XENMEM_current_reservation, &bad), -XEN_ESRCH);
	bad = DOMID_IO;
	expect("maximum_reservation of DOMID_IO", mop(XENMEM_maximum_reservation, &bad), -XEN_ESRCH);
	expect("current_reservation with a start index", mop(XENMEM_current_reservation | 1 << 6, &bad), -XEN_EINVAL);
	expect("maximum_ram_page with a start index", mop(XENMEM_maximum_ram_page | 1 << 6, NULL), -XEN_EINVAL);

	/* Give back NR fresh frames: more room below max_pages, and a long array
	   (continuations in between). */
	fresh(saved, NR);
	memcpy(list, saved, sizeof(list));
	expect("decrease of fresh frames", resv(XENMEM_decrease_reservation, list, NR, 0, 0, DOMID_SELF), NR);
	expect("reservation after decrease", cur(), c0 - NR);
	for (unsigned i = 0; i < NR; i++)
		CHECK(M2P[saved[i]] >> 63, "M2P of a frame given back: %lx", M2P[saved[i]]);
	expect("decrease of frames already gone", resv(XENMEM_decrease_reservation, list, 3, 0, 0, DOMID_SELF), 0);
	if (c0 >= max)
		expect("increase beyond max_pages", resv(XENMEM_increase_reservation, list, NR + 1, 0, 0, DOMID_SELF), NR);
	else
		expect("increase of NR frames", resv(XENMEM_increase_reservation, list, NR, 0, 0, DOMID_SELF), NR);
	expect("reservation after increase", cur(), c0);
	for (unsigned i = 0; i < NR; i++) {
		CHECK(list[i] && list[i] < (uint64_t)ram, "increase gave frame %lx", list[i]);
		CHECK(M2P[list[i]] >> 63, "M2P of a new frame %lx: %lx (PV guests set it)", list[i], M2P[list[i]]);
	}
	usable("new frame", list[0]);
	usable("new frame", list[NR - 1]);
	memcpy(saved, list, sizeof(list));
	expect("decrease them again", resv(XENMEM_decrease_reservation, list, NR, 0, 0, DOMID_SELF), NR);

	/* Orders, address bits, populate. */
	uint64_t l[4];
	expect("increase of 2 order-1 extents", resv(XENMEM_increase_reservation, l, 2, 1, 0, DOMID_SELF), 2);
	CHECK(!(l[0] & 1) && !(l[1] & 1), "order-1 extents %lx %lx not aligned", l[0], l[1]);
	usable("order-1 extent, second frame", l[1] + 1);
	expect("decrease of them", resv(XENMEM_decrease_reservation, l, 2, 1, 0, DOMID_SELF), 2);
	expect("increase of order 19", resv(XENMEM_increase_reservation, l, 1, 19, 0, DOMID_SELF), 0);
	expect("address bits 12", resv(XENMEM_increase_reservation, l, 1, 0, 12, DOMID_SELF), 0);
	expect("address bits 13", resv(XENMEM_increase_reservation, l, 1, 0, 13, DOMID_SELF), 0);
	expect("address bits 32", resv(XENMEM_increase_reservation, l, 1, 0, 32, DOMID_SELF), 1);
	CHECK(l[0] < 1ull << 20, "32 address bits gave frame %lx", l[0]);
	expect("decrease", resv(XENMEM_decrease_reservation, l, 1, 0, 0, DOMID_SELF), 1);
	expect("exact node 1 (one node)", resv(XENMEM_increase_reservation, l, 1, 0,
					  XENMEMF_node(1) | XENMEMF_exact_node_request, DOMID_SELF), 0);
	expect("no domain", resv(XENMEM_increase_reservation, l, 1, 0, 0, 0x7FEF), 0);
	expect("DOMID_IO", resv(XENMEM_increase_reservation, l, 1, 0, 0, DOMID_IO), 0);
	expect("own id", resv(XENMEM_increase_reservation, l, 1, 0, 0, 0), 1);
	expect("decrease by own id", resv(XENMEM_decrease_reservation, l, 1, 0, 0, 0), 1);
	l[0] = 0x12345;
	l[1] = 0x777;
	expect("populate 2", resv(XENMEM_populate_physmap, l, 2, 0, 0, DOMID_SELF), 2);
	expect("M2P of populated frame", (long)M2P[l[0]], 0x12345);
	expect("M2P of populated frame", (long)M2P[l[1]], 0x777);
	l[2] = 0x500;
	expect("populate order 1", resv(XENMEM_populate_physmap, &l[2], 1, 1, 0, DOMID_SELF), 1);
	expect("M2P of order-1 populate", (long)M2P[l[2] + 1], 0x501);
	expect("populate-on-demand on oneself", resv(XENMEM_populate_physmap, &l[3], 1, 0,
						    XENMEMF_populate_on_demand, DOMID_SELF), 0);
	expect("decrease populated", resv(XENMEM_decrease_reservation, l, 2, 0, 0, DOMID_SELF), 2);
	expect("decrease populated order 1", resv(XENMEM_decrease_reservation, &l[2], 1, 1, 0, DOMID_SELF), 1);
	expect("reservation back", cur(), c0 - NR);

	/* The start index, counts, partial progress. */
	uint64_t three[3];
	fresh(three, 3);
	expect("start index 2 of 3", mop(XENMEM_decrease_reservation | 2 << 6, &(struct xen_memory_reservation){
		(uint64_t)three, 3, 0, 0, DOMID_SELF }), 3);
	expect("only the third went", cur(), c0 - NR - 1);
	expect("start index beyond the count", mop(XENMEM_decrease_reservation | 5 << 6, &(struct xen_memory_reservation){
		(uint64_t)three, 3, 0, 0, DOMID_SELF }), 5);
	expect("more extents than a continuation can encode", resv(XENMEM_decrease_reservation, three,
								    1ull << 26, 0, 0, DOMID_SELF), 0);
	three[1] = 1;
	expect("stops at a frame not held", resv(XENMEM_decrease_reservation, three, 3, 0, 0, DOMID_SELF), 1);
	expect("argument unreadable", mop(XENMEM_decrease_reservation | 4 << 6, (void *)0x1000), 4);

	/* A frame in use stays the domain's until that use ends. */
	uint64_t pfn = pt_alloc(), mfn = pt_mfn(pfn);
	long before = cur();
	volatile uint64_t *va = (volatile uint64_t *)pt_pfn_va(pfn);
	expect("map", pt_map(pfn, PT_P | PT_RW | PT_A | PT_D), 0);
	va[1] = 42;
	expect("decrease of a mapped frame", resv(XENMEM_decrease_reservation, &mfn, 1, 0, 0, DOMID_SELF), 1);
	expect("reservation while still mapped", cur(), before);
	va[1] = 43;
	CHECK(va[1] == 43, "the mapped frame stopped working");
	expect("map read-only again", pt_map(pfn, PT_P | PT_A), 0);
	expect("decrease again: nothing more to do", resv(XENMEM_decrease_reservation, &mfn, 1, 0, 0, DOMID_SELF), 1);
	expect("unmap", pt_map(pfn, 0), 0);
	expect("reservation once unmapped", cur(), before - 1);
	CHECK(M2P[mfn] >> 63, "M2P of the freed frame: %lx", M2P[mfn]);
	expect("gone", resv(XENMEM_decrease_reservation, &mfn, 1, 0, 0, DOMID_SELF), 0);
	pfn = pt_alloc();
	mfn = pt_mfn(pfn);
	expect("pin L1", pt_pin(1, mfn), 0);
	expect("decrease of a pinned table", resv(XENMEM_decrease_reservation, &mfn, 1, 0, 0, DOMID_SELF), 1);
	expect("still pinned", pt_pin(1, mfn), -XEN_EINVAL);
	expect("reservation while pinned", cur(), before - 1);
	expect("unpin", pt_unpin(mfn), 0);
	expect("reservation once unpinned", cur(), before - 2);
	expect("pin of the freed frame", pt_pin(1, mfn), -XEN_EINVAL);

	/* Arrays: every element on its own. */
	uint64_t a = pt_alloc(), b = pt_alloc();
	expect("map", pt_map(a, PT_P | PT_RW | PT_A | PT_D), 0);
	uint64_t *edge = (uint64_t *)(pt_pfn_va(b) - 8);       /* element 1 is on unmapped b */
	fresh(edge, 1);
	before = cur();
	expect("decrease across an unmapped page", resv(XENMEM_decrease_reservation, edge, 2, 0, 0, DOMID_SELF), 1);
	expect("increase across an unmapped page", resv(XENMEM_increase_reservation, edge, 2, 0, 0, DOMID_SELF), 1);
	expect("the unwritten frame stays the domain's", cur(), before + 1);
	expect("populate from an unmapped page", resv(XENMEM_populate_physmap, (uint64_t *)pt_pfn_va(b), 1, 0, 0,
						    DOMID_SELF), 0);
	expect("array in the hypervisor's range", resv(XENMEM_decrease_reservation,
						       (uint64_t *)0xFFFF800000000000ull, 1, 0, 0, DOMID_SELF), 0);
	expect("array in the non-canonical hole", resv(XENMEM_increase_reservation,
						       (uint64_t *)0x800000000000ull, 1, 0, 0, DOMID_SELF), 0);
	expect("nothing allocated for them", cur(), before + 1);

	/* maximum_gpfn comes from what the guest wrote into shared_info. */
	events_init();
	shared_info->arch.max_pfn = start_info->nr_pages;
	expect("maximum_gpfn", reservation(XENMEM_maximum_gpfn), (long)start_info->nr_pages - 1);

	/* Memory maps: none until one is set. */
	struct xen_e820_entry e[2] = { { 0, 0x1000000, 1 }, { 0x2000000, 0x1000, 2 } }, g[4];
	struct { domid_t domid; struct xen_memory_map map; } fm = { DOMID_SELF, { 2, (uint64_t)e } };
	struct xen_memory_map m = { 4, (uint64_t)g };
	expect("memory_map before one is set", mop(XENMEM_memory_map, &m), -XEN_ENOSYS);
	expect("set_memory_map", mop(XENMEM_set_memory_map, &fm), 0);
	m.nr_entries = 1;
	expect("memory_map, room for 1", mop(XENMEM_memory_map, &m), 0);
	CHECK(m.nr_entries == 1 && g[0].size == 0x1000000 && g[0].type == 1, "memory_map: %u entries", m.nr_entries);
	m.nr_entries = 4;
	expect("memory_map, room for 4", mop(XENMEM_memory_map, &m), 0);
	CHECK(m.nr_entries == 2 && g[1].addr == 0x2000000 && g[1].type == 2, "memory_map: %u entries", m.nr_entries);
	expect("memory_map with a start index", mop(XENMEM_memory_map | 1 << 6, &m), -XEN_ENOSYS);
	fm.map.nr_entries = 1025;
	expect("set_memory_map of 1025 entries", mop(XENMEM_set_memory_map, &fm), -XEN_EINVAL);
	fm.map.nr_entries = 0;
	expect("set_memory_map of none", mop(XENMEM_set_memory_map, &fm), 0);
	expect("memory_map after that", mop(XENMEM_memory_map, &m), -XEN_ENOSYS);
	printf("reservation calls answer as Xen's\n");
	test_pass();
}
