/*
 * Domain teardown: give back everything a dying domain holds.
 *
 * Invariant enforced here: after relinquish, the domain holds no reference on
 * any frame, none of its frames is typed as a table, and every frame of it
 * that nobody else references has been released (frame_released).  The order:
 *
 *   1. each vCPU drops its kernel and user base pointers, GDT and LDT pages;
 *   2. each frame the domain owns drops its pin, then its "allocated"
 *      reference (and the permanent writable type of a page shared with the
 *      hypervisor).
 *
 * Nothing else can keep one of the domain's tables typed: L2-L4 entries point
 * only within a domain, linear entries cannot form cycles (a table holding
 * linear entries cannot be the target of one, XSA-240), and another domain
 * may map the dying domain's frames only through L1 entries.  So once pins
 * and base pointers are gone, every table devalidates, recursively, and drops
 * what its entries held.  Frames that a privileged domain still maps keep a
 * general reference, stay owned by the dying domain, and are released when
 * that mapping goes.
 *
 * The cost is one pass over the frame table plus 512 entries per table the
 * domain owns; there is no preemption (see mmu_types.c).  The kernel must
 * make the domain invisible to get_domain() first, so that no new request can
 * name it while it is being taken apart.
 */
#include "mmu_internal.h"

static void mmu_vcpu_release(struct mmu_env *env, struct mmu_vcpu *v)
{
	if (v->kernel_l4 != MMU_NO_MFN)
		mmu_put_page_and_type(env, v->kernel_l4);
	if (v->user_l4 != MMU_NO_MFN)
		mmu_put_page_and_type(env, v->user_l4);
	v->kernel_l4 = MMU_NO_MFN;
	v->user_l4 = MMU_NO_MFN;
	mmu_drop_gdt(env, v);
	mmu_drop_ldt_frames(env, v);
	v->ldt_base = 0;
	v->ldt_entries = 0;
	v->pending |= MMU_VCPU_RELOAD_CR3 | MMU_VCPU_RELOAD_GDT | MMU_VCPU_RELOAD_LDT;
}

void mmu_domain_relinquish(struct mmu_env *env, struct mmu_domain *d,
                           struct mmu_vcpu *const *vcpus, size_t nr_vcpus)
{
	for (size_t i = 0; i < nr_vcpus; i++)
		mmu_vcpu_release(env, vcpus[i]);
	for (uint64_t mfn = 0; mfn < env->nr_frames; mfn++) {
		struct mmu_frame *f = mmu_frame(env, mfn);

		if (f->owner != d->domid)
			continue;
		mmu_drop_pin(env, mfn);
		if (f->flags & MMU_FRAME_ALLOCATED)
			mmu_frame_unassign(env, d, mfn);
	}
}
