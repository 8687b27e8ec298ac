/*
 * Grant mappings in page tables (xen-pv-abi.md 9.12.7).
 *
 * A grant mapping is the one way an unprivileged domain's L1 entry may point
 * at another domain's frame.  The grant table (in the kernel) decides that
 * the mapping is allowed; this file makes it safe for the page tables:
 *
 *   - the entry is written only into a validated L1 of the mapper, found by
 *     linear address in its current kernel tables, or given as the machine
 *     address of the entry, which must be 8-byte aligned (XSA-227);
 *   - the entry is marked with _PAGE_GNTTAB (bit 62), which ordinary updates
 *     may neither create (the L1 mask refuses it) nor overwrite (the entry is
 *     the grant code's until it unmaps it): the grant's accounting and the
 *     page-table references can never disagree;
 *   - it holds exactly what an ordinary L1 entry holds: a general reference
 *     on the granted frame, plus a writable type reference when writable, so
 *     a granted page table or descriptor page can never be mapped writable;
 *   - unmapping checks that the entry still maps the granted frame with the
 *     same present and RW bits (XSA-234) before it clears it, and flushes.
 *
 * Only an empty (non-present) entry can become a grant mapping; Xen would
 * replace a present one, Umbra refuses it (-EBUSY).
 */
#include "mmu_internal.h"

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
	uint64_t table, e, *pt;
	unsigned int idx;
	bool rw = !(gntmap_flags & GNTMAP_READONLY);
	int rc = grant_slot(env, v, addr, contains_pte, &table, &idx);

	if (rc)
		return rc;
	pt = env->frame_ptr(env, table);
	if (pt[idx] & MMU_PTE_P)
		return -XEN_EBUSY;
	if (!mmu_is_ram(env, mfn) || !mmu_owns(env, granter, mfn))
		return -XEN_EINVAL;
	e = (mfn << 12) | MMU_PTE_P | MMU_PTE_A | MMU_PTE_D | MMU_PTE_GNTTAB |
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
	pt[idx] = mmu_adjust_entry(1, e);
	return 0;
}

int mmu_grant_unmap(struct mmu_env *env, struct mmu_vcpu *v, uint64_t addr, bool contains_pte,
                    uint64_t mfn, uint32_t gntmap_flags)
{
	uint64_t table, old, *pt;
	unsigned int idx;
	bool rw = !(gntmap_flags & GNTMAP_READONLY);
	int rc = grant_slot(env, v, addr, contains_pte, &table, &idx);

	if (rc)
		return rc;
	pt = env->frame_ptr(env, table);
	old = pt[idx];
	if (!(old & MMU_PTE_P) || !(old & MMU_PTE_GNTTAB) || MMU_PTE_MFN(old) != mfn ||
	    !(old & MMU_PTE_RW) != !rw)
		return -XEN_EINVAL;
	pt[idx] = 0;
	mmu_put_entry_refs(env, 1, table, old);
	grant_flush(env, v, addr, contains_pte);
	return 0;
}
