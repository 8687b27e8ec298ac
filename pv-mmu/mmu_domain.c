/*
 * A domain's frames and settings: frames entering and leaving the domain,
 * its vCPUs' initial state, vm_assist, and the domain builder's last step.
 *
 * Invariant enforced here: a frame belongs to at most one domain, and the
 * "allocated" reference is held exactly while the frame is assigned.  A frame
 * is handed out only when free (count 0), after flushing any TLB that might
 * still cache a mapping of it from its previous life (mmu_flush.c); it leaves
 * the domain when its last reference goes, not when the domain lets go of
 * it, so a frame still mapped elsewhere cannot be handed out twice.
 */
#include "mmu_internal.h"

/* The vm_assist types a 64-bit PV domain may switch (Xen's PV64 mask). */
#define MMU_VMASST_VALID ((1ull << VMASST_TYPE_4gb_segments) |          \
                          (1ull << VMASST_TYPE_4gb_segments_notify) |   \
                          (1ull << VMASST_TYPE_writable_pagetables) |   \
                          (1ull << VMASST_TYPE_pae_extended_cr3) |      \
                          (1ull << VMASST_TYPE_architectural_iopl) |    \
                          (1ull << VMASST_TYPE_runstate_update_flag) |  \
                          (1ull << VMASST_TYPE_m2p_strict))

int mmu_frame_assign(struct mmu_env *env, struct mmu_domain *d, uint64_t mfn,
                     bool xen_shared)
{
	struct mmu_frame *f;

	if (mfn == MMU_NO_MFN || mfn >= env->nr_frames)
		return -XEN_EINVAL;
	f = mmu_frame(env, mfn);
	if (f->count || f->owner != DOMID_INVALID)
		return -XEN_EBUSY;
	mmu_flush_if_stale(env, f);
	f->owner = d->domid;
	f->count = 1;
	f->flags = MMU_FRAME_ALLOCATED;
	f->type = MMU_TYPE_NONE;
	f->type_count = 0;
	f->linear = 0;
	if (xen_shared) {
		f->flags |= MMU_FRAME_XEN_SHARED;
		f->type = MMU_TYPE_WRITABLE;
		f->type_count = 1;
	}
	return 0;
}

int mmu_frame_unassign(struct mmu_env *env, struct mmu_domain *d, uint64_t mfn)
{
	struct mmu_frame *f;

	if (!mmu_owns(env, d, mfn) || !(mmu_frame(env, mfn)->flags & MMU_FRAME_ALLOCATED))
		return -XEN_EINVAL;
	f = mmu_frame(env, mfn);
	/* A frame leaving the domain cannot stay pinned (Xen unpins too). */
	mmu_drop_pin(env, mfn);
	if (f->flags & MMU_FRAME_XEN_SHARED) {
		f->flags &= (uint8_t)~MMU_FRAME_XEN_SHARED;
		mmu_put_type(env, mfn);
	}
	f->flags &= (uint8_t)~MMU_FRAME_ALLOCATED;
	mmu_put_page(env, mfn);
	return 0;
}

void mmu_vcpu_init(struct mmu_vcpu *v, struct mmu_domain *d)
{
	memset(v, 0, sizeof(*v));
	v->domain = d;
}

int mmu_vm_assist(struct mmu_domain *d, unsigned int cmd, unsigned int type)
{
	if (type >= 64 || !((MMU_VMASST_VALID >> type) & 1))
		return -XEN_EINVAL;
	switch (cmd) {
	case VMASST_CMD_enable:
		d->vm_assist |= 1ull << type;
		return 0;
	case VMASST_CMD_disable:
		d->vm_assist &= ~(1ull << type);
		return 0;
	default:
		return -XEN_ENOSYS;
	}
}

int mmu_install_boot_l4(struct mmu_env *env, struct mmu_vcpu *v, uint64_t l4)
{
	struct mmu_pg pg = { v->domain, false };
	int rc = mmu_pin(env, &pg, l4, MMU_TYPE_L4);

	if (rc)
		return rc;
	return mmu_new_baseptr(env, v, l4);
}
