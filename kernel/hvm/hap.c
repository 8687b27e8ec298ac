/*
 * Nested paging (Xen's "HAP"; AMD NPT): the CPU walks the guest's own page
 * tables, and every guest-physical address on the way, through the p2m.
 *
 * The guest's CR0, CR3, CR4 and EFER are its own (in the VMCB), it may run
 * with paging off, and its CR3 loads, INVLPGs and page faults stay inside
 * it: none is intercepted.  What reaches the hypervisor is a nested page
 * fault, for a guest-physical address with no RAM behind it.  Umbra
 * populates all of a domain's RAM when it builds it and emulates no MMIO
 * device, so such a fault is a guest touching memory that is not its own:
 * the domain is crashed (Xen crashes it too when no handler and no device
 * model claims the address; Xen would send MMIO to a device model first).
 * Invariant: the nested root in every VMCB of the domain is its p2m root,
 * and the p2m maps only the domain's frames (hvm_p2m.c).
 */
#include "hvm.h"
#include "hvm_paging.h"
#include "svm.h"

#define PAT_RESET 0x0007040600070406ull

static int hap_init(struct domain *d)
{
	return hvm_of(d)->p2m_root ? 0 : -XEN_EINVAL;
}

static void hap_vmcb_setup(struct vcpu *v, void *vmcb)
{
	vmcb_w64(vmcb, VMCB_NP_CONTROL, 1);
	vmcb_w64(vmcb, VMCB_N_CR3, hvm_of(v->domain)->p2m_root << PAGE_SHIFT);
	vmcb_w64(vmcb, VMCB_G_PAT, PAT_RESET);
}

static void hap_npf(struct vcpu *v, uint64_t gpa, uint64_t info)
{
	struct hvm_domain *h = hvm_of(v->domain);
	h->stats.npf++;
	const char *what = (gpa >> PAGE_SHIFT) < h->ram_pages ? "unpopulated RAM" : "no RAM and no emulated device";
	hvm_crash(v, "nested page fault: %s of guest-physical %lx (%s; error %lx)",
		  (info & 2) ? "write" : (info & 16) ? "fetch" : "read", gpa, what, info);
}

const struct hvm_paging_ops hap_paging_ops = {
	.name = "hap",
	.init = hap_init,
	/* no teardown: the p2m is the domain's, hvm_domain.c frees it */
	.vmcb_setup = hap_vmcb_setup,
	.npf = hap_npf,
};
