/*
 * memory_op (hypercall 12): dispatch, the helpers its files share, and the
 * queries (xen-pv-abi.md 17.3; docs/domains.md "Memory").
 *
 * The command word is the sub-operation in bits 0-5 and a start index above
 * them.  As in Xen, the common sub-operations read the index (the
 * reservation calls continue from it; the others refuse a non-zero one with
 * -EINVAL) and the x86 ones see the whole word, so any index makes them
 * unknown (-ENOSYS).  A domain named in an argument is DOMID_SELF or any
 * live domain's id; acting on another domain needs privilege (Xen's
 * XSM_TARGET policy).
 *
 * Invariant: every argument is copied in once and checked as a copy; every
 * array element is copied on its own, so an array that runs into memory the
 * guest cannot name or has not mapped stops the call at that element.
 */
#include "guest_access.h"
#include "hypercall.h"
#include "memop.h"
#include "mm.h"
#include "sched.h"

unsigned memop_max_order(const struct domain *caller)
{
	return caller->privileged ? MEMOP_MAX_ORDER_CTL : MEMOP_MAX_ORDER_DOMU;
}

struct domain *memop_domain(domid_t id)
{
	return id == DOMID_SELF ? current->domain : domain_by_id(id);
}

bool memop_may_target(const struct domain *caller, const struct domain *d)
{
	return caller == d || caller->privileged;
}

bool memop_array_ok(uint64_t base, uint64_t first, uint64_t last)
{
	uint64_t count = last - first + 1;
	return count < UINT64_MAX / 8 && guest_range_ok(base + first * 8, 1);
}

uint64_t memop_bits_limit(unsigned bits)
{
	if (!bits || bits >= 64)
		return UINT64_MAX;
	return bits < 14 ? 0 : 1ull << (bits - PAGE_SHIFT);
}

uint64_t memop_alloc(struct domain *d, unsigned order, uint64_t below)
{
	uint64_t n = 1ull << order;
	if (d->state != DOM_RUNNING || d->nr_pages + n > d->max_pages || !below)
		return 0;
	uint64_t mfn = frame_take_run(order, MIN(below, max_mfn));
	if (mfn) {
		frame_give_run(d, mfn, order);
		d->nr_pages += n;
	}
	return mfn;
}

bool memop_preempt(uint64_t i, uint64_t first)
{
	return i != first && (i - first >= HYPERCALL_BATCH || sched_must_switch(current));
}

/* current_reservation, maximum_reservation, maximum_gpfn. */
static long domain_query(unsigned op, uint64_t arg)
{
	domid_t id;
	if (copy_from_guest(&id, arg, sizeof(id)))
		return -XEN_EFAULT;
	struct domain *d = memop_domain(id);
	if (!d)
		return -XEN_ESRCH;
	if (!memop_may_target(current->domain, d))
		return -XEN_EPERM;
	if (op == XENMEM_current_reservation)
		return (long)d->nr_pages;
	if (op == XENMEM_maximum_reservation)
		return (long)d->max_pages;
	/* A PV guest states its highest PFN + 1 in shared_info (0: none yet). */
	uint64_t max_pfn = *(volatile uint64_t *)&d->shared_info->arch.max_pfn;
	return (long)((max_pfn ? max_pfn : 1) - 1);
}

/* The MFNs of the M2P in 2 MiB chunks (the table is one contiguous run). */
static long machphys_mfn_list(uint64_t arg)
{
	struct xen_machphys_mfn_list l;
	if (copy_from_guest(&l, arg, sizeof(l)))
		return -XEN_EFAULT;
	uint64_t first = ((uint64_t)m2p_rw - DIRECTMAP_BASE) >> PAGE_SHIFT;
	uint64_t chunks = ALIGN_UP(max_mfn * 8, 2ull << 20) >> 21;
	uint32_t i;
	for (i = 0; i != l.max_extents && i < chunks; i++) {
		uint64_t mfn = first + ((uint64_t)i << 9);
		if (copy_to_guest(l.extent_start + (uint64_t)i * 8, &mfn, 8))
			return -XEN_EFAULT;
	}
	l.nr_extents = i;
	return copy_to_guest(arg, &l, sizeof(l)) ? -XEN_EFAULT : 0;
}

long do_memory_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	unsigned op = cmd & MEMOP_CMD_MASK;
	uint64_t start = cmd >> MEMOP_EXTENT_SHIFT;
	switch (op) {
	case XENMEM_increase_reservation:
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
		return memop_reservation(op, start, arg);
	case XENMEM_exchange:
		return start ? -XEN_EINVAL : memop_exchange(arg);
	case XENMEM_maximum_ram_page:
		return start ? -XEN_EINVAL : (long)max_mfn;
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
	case XENMEM_maximum_gpfn:
		return start ? -XEN_EINVAL : domain_query(op, arg);
	}
	switch (cmd) {                  /* the x86 sub-operations see the whole word */
	case XENMEM_machphys_mfn_list:
		return machphys_mfn_list(arg);
	case XENMEM_machphys_mapping: {
		struct xen_machphys_mapping m = { MACH2PHYS_VIRT_START, MACH2PHYS_VIRT_END, max_mfn - 1 };
		return copy_to_guest(arg, &m, sizeof(m)) ? -XEN_EFAULT : 0;
	}
	}
	return memop_other(cmd, arg);
}
