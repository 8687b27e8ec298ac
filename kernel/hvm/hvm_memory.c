/*
 * memory_op from an HVM guest: XENMEM_decrease_reservation, the balloon's
 * way of giving pages back (Xen's common/memory.c, reached from HVM
 * through the same hypercall).
 *
 * The array names guest frame numbers.  Each one is taken out of the p2m
 * first (p2m_clear: the vCPUs get fresh ASIDs, so no combined translation
 * of the old frame survives into the next VMRUN), then the domain's
 * "allocated" reference on the machine frame is dropped, so the frame goes
 * back to the hypervisor.  A later guest access to that address is a
 * nested page fault on unpopulated RAM, which crashes the domain (hap.c).
 * The call returns how many extents it completed, as Xen's does, and
 * stops at the first element it cannot read or whose frame is not there.
 * Only 4 KiB extents (order 0) and only the calling domain itself are
 * handled: another order or domain completes nothing.  At most
 * HVM_DECREASE_BATCH extents per call (no continuation yet): the guest
 * calls again for the rest, as Xen's partial results allow.
 */
#include "hvm.h"
#include "hvm_paging.h"
#include "mm.h"
#include "public/memory.h"

#define HVM_DECREASE_BATCH 1024

static long decrease(struct vcpu *v, const struct xen_memory_reservation *r)
{
	struct domain *d = v->domain;
	if (r->extent_order != 0 || (r->domid != DOMID_SELF && r->domid != d->id))
		return 0;
	uint64_t n = MIN(r->nr_extents, HVM_DECREASE_BATCH), done;
	for (done = 0; done < n; done++) {
		uint64_t gfn;
		if (hvm_copy_from_gva(v, &gfn, r->extent_start + done * 8, 8))
			break;
		uint64_t mfn = gfn < hvm_of(d)->ram_pages ? p2m_lookup(d, gfn) : 0;
		if (!mfn)
			break;
		p2m_clear(d, gfn);
		if (mmu_guest_remove_page(&mmu_env, &d->mmu, mfn))
			break;
	}
	return (long)done;
}

long hvm_memory_op(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
	struct xen_memory_reservation r;
	if (cmd != XENMEM_decrease_reservation)
		return -XEN_ENOSYS;
	if (hvm_copy_from_gva(v, &r, arg, sizeof(r)))
		return -XEN_EFAULT;
	return decrease(v, &r);
}
