/*
 * mmuext_op: pins, base pointers, explicit flushes, the LDT, page copy/clear.
 *
 * Invariant enforced here: the references a pin or a base pointer holds are
 * taken before it is recorded and dropped after it is forgotten, so a table
 * the hardware may walk (the vCPU's kernel or user L4) or the guest relies on
 * staying valid (a pinned table) always holds a validated type reference.
 *
 *   PIN_Ln       general + Ln type reference (validating the hierarchy below)
 *                and the pinned flag; pins do not nest (-EINVAL).
 *   UNPIN        drops exactly that.  Unpinning a table still in use (as a
 *                base pointer, or under a higher table) succeeds, as in Xen:
 *                the other references keep it typed and validated.
 *   NEW_BASEPTR  takes general + L4 on the new frame, then drops the old one;
 *                re-installing the current frame only asks for a CR3 reload.
 *                The LDT shadow pages are dropped (they were found through the
 *                old tables).  Without m2p_strict the new L4 gets the
 *                read-only M2P in slot 256 now (ABI notes 2.1, 9.12.8).
 *   NEW_USER_BASEPTR  the same for the user L4 (MFN 0 = none); with
 *                m2p_strict its M2P slot is cleared.
 *
 * Base pointer changes are reported to the kernel through v->pending
 * (MMU_VCPU_RELOAD_CR3), and LDT changes through MMU_VCPU_RELOAD_LDT; the
 * kernel acts on them before the vCPU runs guest code again.  Flush requests
 * never pass an address the 2.2 check refuses to the flush callback: such an
 * INVLPG is silently skipped, as in Xen.
 */
#include "mmu_internal.h"

int mmu_pin(struct mmu_env *env, const struct mmu_pg *pg, uint64_t mfn,
            enum mmu_type t)
{
	int rc;

	if (pg->io_only || !mmu_owns(env, pg->d, mfn) ||
	    (mmu_frame(env, mfn)->flags & MMU_FRAME_PINNED))
		return -XEN_EINVAL;
	rc = mmu_get_page_and_type(env, pg->d, mfn, t);
	if (rc)
		return rc;
	mmu_frame(env, mfn)->flags |= MMU_FRAME_PINNED;
	return 0;
}

void mmu_drop_pin(struct mmu_env *env, uint64_t mfn)
{
	struct mmu_frame *f = mmu_frame(env, mfn);

	if (!(f->flags & MMU_FRAME_PINNED))
		return;
	f->flags &= (uint8_t)~MMU_FRAME_PINNED;
	mmu_put_page_and_type(env, mfn);
}

static int mmu_unpin(struct mmu_env *env, const struct mmu_pg *pg, uint64_t mfn)
{
	if (pg->io_only || !mmu_owns(env, pg->d, mfn) ||
	    !(mmu_frame(env, mfn)->flags & MMU_FRAME_PINNED))
		return -XEN_EINVAL;
	mmu_drop_pin(env, mfn);
	return 0;
}

int mmu_new_baseptr(struct mmu_env *env, struct mmu_vcpu *v, uint64_t mfn)
{
	struct mmu_domain *d = v->domain;
	uint64_t old = v->kernel_l4;
	int rc;

	if (mfn != MMU_NO_MFN && mfn == old) {
		v->pending |= MMU_VCPU_RELOAD_CR3;
		return 0;
	}
	rc = mmu_get_page_and_type(env, d, mfn, MMU_TYPE_L4);
	if (rc)
		return rc;
	if (!mmu_vm_assist_on(d, VMASST_TYPE_m2p_strict))
		mmu_frame_ptr(env, mfn)[HYPERVISOR_L4_FIRST] = env->xen_l4[0];
	v->kernel_l4 = mfn;
	v->pending |= MMU_VCPU_RELOAD_CR3;
	mmu_drop_ldt_frames(env, v);
	if (old != MMU_NO_MFN)
		mmu_put_page_and_type(env, old);
	return 0;
}

static int mmu_new_user_baseptr(struct mmu_env *env, struct mmu_vcpu *v,
                                uint64_t mfn)
{
	struct mmu_domain *d = v->domain;
	uint64_t old = v->user_l4;
	int rc;

	if (mfn == old)
		return 0;
	if (mfn != MMU_NO_MFN) {
		rc = mmu_get_page_and_type(env, d, mfn, MMU_TYPE_L4);
		if (rc)
			return rc;
		if (mmu_vm_assist_on(d, VMASST_TYPE_m2p_strict))
			mmu_frame_ptr(env, mfn)[HYPERVISOR_L4_FIRST] = 0;
	}
	v->user_l4 = mfn;
	v->pending |= MMU_VCPU_RELOAD_CR3;
	if (old != MMU_NO_MFN)
		mmu_put_page_and_type(env, old);
	return 0;
}

static int mmu_set_ldt(struct mmu_env *env, struct mmu_vcpu *v, uint64_t base,
                       unsigned int entries)
{
	if (entries > MMU_LDT_MAX_ENTRIES ||
	    (entries && ((base & (MMU_PAGE_SIZE - 1)) || !mmu_va_ok(base))))
		return -XEN_EINVAL;
	if (base == v->ldt_base && entries == v->ldt_entries)
		return 0;
	mmu_drop_ldt_frames(env, v);
	v->ldt_base = base;
	v->ldt_entries = entries;
	v->pending |= MMU_VCPU_RELOAD_LDT;
	return 0;
}

/* A frame of the page owner the hypervisor may write for the guest: RAM
   that can be typed writable, so nothing the guest could not write itself
   through a writable mapping.  Pages the hypervisor shares writable with
   the domain (shared_info, grant-table frames) are such pages, as in Xen.
   Takes the general and writable references. */
static int mmu_get_scratch_page(struct mmu_env *env, const struct mmu_pg *pg,
                                uint64_t mfn)
{
	if (pg->io_only || !mmu_owns(env, pg->d, mfn) ||
	    mmu_get_page_and_type(env, pg->d, mfn, MMU_TYPE_WRITABLE))
		return -XEN_EINVAL;
	return 0;
}

static int mmu_clear_page(struct mmu_env *env, const struct mmu_pg *pg,
                          uint64_t mfn)
{
	int rc = mmu_get_scratch_page(env, pg, mfn);

	if (rc)
		return rc;
	memset(mmu_frame_ptr(env, mfn), 0, MMU_PAGE_SIZE);
	mmu_put_page_and_type(env, mfn);
	return 0;
}

static int mmu_copy_page(struct mmu_env *env, const struct mmu_pg *pg,
                         uint64_t dst, uint64_t src)
{
	int rc;

	if (pg->io_only || !mmu_owns(env, pg->d, src))
		return -XEN_EINVAL;
	rc = mmu_get_scratch_page(env, pg, dst);
	if (rc)
		return rc;
	if (dst != src)
		memcpy(mmu_frame_ptr(env, dst), mmu_frame_ptr(env, src), MMU_PAGE_SIZE);
	mmu_put_page_and_type(env, dst);
	return 0;
}

/* The TLB_FLUSH_* and INVLPG_* commands, numbered 6-11 in pairs: the even
   one flushes everything, the odd one a single address; the pairs are
   local, MULTI (a vCPU bitmap) and ALL. */
static int mmu_ext_flush(struct mmu_env *env, struct mmu_domain *d,
                         const struct mmuext_op *op)
{
	unsigned int n = op->cmd - MMUEXT_TLB_FLUSH_LOCAL;

	if (mmu_guest_flush(env, d, (enum mmu_scope)(n / 2), op->arg2.vcpumask,
	                    n & 1, op->arg1.linear_addr))
		return -XEN_EINVAL;
	return 0;
}

int mmuext_op_one(struct mmu_env *env, struct mmu_vcpu *v,
                  const struct mmuext_op *op, domid_t foreigndom)
{
	struct mmu_domain *caller = v->domain;
	struct mmu_pg pg;
	bool self;
	int rc = mmu_page_owner(env, caller, foreigndom, &pg);

	if (rc)
		return rc;
	self = !pg.io_only && pg.d == caller;
	switch (op->cmd) {
	case MMUEXT_PIN_L1_TABLE:
	case MMUEXT_PIN_L2_TABLE:
	case MMUEXT_PIN_L3_TABLE:
	case MMUEXT_PIN_L4_TABLE:
		return mmu_pin(env, &pg, op->arg1.mfn,
		               (enum mmu_type)(op->cmd - MMUEXT_PIN_L1_TABLE + MMU_TYPE_L1));
	case MMUEXT_UNPIN_TABLE:
		return mmu_unpin(env, &pg, op->arg1.mfn);
	case MMUEXT_NEW_BASEPTR:
		return self ? mmu_new_baseptr(env, v, op->arg1.mfn) : -XEN_EPERM;
	case MMUEXT_NEW_USER_BASEPTR:
		return self ? mmu_new_user_baseptr(env, v, op->arg1.mfn) : -XEN_EPERM;
	case MMUEXT_TLB_FLUSH_LOCAL:
	case MMUEXT_INVLPG_LOCAL:
	case MMUEXT_TLB_FLUSH_MULTI:
	case MMUEXT_INVLPG_MULTI:
	case MMUEXT_TLB_FLUSH_ALL:
	case MMUEXT_INVLPG_ALL:
		return self ? mmu_ext_flush(env, caller, op) : -XEN_EPERM;
	case MMUEXT_FLUSH_CACHE:
	case MMUEXT_FLUSH_CACHE_GLOBAL:
		if (!self)
			return -XEN_EPERM;
		if (!caller->io_capable)
			return -XEN_EACCES;
		env->flush(env, caller, MMU_FLUSH_CACHE, 0);
		return 0;
	case MMUEXT_SET_LDT:
		return self ? mmu_set_ldt(env, v, op->arg1.linear_addr, op->arg2.nr_ents)
		            : -XEN_EPERM;
	case MMUEXT_CLEAR_PAGE:
		return mmu_clear_page(env, &pg, op->arg1.mfn);
	case MMUEXT_COPY_PAGE:
		return mmu_copy_page(env, &pg, op->arg1.mfn, op->arg2.src_mfn);
	case MMUEXT_MARK_SUPER:
	case MMUEXT_UNMARK_SUPER:
		return -XEN_EOPNOTSUPP;
	default:
		return -XEN_ENOSYS;
	}
}
