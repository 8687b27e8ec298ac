/*
 * When a TLB flush is owed.
 *
 * Invariant: no CPU can still use a translation that the model's state no
 * longer allows.  TLBs are caches the hardware keeps without asking; dropping
 * a mapping from a page table does not remove it from them.  Two situations
 * turn a stale entry into a hole, and the model flushes for both by itself:
 *
 *   - a frame changes type (XSA-401/408): a stale writable translation of a
 *     frame that just became a page table lets the guest edit a validated
 *     table; a stale paging-structure entry through a former L1 that just
 *     became writable lets the guest forge mappings;
 *   - a free frame is handed to a (possibly different) domain: a stale
 *     mapping by its previous user would read or write the new owner's data.
 *
 * Time stamps decide whether a flush is needed.  env->tlb_clock counts the
 * global flushes the model has asked for.  Whenever a frame's last typed use
 * or last reference ends, the frame records the clock (tlbflush_stamp).  A
 * stamp equal to the clock means "some TLB may still hold a mapping of this
 * frame": flush every CPU and advance the clock.  A stamp below the clock
 * means a global flush has happened since, so nothing stale can remain.
 * (Xen keeps one clock per CPU and filters the owner's CPUs; one clock is
 * coarser, never less safe.)
 *
 * The other flushes (XSA-286 after L2-L4 changes, the guest's explicit
 * requests) are issued where they arise; this file also reads the guest's
 * vCPU bitmaps for the "multi" forms.
 */
#include "mmu_internal.h"

void mmu_flush_if_stale(struct mmu_env *env, const struct mmu_frame *f)
{
	if (f->tlbflush_stamp < env->tlb_clock)
		return;
	env->flush(env, NULL, MMU_FLUSH_ALL_CPUS, 0);
	env->tlb_clock++;
}

/*
 * Does the guest's vCPU bitmap at mask_va name any of d's vCPUs?  Bits past
 * max_vcpus are ignored, as in Xen.  -EFAULT when the bitmap is unreadable.
 */
static int mmu_vcpumask_any(struct mmu_env *env, struct mmu_domain *d,
                     uint64_t mask_va, bool *any)
{
	unsigned int words = (d->max_vcpus + 63) / 64;

	*any = false;
	for (unsigned int i = 0; i < words; i++) {
		uint64_t w;
		unsigned int bits = d->max_vcpus - 64 * i;

		if (env->copy_from_guest(env, &w, mask_va + 8ull * i, sizeof(w)))
			return -XEN_EFAULT;
		if (bits < 64)
			w &= (1ull << bits) - 1;
		*any = *any || w != 0;
	}
	return 0;
}

/*
 * A flush the guest asked for (mmuext_op, update_va_mapping): on this vCPU,
 * on the vCPUs of a bitmap, or on all of the domain's vCPUs; the whole TLB or
 * one address.  A bitmap that selects any vCPU is flushed as the whole
 * domain: flushing more than asked is always safe, and it keeps the flush
 * callback free of vCPU sets.  An address failing the 2.2 check is never
 * passed on (the request is silently skipped, as in Xen).
 */
int mmu_guest_flush(struct mmu_env *env, struct mmu_domain *d,
                    enum mmu_scope scope, uint64_t mask_va, bool invlpg,
                    uint64_t va)
{
	bool any = true;
	enum mmu_flush_kind kind;

	if (scope == MMU_SCOPE_MULTI) {
		int rc = mmu_vcpumask_any(env, d, mask_va, &any);

		if (rc)
			return rc;
	}
	if (!any || (invlpg && !mmu_va_ok(va)))
		return 0;
	if (scope == MMU_SCOPE_LOCAL)
		kind = invlpg ? MMU_FLUSH_INVLPG_LOCAL : MMU_FLUSH_LOCAL;
	else
		kind = invlpg ? MMU_FLUSH_INVLPG_DOMAIN : MMU_FLUSH_DOMAIN;
	env->flush(env, d, kind, invlpg ? va : 0);
	return 0;
}
