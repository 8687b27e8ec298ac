/*
 * What a present entry holds on the frame it points at, and the validation
 * of a whole table.
 *
 * Invariant enforced here: every present entry of a validated table holds
 * exactly these references on its target, and nothing else:
 *
 *   L1, read-only      a general reference (RAM only; I/O frames hold none);
 *   L1, RW             a general reference and a writable type reference;
 *   Ln (n = 2..4)      a general reference and an L(n-1) type reference;
 *   Ln linear          an Ln entry that points at another validated Ln of the
 *                      same domain, read-only: a general reference and an Ln
 *                      type reference, and the XSA-240 counters move;
 *   Ln self-map        an Ln entry that points at its own table, read-only:
 *                      nothing (it cannot keep the table alive).
 *
 * and every target is one the rules allow: an L1 maps RAM of the page owner
 * (the table's owner, or the foreign domain a privileged caller named) or I/O
 * memory both may use; an L2-L4 entry points only at frames of the table's
 * own domain.
 *
 * Linear page tables (XSA-240).  A linear entry lets the guest see page
 * tables through its own address space, read-only.  Allowing a table that
 * holds linear entries to be itself the target of linear entries would let
 * chains of them form and be torn down recursively without bound, so a frame
 * may be one or the other: mmu_frame.linear counts up for linear entries a
 * table holds and down for linear entries that target it, and may not cross
 * zero.
 *
 * Validation takes the references entry by entry; if one entry is refused,
 * the references of the entries before it are dropped again, so a failed
 * validation leaves every count as it found it.  Only when all entries
 * passed are they adjusted in place (mmu_entry.h) and, for an L4, the
 * hypervisor's slots 256-271 written.
 */
#include "mmu_entry.h"

static int mmu_get_l1_refs(struct mmu_env *env, struct mmu_domain *d,
                           uint64_t e, const struct mmu_pg *pg)
{
	uint64_t mfn = MMU_PTE_MFN(e);
	int rc;

	if (!mmu_is_ram(env, mfn)) {
		bool ok = env->iomem_allowed && env->iomem_allowed(env, pg->d, mfn) &&
		          env->iomem_allowed(env, d, mfn);
		return ok ? 0 : -XEN_EPERM;
	}
	if (pg->io_only)
		return -XEN_EBUSY;
	if ((e & MMU_PTE_CACHE) && mmu_owns(env, pg->d, mfn) &&
	    (mmu_frame(env, mfn)->flags & MMU_FRAME_XEN_SHARED))
		return -XEN_EACCES;
	if (e & MMU_PTE_RW)
		rc = mmu_get_page_and_type(env, pg->d, mfn, MMU_TYPE_WRITABLE);
	else
		rc = mmu_get_page(env, pg->d, mfn);
	return rc ? -XEN_EBUSY : 0;
}

static void mmu_put_l1_refs(struct mmu_env *env, uint64_t e)
{
	uint64_t mfn = MMU_PTE_MFN(e);

	if (!mmu_is_ram(env, mfn))
		return;
	if (e & MMU_PTE_RW)
		mmu_put_page_and_type(env, mfn);
	else
		mmu_put_page(env, mfn);
}

static int mmu_get_linear_ref(struct mmu_env *env, struct mmu_domain *d,
                              unsigned int level, uint64_t table, uint64_t mfn,
                              uint64_t e)
{
	struct mmu_frame *self = mmu_frame(env, table), *f = mmu_frame(env, mfn);
	int rc;

	if ((e & MMU_PTE_RW) || !(f->flags & MMU_FRAME_VALIDATED))
		return -XEN_EINVAL;
	if (self->linear < 0 || self->linear == INT32_MAX || f->linear > 0 ||
	    f->linear == INT32_MIN)
		return -XEN_EINVAL;
	rc = mmu_get_type(env, d, mfn, level);
	if (rc)
		return rc;
	self->linear++;
	f->linear--;
	return 0;
}

static int mmu_get_upper_refs(struct mmu_env *env, struct mmu_domain *d,
                              unsigned int level, uint64_t table, uint64_t e)
{
	uint64_t mfn = MMU_PTE_MFN(e);
	int rc;

	if (mfn == table)
		return (e & MMU_PTE_RW) ? -XEN_EINVAL : 0;
	rc = mmu_get_page(env, d, mfn);
	if (rc)
		return rc;
	rc = mmu_get_type(env, d, mfn, level - 1);
	/* Refused because the target is a table of this very level: the only
	   way that may still work is a linear entry. */
	if (rc && mmu_frame(env, mfn)->type == level && mmu_frame(env, mfn)->type_count)
		rc = mmu_get_linear_ref(env, d, level, table, mfn, e);
	if (rc)
		mmu_put_page(env, mfn);
	return rc;
}

static void mmu_put_upper_refs(struct mmu_env *env, unsigned int level,
                               uint64_t table, uint64_t e)
{
	uint64_t mfn = MMU_PTE_MFN(e);

	if (mfn == table)
		return;
	if (mmu_frame(env, mfn)->type == level) {
		mmu_frame(env, table)->linear--;
		mmu_frame(env, mfn)->linear++;
	}
	mmu_put_page_and_type(env, mfn);
}

/* Take the references the present, already checked entry e of table (owned
   by d, at this level) needs; pg says whose RAM an L1 entry may map. */
int mmu_get_entry_refs(struct mmu_env *env, struct mmu_domain *d,
                       unsigned int level, uint64_t table, uint64_t e,
                       const struct mmu_pg *pg)
{
	if (level == 1)
		return mmu_get_l1_refs(env, d, e, pg);
	return mmu_get_upper_refs(env, d, level, table, e);
}

void mmu_put_entry_refs(struct mmu_env *env, unsigned int level, uint64_t table,
                        uint64_t e)
{
	if (!(e & MMU_PTE_P))
		return;
	if (level == 1)
		mmu_put_l1_refs(env, e);
	else
		mmu_put_upper_refs(env, level, table, e);
}

static bool mmu_guest_slot(unsigned int level, unsigned int i)
{
	return level != 4 || !mmu_is_xen_l4_slot(i);
}

static int mmu_validate_entry(struct mmu_env *env, struct mmu_domain *d,
                              unsigned int level, uint64_t table, uint64_t e)
{
	struct mmu_pg pg = { d, false };
	int rc = mmu_entry_ok(env, level, d, e);

	if (rc || !(e & MMU_PTE_P))
		return rc;
	return mmu_get_entry_refs(env, d, level, table, e, &pg);
}

int mmu_validate_table(struct mmu_env *env, struct mmu_domain *d, uint64_t mfn,
                       unsigned int level)
{
	uint64_t *pt = mmu_frame_ptr(env, mfn);
	unsigned int i;
	int rc = 0;

	for (i = 0; i < MMU_ENTRIES; i++) {
		if (!mmu_guest_slot(level, i))
			continue;
		rc = mmu_validate_entry(env, d, level, mfn, pt[i]);
		if (rc)
			break;
	}
	if (rc) {
		while (i-- > 0)
			if (mmu_guest_slot(level, i))
				mmu_put_entry_refs(env, level, mfn, pt[i]);
		return rc;
	}
	for (i = 0; i < MMU_ENTRIES; i++)
		if (mmu_guest_slot(level, i))
			pt[i] = mmu_io_cache(env, level, mmu_adjust_entry(level, pt[i]));
	if (level == 4) {
		memcpy(&pt[HYPERVISOR_L4_FIRST], env->xen_l4, sizeof(env->xen_l4));
		if (!mmu_vm_assist_on(d, VMASST_TYPE_m2p_strict))
			pt[HYPERVISOR_L4_FIRST] = 0;
	}
	return 0;
}

void mmu_devalidate_table(struct mmu_env *env, uint64_t mfn, unsigned int level)
{
	uint64_t *pt = mmu_frame_ptr(env, mfn);

	for (unsigned int i = 0; i < MMU_ENTRIES; i++)
		if (mmu_guest_slot(level, i))
			mmu_put_entry_refs(env, level, mfn, pt[i]);
}
