/*
 * Grant mappings in page tables (xen-pv-abi.md 9.12.7, 11.5).  (A grant
 * transfer takes its frame with mmu_frame_steal, mmu_reservation.c.)
 *
 * A grant mapping is the one way an unprivileged domain's L1 entry may point
 * at another domain's frame.  The grant table (in the kernel) decides that
 * the mapping is allowed; this file makes it safe for the page tables:
 *
 *   - the entry is written only into a validated L1 of the mapper, found by
 *     linear address in its current kernel tables, or given as the machine
 *     address of the entry, which must be 8-byte aligned (XSA-227);
 *   - it is an ordinary L1 entry and holds exactly what one holds: a general
 *     reference on the granted frame, plus a writable type reference when
 *     writable, so a granted page table or descriptor page can never be
 *     mapped writable.  It carries no mark (Xen's release builds leave bit
 *     62, its debug builds' grant marker, to the guest): mmu_update may
 *     rewrite it like any entry, dropping those references, and the grant
 *     then stays pinned until its mapper unmaps it some other way or dies,
 *     as in Xen.  Every entry holding its own references is what keeps the
 *     counts exact whoever removes it;
 *   - an entry that was present before is replaced, as Xen does: the new
 *     entry's references are taken first, then the old entry's are dropped
 *     like any L1 entry's (a grant entry among them: its grant keeps its pin
 *     until its mapper unmaps some other way or dies, as in Xen's release
 *     builds), and its translation is flushed;
 *   - unmapping checks that the entry still maps the granted frame, present,
 *     with the grant's RW bit (XSA-234) before it clears it, and flushes.
 *
 * unmap_and_replace moves the entry at new_addr (whatever it is) onto the
 * grant's slot and clears new_addr, as Xen's replace does: the moved entry
 * keeps its references, the grant's are dropped.  Like Xen it takes the
 * entry off new_addr first, so a replace refused after that point (host_addr
 * does not hold the grant; new_addr's slot is host_addr's own) has cleared
 * new_addr and dropped that entry's references: the one exception to the
 * model's "a refused request changed nothing".  Dropping them there, never
 * moving an entry onto the slot it left, is what keeps every count exact.
 * */
#include "mmu_entry.h"

#define GNTMAP_READONLY   (1u << 2)
#define GNTMAP_APP_MAP    (1u << 3)

static int grant_slot(struct mmu_env *env, struct mmu_vcpu *v, uint64_t addr,
                      bool contains_pte, uint64_t *table, unsigned int *idx)
{
	struct mmu_frame *f;

	if (!contains_pte) {
		if (!mmu_va_ok(addr))
			return -XEN_EINVAL;
		*idx = mmu_va_index(addr, 1);
		return mmu_walk_to_l1(env, v, addr, table);
	}
	if (addr & 7)
		return -XEN_EINVAL;
	*table = addr >> 12;
	*idx = (unsigned int)(addr & (MMU_PAGE_SIZE - 1)) / 8;
	if (!mmu_owns(env, v->domain, *table))
		return -XEN_EINVAL;
	f = mmu_frame(env, *table);
	if (f->type != MMU_TYPE_L1 || !(f->flags & MMU_FRAME_VALIDATED))
		return -XEN_EINVAL;
	return 0;
}

static void grant_flush(struct mmu_env *env, struct mmu_vcpu *v, uint64_t addr, bool contains_pte)
{
	if (contains_pte)
		env->flush(env, v->domain, MMU_FLUSH_DOMAIN, 0);
	else
		env->flush(env, v->domain, MMU_FLUSH_INVLPG_DOMAIN, addr);
}

int mmu_grant_map(struct mmu_env *env, struct mmu_vcpu *v, uint64_t addr, bool contains_pte,
                  struct mmu_domain *granter, uint64_t mfn, uint32_t gntmap_flags)
{
	uint64_t table, e, old, *pt;
	unsigned int idx;
	bool rw = !(gntmap_flags & GNTMAP_READONLY);
	int rc = grant_slot(env, v, addr, contains_pte, &table, &idx);

	if (rc)
		return rc;
	if (!mmu_is_ram(env, mfn) || !mmu_owns(env, granter, mfn))
		return -XEN_EINVAL;
	e = (mfn << 12) | MMU_PTE_P | MMU_PTE_A | MMU_PTE_D |
	    ((uint64_t)((gntmap_flags >> 16) & 7) << 9);
	if (env->cpu_has_nx)
		e |= MMU_PTE_NX;
	if (rw)
		e |= MMU_PTE_RW;
	if (gntmap_flags & GNTMAP_APP_MAP)
		e |= MMU_PTE_US;
	rc = rw ? mmu_get_page_and_type(env, granter, mfn, MMU_TYPE_WRITABLE)
	        : mmu_get_page(env, granter, mfn);
	if (rc)
		return -XEN_EBUSY;
	pt = mmu_frame_ptr(env, table);
	old = pt[idx];
	pt[idx] = mmu_adjust_entry(1, e);
	if (old & MMU_PTE_P) {
		mmu_put_entry_refs(env, 1, table, old);
		grant_flush(env, v, addr, contains_pte);
	}
	return 0;
}

/* Does the entry still map mfn as the grant mapping made with these flags?
   (Any entry that does will do, as in Xen: it holds the same references.) */
static bool is_grant_entry(uint64_t e, uint64_t mfn, bool rw)
{
	return (e & MMU_PTE_P) && MMU_PTE_MFN(e) == mfn && !(e & MMU_PTE_RW) == !rw;
}

int mmu_grant_unmap(struct mmu_env *env, struct mmu_vcpu *v, uint64_t addr, bool contains_pte,
                    uint64_t mfn, uint32_t gntmap_flags, uint64_t new_addr)
{
	uint64_t table, new_table = 0, moved = 0, old, *pt;
	unsigned int idx, new_idx = 0;
	int rc;

	if (new_addr) {
		if (contains_pte)
			return -XEN_EINVAL;     /* replace needs linear addresses */
		rc = grant_slot(env, v, new_addr, false, &new_table, &new_idx);
		if (rc)
			return rc;
		pt = mmu_frame_ptr(env, new_table);
		moved = pt[new_idx];
		pt[new_idx] = 0;
		grant_flush(env, v, new_addr, false);
	}
	rc = grant_slot(env, v, addr, contains_pte, &table, &idx);
	if (!rc && !is_grant_entry(mmu_frame_ptr(env, table)[idx], mfn,
	                           !(gntmap_flags & GNTMAP_READONLY)))
		rc = -XEN_EINVAL;
	if (rc) {
		mmu_put_entry_refs(env, 1, new_table, moved);
		return rc;
	}
	pt = mmu_frame_ptr(env, table);
	old = pt[idx];
	pt[idx] = moved;
	mmu_put_entry_refs(env, 1, table, old);
	grant_flush(env, v, addr, contains_pte);
	return 0;
}
