/*
 * memory_op: exchange (xen-pv-abi.md 17.3; Xen's memory_exchange).
 *
 * A PV guest trades frames it holds for fresh ones, typically to get
 * machine-contiguous memory or memory below an address limit.  The in and
 * out arrays must describe the same number of pages; the work goes in
 * chunks of 2^max(in order, out order) pages, and nr_exchanged (in the
 * argument, which the guest zeroes) counts the input extents of the chunks
 * completed: it is written back on every return, and a preempted call
 * continues from it.  A chunk is all or nothing: each input frame must be
 * the domain's and held by nothing but its allocation (mmu_frame_steal:
 * -EINVAL otherwise, as Xen's steal_page), the output frames must exist
 * (-ENOMEM), and only then do the inputs go back to the allocator and the
 * outputs to the domain, with M2P set to the PFNs the out array named and
 * their MFNs written over them.  A failed chunk gives the stolen frames
 * back untouched.  The domain's reservation does not change.
 *
 * Invariant: a frame anything still reaches (a mapping, a pin, a table
 * reference, a grant, the hypervisor) is never exchanged away, and every
 * frame taken in a failed chunk returns where it was.
 */
#include "guest_access.h"
#include "hypercall.h"
#include "memop.h"
#include "mm.h"

#define NO_FRAME UINT32_MAX             /* end of a list threaded through kernel_link */

struct chunk {
	struct domain *d;
	const struct xen_memory_exchange *x;
	uint64_t index;                 /* chunk number */
	unsigned in_chunk, out_chunk;   /* log2 of in and out extents per chunk */
	uint64_t below;
	uint32_t stolen, out;           /* lists of held frames (out: first of each run) */
};

static void push(uint32_t *list, uint64_t mfn)
{
	frame_table[mfn].kernel_link = *list;
	*list = (uint32_t)mfn;
}

static uint64_t pop(uint32_t *list)
{
	uint64_t mfn = *list;
	if (mfn != NO_FRAME)
		*list = frame_table[mfn].kernel_link;
	return mfn;
}

static long steal_inputs(struct chunk *c)
{
	const struct xen_memory_reservation *in = &c->x->in;
	for (uint64_t j = 0; j < 1ull << c->in_chunk; j++) {
		uint64_t gmfn;
		if (copy_from_guest(&gmfn, in->extent_start + ((c->index << c->in_chunk) + j) * 8, 8))
			return -XEN_EFAULT;
		for (uint64_t k = 0; k < 1ull << in->extent_order; k++) {
			if (mmu_frame_steal(&mmu_env, &c->d->mmu, gmfn + k))
				return -XEN_EINVAL;
			frame_hold(gmfn + k);
			push(&c->stolen, gmfn + k);
		}
	}
	return 0;
}

/* The chunk cannot fail any more: inputs to the allocator, outputs to d. */
static long commit(struct chunk *c)
{
	const struct xen_memory_reservation *out = &c->x->out;
	uint64_t mfn;
	long rc = 0;
	while ((mfn = pop(&c->stolen)) != NO_FRAME)
		frame_free_xen(mfn);
	for (uint64_t j = 0; (mfn = pop(&c->out)) != NO_FRAME; j++) {
		uint64_t at = out->extent_start + ((c->index << c->out_chunk) + j) * 8, gpfn;
		frame_give_run(c->d, mfn, out->extent_order);
		if (copy_from_guest(&gpfn, at, 8)) {
			rc = -XEN_EFAULT;       /* the frames stay the domain's, unnamed */
			continue;
		}
		for (uint64_t k = 0; k < 1ull << out->extent_order; k++)
			m2p_rw[mfn + k] = gpfn + k;
		if (copy_to_guest(at, &mfn, 8))
			rc = -XEN_EFAULT;
	}
	return rc;
}

static long one_chunk(struct chunk *c)
{
	long rc = steal_inputs(c);
	for (uint64_t j = 0; !rc && j < 1ull << c->out_chunk; j++) {
		uint64_t mfn = frame_take_run(c->x->out.extent_order, c->below);
		if (!mfn)
			rc = -XEN_ENOMEM;
		else
			push(&c->out, mfn);
	}
	if (!rc)
		return commit(c);
	uint64_t mfn;
	while ((mfn = pop(&c->stolen)) != NO_FRAME)
		frame_give_run(c->d, mfn, 0);
	while ((mfn = pop(&c->out)) != NO_FRAME)
		frame_drop_run(mfn, c->x->out.extent_order);
	return rc;
}

/* Xen's propagate_node: which node requests a caller may make. */
static bool node_ok(uint32_t flags, uint64_t *below)
{
	unsigned node = XENMEMF_get_node(flags);
	if (node == 0xff)
		return true;
	if (!current->domain->privileged)
		return !(flags & XENMEMF_exact_node_request);
	if (node >= 64)
		return false;
	if ((flags & XENMEMF_exact_node_request) && node != 0)
		*below = 0;
	return true;
}

static long checked(struct xen_memory_exchange *x, uint64_t arg)
{
	const struct xen_memory_reservation *in = &x->in, *out = &x->out;
	if (MAX(in->extent_order, out->extent_order) > memop_max_order(current->domain))
		return -XEN_EPERM;
	if (x->nr_exchanged > in->nr_extents || in->domid != out->domid ||
	    (UINT64_MAX >> in->extent_order) < in->nr_extents ||
	    (UINT64_MAX >> out->extent_order) < out->nr_extents ||
	    in->nr_extents << in->extent_order != out->nr_extents << out->extent_order)
		return -XEN_EINVAL;
	if (x->nr_exchanged == in->nr_extents)
		return 1;
	struct chunk c = { .x = x, .below = memop_bits_limit(XENMEMF_get_address_bits(out->mem_flags)),
			   .stolen = NO_FRAME, .out = NO_FRAME };
	if (in->extent_order <= out->extent_order)
		c.in_chunk = out->extent_order - in->extent_order;
	else
		c.out_chunk = in->extent_order - out->extent_order;
	uint64_t first = x->nr_exchanged >> c.in_chunk;
	if (!memop_array_ok(in->extent_start, x->nr_exchanged, in->nr_extents - 1) ||
	    !memop_array_ok(out->extent_start, first << c.out_chunk, out->nr_extents - 1))
		return -XEN_EFAULT;
	if (!node_ok(out->mem_flags, &c.below))
		return -XEN_EINVAL;
	if (!(c.d = memop_domain(in->domid)))
		return -XEN_ESRCH;
	if (!memop_may_target(current->domain, c.d))
		return -XEN_EPERM;
	for (c.index = first; c.index < in->nr_extents >> c.in_chunk; c.index++) {
		x->nr_exchanged = c.index << c.in_chunk;
		if (memop_preempt(c.index, first)) {
			if (copy_to_guest(arg + offsetof(struct xen_memory_exchange, nr_exchanged),
					  &x->nr_exchanged, 8))
				return -XEN_EFAULT;
			return -XEN_ERESTART;
		}
		long rc = one_chunk(&c);
		if (rc)
			return rc;
	}
	x->nr_exchanged = in->nr_extents;
	return 0;
}

long memop_exchange(uint64_t arg)
{
	struct xen_memory_exchange x;
	if (copy_from_guest(&x, arg, sizeof(x)))
		return -XEN_EFAULT;
	long rc = checked(&x, arg);
	if (rc == 1 || rc == -XEN_ERESTART)
		return rc == 1 ? 0 : rc;
	if (copy_to_guest(arg + offsetof(struct xen_memory_exchange, nr_exchanged), &x.nr_exchanged, 8))
		return -XEN_EFAULT;
	return rc;
}
