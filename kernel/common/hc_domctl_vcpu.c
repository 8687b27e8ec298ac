/*
 * The domctl commands a toolstack builds a domain with, beside memory_op
 * and foreign mappings: setvcpucontext (12), getvcpucontext (13) and
 * hypercall_init (22), in Xen 4.17's layouts.
 *
 * Rules (do_domctl has already refused an unprivileged caller, -EPERM, and
 * a domain that does not exist, -ESRCH):
 *   - "being built" is Xen's creation_finished turned round: a domain from
 *     createdomain is being built until its first unpausedomain brings the
 *     toolstack's pause count to 0; boot-time domains never are.  A domain
 *     that has run can no longer be given a vCPU context or a hypercall
 *     page (-EEXIST, Xen's answer for a cpuid change once a domain runs).
 *     Xen allows both on a running domain (pausing it around the change);
 *     Umbra is stricter;
 *   - setvcpucontext: not the caller's own domain, a vCPU it has (-EINVAL,
 *     Xen's checks and order); a context that cannot be read -EFAULT; a vCPU
 *     that has a context already -EOPNOTSUPP (Xen's answer when the new one
 *     would change its page tables, GDT or LDT; Umbra refuses any second
 *     context); then every check of VCPUOP_initialise, the base pointers and
 *     GDT frames typed as frames of the target domain only
 *     (vcpu_context.c).  A null context asks Xen to reset the vCPU: an
 *     uninitialised one is reset already (0), an initialised one cannot be
 *     (-EOPNOTSUPP: Umbra has no vCPU reset);
 *   - getvcpucontext: a vCPU the domain has and not the one running
 *     (-EINVAL), with a context (-ENODATA), a buffer that can be written
 *     (-EFAULT); any domain, as in Xen: it changes nothing;
 *   - hypercall_init: a frame of the target domain (-EINVAL) that can be
 *     typed writable (-EPERM: not a page table or descriptor page, and not
 *     a page the hypervisor itself writes, such as shared_info, which Xen
 *     would accept).
 */
#include "domctl.h"
#include "guest_access.h"
#include "hypercall.h"
#include "mm.h"
#include "sched.h"
#include "../arch/x86_64/lapic.h"

static struct vcpu_guest_context ctx;   /* one hypercall at a time: no stack for 5 KiB */

static struct vcpu *target_vcpu(struct domain *d, uint32_t id)
{
	return id < d->mmu.max_vcpus ? domain_vcpu(d, id) : NULL;
}

long domctl_setvcpucontext(struct domain *d, const struct xen_domctl_vcpucontext *vc)
{
	struct vcpu *v = target_vcpu(d, vc->vcpu);
	if (d == current->domain || !v)
		return -XEN_EINVAL;
	if (d->creation_finished)
		return -XEN_EEXIST;
	if (!vc->ctxt)
		return v->initialised ? -XEN_EOPNOTSUPP : 0;
	if (copy_from_guest(&ctx, vc->ctxt, sizeof(ctx)))
		return -XEN_EFAULT;
	if (v->initialised)
		return -XEN_EOPNOTSUPP;
	long rc = vcpu_set_context(v, &ctx);
	if (rc == 0)
		runstate_sync(v, now_ns());
	return rc;
}

long domctl_getvcpucontext(struct domain *d, const struct xen_domctl_vcpucontext *vc)
{
	struct vcpu *v = target_vcpu(d, vc->vcpu);
	if (!v || v == current)
		return -XEN_EINVAL;
	if (!v->initialised)
		return -XEN_ENODATA;
	vcpu_get_context(v, &ctx);
	return copy_to_guest(vc->ctxt, &ctx, sizeof(ctx)) ? -XEN_EFAULT : 0;
}

long domctl_hypercall_init(struct domain *d, uint64_t gmfn)
{
	if (d->creation_finished)
		return -XEN_EEXIST;
	if (mmu_get_page(&mmu_env, &d->mmu, gmfn))
		return -XEN_EINVAL;
	if ((frame_table[gmfn].flags & MMU_FRAME_XEN_SHARED) ||
	    mmu_get_type(&mmu_env, &d->mmu, gmfn, MMU_TYPE_WRITABLE)) {
		mmu_put_page(&mmu_env, gmfn);
		return -XEN_EPERM;
	}
	hypercall_page_fill(mfn_to_virt(gmfn));
	mmu_put_type(&mmu_env, gmfn);
	mmu_put_page(&mmu_env, gmfn);
	return 0;
}
