/*
 * Requests that name a guest linear address: update_va_mapping and the lazy
 * LDT.  Both find the L1 entry by walking the vCPU's current kernel tables
 * (mmu_walk_tables walks them as the hardware does; the writable-page-table
 * path uses that walk too).
 *
 * Invariant enforced here: an address is checked before anything is done
 * with it, and an update that failed flushes nothing (XSA-279: the flush
 * must never see an address the checks refused).  The walk itself trusts
 * nothing it reads: a linear or self-map entry can make the walk land in a
 * table of another level, and a self-map seen through the hypervisor's slots
 * can lead into the hypervisor's own tables, so every frame it meets is
 * range-checked, and the final frame must be a validated L1 the vCPU's domain
 * owns.
 *
 * LDT pages are not checked when the guest sets its LDT (MMUEXT_SET_LDT only
 * records base and size).  The first access through an LDT selector faults in
 * the kernel, which asks mmu_ldt_fault() to type the page: the offset is first
 * checked against the LDT limit (XSA-298: with no LDT the base is meaningless
 * and an unchecked access would type a frame the guest can write), then the
 * page the guest's kernel tables map there takes a seg_desc reference, which
 * validates its 512 descriptors.  The references are dropped when the LDT or
 * the kernel base pointer changes, and at teardown.
 */
#include "mmu_internal.h"

int mmu_walk_tables(struct mmu_env *env, struct mmu_vcpu *v, uint64_t va,
                    uint64_t *table)
{
	uint64_t mfn = v->kernel_l4;

	if (mfn == MMU_NO_MFN)
		return -XEN_EINVAL;
	for (unsigned int level = 4; level > 1; level--) {
		uint64_t e = mmu_frame_ptr(env, mfn)[mmu_va_index(va, level)];

		if (!(e & MMU_PTE_P) || (e & MMU_PTE_PSE))
			return -XEN_EINVAL;
		mfn = MMU_PTE_MFN(e);
		if (mfn >= env->nr_frames)
			return -XEN_EINVAL;
	}
	*table = mfn;
	return 0;
}

int mmu_walk_to_l1(struct mmu_env *env, struct mmu_vcpu *v, uint64_t va,
                   uint64_t *l1)
{
	uint64_t mfn;
	struct mmu_frame *f;
	int rc = mmu_walk_tables(env, v, va, &mfn);

	if (rc)
		return rc;
	f = mmu_frame(env, mfn);
	if (f->owner != v->domain->domid || f->type != MMU_TYPE_L1 ||
	    !(f->flags & MMU_FRAME_VALIDATED))
		return -XEN_EINVAL;
	*l1 = mfn;
	return 0;
}

static int mmu_uvmf_flush(struct mmu_env *env, struct mmu_domain *d,
                          uint64_t va, uint64_t flags)
{
	unsigned int type = (unsigned int)(flags & UVMF_FLUSHTYPE_MASK);
	uint64_t which = flags & ~(uint64_t)UVMF_FLUSHTYPE_MASK;
	enum mmu_scope scope = MMU_SCOPE_MULTI;

	if (type != UVMF_TLB_FLUSH && type != UVMF_INVLPG)
		return 0;
	if (which == UVMF_LOCAL)
		scope = MMU_SCOPE_LOCAL;
	else if (which == UVMF_ALL)
		scope = MMU_SCOPE_ALL;
	return mmu_guest_flush(env, d, scope, which, type == UVMF_INVLPG, va);
}

MMU_HOT_PATH int mmu_update_va_mapping(struct mmu_env *env, struct mmu_vcpu *v, uint64_t va,
                          uint64_t val, uint64_t flags, domid_t pagedom)
{
	struct mmu_domain *d = v->domain;
	struct mmu_pg pg;
	uint64_t l1;
	int rc = mmu_page_owner(env, d, pagedom, &pg);

	if (rc)
		return rc;
	if (!mmu_va_ok(va))
		return -XEN_EINVAL;
	rc = mmu_walk_to_l1(env, v, va, &l1);
	if (!rc)
		rc = mmu_mod_entry(env, d, l1, mmu_va_index(va, 1), val, &pg, false);
	if (rc)
		return rc;
	return mmu_uvmf_flush(env, d, va, flags);
}

void mmu_drop_ldt_frames(struct mmu_env *env, struct mmu_vcpu *v)
{
	for (unsigned int i = 0; i < MMU_LDT_MAX_FRAMES; i++) {
		if (v->ldt_frames[i] == MMU_NO_MFN)
			continue;
		mmu_put_page_and_type(env, v->ldt_frames[i]);
		v->ldt_frames[i] = MMU_NO_MFN;
		v->pending |= MMU_VCPU_RELOAD_LDT;
	}
}

int mmu_ldt_fault(struct mmu_env *env, struct mmu_vcpu *v, uint64_t offset,
                  uint64_t *mfn)
{
	unsigned int page = (unsigned int)(offset / MMU_PAGE_SIZE);
	uint64_t va, l1, e;

	if (offset >= (uint64_t)v->ldt_entries * 8)
		return -XEN_EINVAL;
	if (v->ldt_frames[page] != MMU_NO_MFN) {
		*mfn = v->ldt_frames[page];
		return 0;
	}
	va = v->ldt_base + (uint64_t)page * MMU_PAGE_SIZE;
	if (!mmu_va_ok(va))
		return -XEN_EINVAL;
	if (mmu_walk_to_l1(env, v, va, &l1))
		return -XEN_EFAULT;
	e = mmu_frame_ptr(env, l1)[mmu_va_index(va, 1)];
	if (!(e & MMU_PTE_P) ||
	    mmu_get_page_and_type(env, v->domain, MMU_PTE_MFN(e), MMU_TYPE_SEG_DESC))
		return -XEN_EFAULT;
	v->ldt_frames[page] = MMU_PTE_MFN(e);
	*mfn = v->ldt_frames[page];
	return 0;
}
