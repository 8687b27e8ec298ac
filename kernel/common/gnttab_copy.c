/*
 * GNTTABOP_copy and GNTTABOP_cache_flush (xen-pv-abi.md 11.6; Xen 4.17's
 * gnttab_copy and cache_flush).
 *
 * Copy.  Each side is a frame of the caller's own (named by DOMID_SELF:
 * even the caller's numeric id is permission_denied, as in Xen) or a grant
 * (named by DOMID_SELF or a domain id).  A grant side is pinned for the
 * copy like a host mapping (read-only for the source, writable for the
 * destination, with the same checks, GTF_sub_page ignored as v1 Xen
 * ignores it for copies) and unpinned after; the destination must take a
 * writable type, so a page table or descriptor page is never written.  The
 * statuses come in Xen's order: both domains first (permission_denied,
 * bad_domain), then the source's claim, then the destination's, and only
 * then the offsets (bad_copy_arg).  A grant already pinned by the caller
 * whose frame is no longer its granter's is bad_domain.
 *
 * Cache flush, as Xen 4.17 builds it on x86: each element names a machine
 * address (a grant reference, GNTTAB_CACHE_SOURCE_GREF, is not among the
 * accepted op bits: -EINVAL), an offset and a length within one page, and
 * CLEAN and/or INVAL.  Arguments beyond the page or unknown op bits:
 * -EINVAL; a zero length or op: nothing to do (0, or -EILSEQ when resumed
 * with a continuation argument); an address outside RAM: -EINVAL; a frame
 * owned by no domain (free, the hypervisor's, I/O): -EPERM; another
 * domain's frame is allowed only while the caller holds a pin on a grant
 * of it in that domain's table (else -EINVAL).  INVAL alone is not
 * supported on x86 (-EOPNOTSUPP); CLEAN, with or without INVAL, writes the
 * lines back with clflush.  An error ends the batch: there is no status.
 */
#include "gnttab_internal.h"

struct copy_side {
	struct domain *d;
	uint64_t mfn;
	uint32_t pin;                   /* the grant pin held, 0 for an own frame */
	grant_ref_t ref;
};

static int16_t side_domain(struct domain *self, const struct gnttab_copy_ptr *p, bool by_ref,
			   struct copy_side *s)
{
	if (!by_ref && p->domid != DOMID_SELF)
		return GNTST_permission_denied;
	s->d = p->domid == DOMID_SELF ? self : domain_by_id(p->domid);
	return s->d ? GNTST_okay : GNTST_bad_domain;
}

static int16_t claim(struct domain *self, const struct gnttab_copy_ptr *p, bool by_ref, bool write,
		     struct copy_side *s)
{
	s->pin = 0;
	if (!by_ref) {
		if (!mfn_valid(p->u.gmfn) || frame_table[p->u.gmfn].owner != self->id ||
		    !frame_table[p->u.gmfn].count)
			return GNTST_bad_page;
		s->mfn = p->u.gmfn;
		return GNTST_okay;
	}
	uint32_t pin = write ? PIN_HOST_W : PIN_HOST_R;
	int16_t st = gnttab_pin(s->d, p->u.ref, self, pin, false, &s->mfn);
	if (st)
		return st;
	s->pin = pin;
	s->ref = p->u.ref;
	if (frame_table[s->mfn].owner != s->d->id) {
		gnttab_unpin(s->d, s->ref, pin);
		s->pin = 0;
		return GNTST_bad_domain;
	}
	return GNTST_okay;
}

static void release(struct copy_side *s)
{
	if (s->pin)
		gnttab_unpin(s->d, s->ref, s->pin);
	s->pin = 0;
}

int16_t gnttab_copy_one(struct domain *self, const struct gnttab_copy *op)
{
	struct copy_side src, dst;
	bool sref = op->flags & GNTCOPY_source_gref, dref = op->flags & GNTCOPY_dest_gref;
	int16_t st = side_domain(self, &op->source, sref, &src);
	if (!st)
		st = side_domain(self, &op->dest, dref, &dst);
	if (!st)
		st = claim(self, &op->source, sref, false, &src);
	if (st)
		return st;
	st = claim(self, &op->dest, dref, true, &dst);
	if (st) {
		release(&src);
		return st;
	}
	/* The destination must be ordinary memory: never a page table or descriptor page. */
	if (mmu_get_page(&mmu_env, &dst.d->mmu, dst.mfn))
		st = GNTST_general_error;
	else if (mmu_get_type(&mmu_env, &dst.d->mmu, dst.mfn, MMU_TYPE_WRITABLE)) {
		mmu_put_page(&mmu_env, dst.mfn);
		st = GNTST_general_error;
	}
	if (!st) {
		if ((uint32_t)op->source.offset + op->len > PAGE_SIZE ||
		    (uint32_t)op->dest.offset + op->len > PAGE_SIZE)
			st = GNTST_bad_copy_arg;
		else
			memmove((uint8_t *)mfn_to_virt(dst.mfn) + op->dest.offset,
				(const uint8_t *)mfn_to_virt(src.mfn) + op->source.offset, op->len);
		mmu_put_type(&mmu_env, dst.mfn);
		mmu_put_page(&mmu_env, dst.mfn);
	}
	release(&dst);
	release(&src);
	return st;
}

/* Does self hold a pin on a grant of mfn in owner's table, from ref `from` on? */
static bool pinned_by(struct domain *owner, struct domain *self, uint64_t mfn, uint32_t from)
{
	for (uint32_t ref = from; ref < gnttab_nr_entries(&owner->gnttab); ref++) {
		const struct active_grant *a = gnttab_active(owner, ref);
		if (a->pin && a->user == self->id && a->mfn == mfn)
			return true;
	}
	return false;
}

long gnttab_cache_flush_one(struct domain *self, const struct gnttab_cache_flush *op,
			    uint32_t cur_ref)
{
	if (op->offset >= PAGE_SIZE || op->length > PAGE_SIZE ||
	    (uint32_t)op->offset + op->length > PAGE_SIZE ||
	    (op->op & ~(GNTTAB_CACHE_INVAL | GNTTAB_CACHE_CLEAN)))
		return -XEN_EINVAL;
	if (!op->length || !op->op)
		return cur_ref ? -XEN_EILSEQ : 0;
	uint64_t mfn = op->a.dev_bus_addr >> PAGE_SHIFT;
	if (!mfn_valid(mfn))
		return -XEN_EINVAL;
	struct domain *owner = frame_table[mfn].count ? domain_by_id(frame_table[mfn].owner) : NULL;
	if (!owner)
		return -XEN_EPERM;
	if (owner != self && !pinned_by(owner, self, mfn, cur_ref))
		return -XEN_EINVAL;
	if (!(op->op & GNTTAB_CACHE_CLEAN))
		return -XEN_EOPNOTSUPP;
	const uint8_t *p = (const uint8_t *)mfn_to_virt(mfn) + op->offset;
	for (uint64_t line = (uint64_t)p & ~63ull; line < (uint64_t)p + op->length; line += 64)
		__asm__ volatile("clflush (%0)" :: "r"(line) : "memory");
	return 0;
}
