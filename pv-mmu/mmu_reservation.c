/*
 * Frames a guest gives back through memory_op: decrease_reservation and
 * the first half of exchange.
 *
 * Invariant enforced here: a frame leaves a domain only when nothing refers
 * to it any more, so no mapping, pin, base pointer, descriptor table or
 * grant mapping can outlive the frame's ownership, and no frame is handed
 * to anyone while something still reaches it.
 *
 * decrease_reservation follows Xen's guest_remove_page: the guest drops the
 * "allocated" reference and nothing else.  A frame still mapped, pinned or
 * installed stays the domain's (it may even be mapped again) and is released
 * when its last reference goes; until then it still counts in the domain's
 * reservation.  Xen stopped unpinning here (XSA-252): the guest unpins, or
 * the pin goes with the domain.  Pages the hypervisor itself keeps writing
 * (shared_info, grant-table frames: MMU_FRAME_XEN_SHARED) are refused;
 * Xen lets them go because they stay its own heap pages, Umbra's stay
 * domain frames the hypervisor writes until the domain dies.
 *
 * exchange follows Xen's steal_page: a frame is taken only when the
 * "allocated" reference is the only one, and it is detached without being
 * released, so the kernel can still give it back if the exchange fails.
 */
#include "mmu_internal.h"

int mmu_guest_remove_page(struct mmu_env *env, struct mmu_domain *d, uint64_t mfn)
{
	struct mmu_frame *f;

	if (mfn >= env->nr_frames)
		return -XEN_EINVAL;
	if (!mmu_owns(env, d, mfn))
		return -XEN_ENXIO;
	f = mmu_frame(env, mfn);
	if (f->flags & MMU_FRAME_XEN_SHARED)
		return -XEN_EBUSY;
	if (!(f->flags & MMU_FRAME_ALLOCATED))
		return 0;
	f->flags &= (uint8_t)~MMU_FRAME_ALLOCATED;
	mmu_put_page(env, mfn);
	return 0;
}

int mmu_frame_steal(struct mmu_env *env, struct mmu_domain *d, uint64_t mfn)
{
	struct mmu_frame *f;

	if (!mmu_owns(env, d, mfn))
		return -XEN_EINVAL;
	f = mmu_frame(env, mfn);
	if (f->count != 1 || f->type_count || f->flags != MMU_FRAME_ALLOCATED)
		return -XEN_EINVAL;
	f->owner = DOMID_INVALID;
	f->count = 0;
	f->flags = 0;
	f->type = MMU_TYPE_NONE;
	f->type_count = 0;
	f->linear = 0;
	f->tlbflush_stamp = env->tlb_clock;
	return 0;
}
