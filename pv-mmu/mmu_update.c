/*
 * mmu_update: one request, and the checked rewrite of one page-table entry
 * that update_va_mapping shares.
 *
 * Invariant enforced here: a validated table only ever holds entries that
 * validation would accept, and holds exactly their references.  Rewriting an
 * entry therefore runs in this order:
 *
 *   1. check the new entry (flags, L1TF, hypervisor slots);
 *   2. take the new entry's references (this may validate a lower table);
 *   3. write the entry;
 *   4. drop the old entry's references (this may devalidate a lower table).
 *
 * Taking before dropping means an entry replaced by one pointing at the same
 * frame never lets the frame's count touch 0 on the way.  The fast path skips
 * steps 2 and 4 only when the frame and every bit that carries a right stay
 * the same (mmu_entry.h).  After any change to an L2-L4 entry, the domain's
 * TLBs are flushed before the request returns (XSA-286): upper-level
 * paging-structure caches must not outlive the entries they came from.
 * An entry a grant mapping wrote is rewritten like any other: it drops the
 * references it held, as in Xen's release builds (mmu_grant.c).
 *
 * A request's target frame is dispatched on its current type, as in Xen: a
 * validated table gets the checked rewrite above; a frame that can take a
 * writable type (untyped, or writable) gets a plain write under a temporary
 * writable reference; anything else (a descriptor page) is refused.
 */
#include "mmu_entry.h"

int mmu_mod_entry(struct mmu_env *env, struct mmu_domain *d, uint64_t table,
                  unsigned int idx, uint64_t val, const struct mmu_pg *pg,
                  bool preserve_ad)
{
	unsigned int level = mmu_frame(env, table)->type;
	uint64_t *pt = mmu_frame_ptr(env, table);
	uint64_t old = pt[idx];
	bool fast;
	int rc;

	if (level == 4 && mmu_is_xen_l4_slot(idx))
		return -XEN_EINVAL;
	if (preserve_ad)
		val |= old & (MMU_PTE_A | MMU_PTE_D);
	rc = mmu_entry_ok(env, level, d, val);
	if (rc)
		return rc;
	val = mmu_io_cache(env, level, mmu_adjust_entry(level, val));
	fast = mmu_fast_path(old, val);
	if ((val & MMU_PTE_P) && !fast) {
		rc = mmu_get_entry_refs(env, d, level, table, val, pg);
		if (rc)
			return rc;
	}
	pt[idx] = val;
	if (!fast)
		mmu_put_entry_refs(env, level, table, old);
	if (level > 1 && old != val)
		env->flush(env, d, MMU_FLUSH_DOMAIN, 0);
	return 0;
}

/* A normal update of the entry at machine address maddr. */
static int mmu_update_entry(struct mmu_env *env, struct mmu_domain *pt_owner,
                            const struct mmu_pg *pg, uint64_t maddr,
                            uint64_t val, bool preserve_ad)
{
	uint64_t mfn = maddr >> 12;
	unsigned int idx = (unsigned int)(maddr & (MMU_PAGE_SIZE - 1)) / 8;
	struct mmu_frame *f;

	if (!mmu_owns(env, pt_owner, mfn))
		return -XEN_EINVAL;
	f = mmu_frame(env, mfn);
	if (f->type_count && mmu_is_table(f->type)) {
		/* Upper levels point only within the table owner's domain. */
		if (f->type != MMU_TYPE_L1 && (pg->io_only || pg->d != pt_owner))
			return -XEN_EINVAL;
		return mmu_mod_entry(env, pt_owner, mfn, idx, val, pg, preserve_ad);
	}
	if (mmu_get_type(env, pt_owner, mfn, MMU_TYPE_WRITABLE))
		return -XEN_EINVAL;
	mmu_frame_ptr(env, mfn)[idx] = val;
	mmu_put_type(env, mfn);
	return 0;
}

/* MMU_MACHPHYS_UPDATE: the M2P entry of a frame the page owner owns. */
static int mmu_machphys(struct mmu_env *env, struct mmu_domain *caller,
                        struct mmu_domain *pt_owner, const struct mmu_pg *pg,
                        uint64_t mfn, uint64_t pfn)
{
	if (pt_owner != caller)
		return -XEN_EPERM;
	if (pg->io_only || !mmu_owns(env, pg->d, mfn) || mfn >= env->m2p_entries)
		return -XEN_EINVAL;
	env->m2p[mfn] = pfn;
	return 0;
}

MMU_HOT_PATH int mmu_update_one(struct mmu_env *env, struct mmu_domain *caller,
                   uint64_t ptr, uint64_t val, uint32_t foreigndom)
{
	struct mmu_domain *pt_owner = caller;
	struct mmu_pg pg;
	unsigned int cmd = (unsigned int)(ptr & 7);
	int rc;

	/* The common case, both owners the caller, answered without asking
	   mmu_page_owner and mmu_table_owner (which answer it the same way). */
	if (foreigndom == DOMID_SELF) {
		pg.d = caller;
		pg.io_only = false;
	} else {
		rc = mmu_page_owner(env, caller, (domid_t)(foreigndom & 0xFFFF), &pg);
		if (!rc)
			rc = mmu_table_owner(env, caller, foreigndom >> 16, &pt_owner);
		if (rc)
			return rc;
	}
	switch (cmd) {
	case MMU_NORMAL_PT_UPDATE:
	case MMU_PT_UPDATE_NO_TRANSLATE:
	case MMU_PT_UPDATE_PRESERVE_AD:
		return mmu_update_entry(env, pt_owner, &pg, ptr & ~7ull, val,
		                        cmd == MMU_PT_UPDATE_PRESERVE_AD);
	case MMU_MACHPHYS_UPDATE:
		return mmu_machphys(env, caller, pt_owner, &pg, ptr >> 12, val);
	default:
		return -XEN_ENOSYS;
	}
}
