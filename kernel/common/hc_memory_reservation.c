/*
 * memory_op: increase_reservation, decrease_reservation, populate_physmap
 * (xen-pv-abi.md 17.3; Xen's common/memory.c).
 *
 * Each call works through an array of extents (2^extent_order frames each)
 * and returns how many it completed; it never returns an error code.  A bad
 * argument, a domain the caller may not act on, an extent order beyond the
 * caller's limit or an array whose first element the guest may not name
 * make it complete none; an element that cannot be read or written, a frame
 * the domain does not hold, or an allocation beyond the domain's max_pages
 * stop it at that extent.  The index of the next extent rides in the
 * command word's high bits: the hypervisor continues there after a
 * preemption, and a guest may start there.
 *
 * What a PV guest gets (it writes its own p2m): increase hands out frames
 * and writes their MFNs (their M2P entries stay invalid); populate also sets
 * M2P[mfn] to the PFN the guest named; decrease drops the domain's
 * "allocated" reference (mmu_guest_remove_page), so a frame still in use
 * leaves only when its last use does, and counts until then.
 *
 * Invariant: a domain never holds more than max_pages counted frames
 * through these calls, and no frame leaves a domain while it is reachable.
 */
#include "guest_access.h"
#include "hypercall.h"
#include "memop.h"
#include "mm.h"

#define POD_MAX_ORDER 20                /* Xen's MAX_ORDER on x86 */

struct reservation {
	struct domain *d;
	uint64_t list, nr;
	uint64_t first, done;           /* where this call started; extents done */
	unsigned order;
	uint64_t below;                 /* MFN limit; 0: nothing can be allocated */
	bool pod, preempted;
};

static bool preempt(struct reservation *a, uint64_t i)
{
	return (a->preempted = memop_preempt(i, a->first));
}

static unsigned order_from_pages(uint64_t pages)
{
	unsigned order = 0;
	while ((1ull << order) < pages)
		order++;
	return order;
}

/* Xen's construct_memop_from_reservation: false when the flags are refused. */
static bool read_flags(struct reservation *a, uint32_t flags)
{
	unsigned bits = XENMEMF_get_address_bits(flags);
	a->below = UINT64_MAX;
	if (bits && bits < order_from_pages(max_mfn) + PAGE_SHIFT) {
		if (bits <= PAGE_SHIFT)
			return false;
		a->below = memop_bits_limit(bits);
	}
	unsigned node = XENMEMF_get_node(flags);
	if ((flags & XENMEMF_vnode) || node == 0xff)
		return true;            /* no virtual NUMA: a vnode request is ignored */
	if (!current->domain->privileged)
		return !(flags & XENMEMF_exact_node_request);
	if (node >= 64)
		return false;
	if ((flags & XENMEMF_exact_node_request) && node != 0)
		a->below = 0;           /* one node: nothing lives on another */
	return true;
}

static void increase(struct reservation *a)
{
	if (a->list && !memop_array_ok(a->list, a->done, a->nr - 1))
		return;
	if (a->order > memop_max_order(current->domain))
		return;
	for (uint64_t i = a->done; i < a->nr; i++, a->done = i) {
		if (preempt(a, i))
			return;
		uint64_t mfn = memop_alloc(a->d, a->order, a->below);
		if (!mfn)
			return;
		/* An unwritable element stops the call; the frames stay the domain's. */
		if (a->list && copy_to_guest(a->list + i * 8, &mfn, 8))
			return;
	}
}

static void populate(struct reservation *a)
{
	if (!memop_array_ok(a->list, a->done, a->nr - 1))
		return;
	if (a->order > (a->pod ? POD_MAX_ORDER : memop_max_order(current->domain)))
		return;
	for (uint64_t i = a->done; i < a->nr; i++, a->done = i) {
		uint64_t gpfn, mfn;
		if (preempt(a, i) || copy_from_guest(&gpfn, a->list + i * 8, 8))
			return;
		if (a->pod) {
			/* Populate-on-demand is for translated guests: nothing to do for
			   another PV domain, refused on oneself. */
			if (a->d == current->domain)
				return;
			continue;
		}
		if (!(mfn = memop_alloc(a->d, a->order, a->below)))
			return;
		for (uint64_t j = 0; j < 1ull << a->order; j++)
			m2p_rw[mfn + j] = gpfn + j;
		if (copy_to_guest(a->list + i * 8, &mfn, 8))
			return;
	}
}

static void decrease(struct reservation *a)
{
	if (!memop_array_ok(a->list, a->done, a->nr - 1) ||
	    a->order > memop_max_order(current->domain))
		return;
	for (uint64_t i = a->done; i < a->nr; i++, a->done = i) {
		uint64_t gmfn;
		if (preempt(a, i) || copy_from_guest(&gmfn, a->list + i * 8, 8))
			return;
		/* A frame that cannot go stops the call inside its extent: the
		   extent does not count, the frames before it in it are gone. */
		for (uint64_t j = 0; j < 1ull << a->order; j++)
			if (mmu_guest_remove_page(&mmu_env, &a->d->mmu, gmfn + j))
				return;
	}
}

long memop_reservation(unsigned op, uint64_t start, uint64_t arg)
{
	struct xen_memory_reservation r;
	struct reservation a = { 0 };
	if (copy_from_guest(&r, arg, sizeof(r)) ||
	    r.nr_extents > (UINT32_MAX >> MEMOP_EXTENT_SHIFT) || start >= r.nr_extents ||
	    !(a.d = memop_domain(r.domid)) || !read_flags(&a, r.mem_flags) ||
	    !memop_may_target(current->domain, a.d))
		return (long)start;
	a.list = r.extent_start;
	a.nr = r.nr_extents;
	a.order = r.extent_order;
	a.first = a.done = start;
	a.pod = op == XENMEM_populate_physmap && (r.mem_flags & XENMEMF_populate_on_demand);
	if (op == XENMEM_increase_reservation)
		increase(&a);
	else if (op == XENMEM_decrease_reservation)
		decrease(&a);
	else
		populate(&a);
	if (a.preempted) {
		current->regs.rdi = op | (a.done << MEMOP_EXTENT_SHIFT);
		return -XEN_ERESTART;
	}
	return (long)a.done;
}
