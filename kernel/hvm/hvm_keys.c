/*
 * Debug keys for HVM domains: 'v' (Xen's key for the HVM vCPUs' VMCB/VMCS)
 * shows each HVM domain's counters (exits by reason, nested page faults,
 * ASID and full TLB flushes, interrupts injected, PIT ticks) and each of
 * its vCPUs' state as the VMCB holds it; the register keys ('d', '0'-'9')
 * show an HVM vCPU through hvm_dump_vcpu, since RIP, RSP, RFLAGS and the
 * control registers live in its VMCB, not its register frame.  Read only.
 */
#include "console.h"
#include "hvm.h"
#include "keyhandler.h"
#include "svm.h"

void hvm_dump_vcpu(const struct vcpu *v)
{
	const void *vmcb = v->hvm->vmcb;
	const struct cpu_regs *r = &v->regs;
	log_info("d%uv%u: %s, HVM, ASID %u (%lu flushes)", v->domain->id, v->id, vcpu_state_name(v),
		 v->hvm->asid.asid, v->hvm->asid.flushes);
	log_info("  rip %016lx  cs %04x  rflags %08lx  rsp %016lx  cpl %u", vmcb_r64(vmcb, VMCB_RIP),
		 *(const uint16_t *)((const uint8_t *)vmcb + VMCB_CS), vmcb_r64(vmcb, VMCB_RFLAGS),
		 vmcb_r64(vmcb, VMCB_RSP), *((const uint8_t *)vmcb + VMCB_CPL));
	log_info("  cr0 %016lx  cr3 %016lx  cr4 %016lx  efer %016lx", vmcb_r64(vmcb, VMCB_CR0),
		 vmcb_r64(vmcb, VMCB_CR3), vmcb_r64(vmcb, VMCB_CR4),
		 vmcb_r64(vmcb, VMCB_EFER) & ~(uint64_t)EFER_SVME);      /* the guest's view */
	log_info("  rax %016lx  rbx %016lx  rcx %016lx  rdx %016lx", vmcb_r64(vmcb, VMCB_RAX), r->rbx,
		 r->rcx, r->rdx);
}

void key_dump_hvm(unsigned char key)
{
	unsigned i = 0, n = 0;
	struct domain *d;
	log_info("'%c' pressed: HVM domains", key);
	while ((d = domain_iter(&i))) {
		if (!d->hvm)
			continue;
		n++;
		hvm_print_counters(d);
		for (unsigned k = 0; k < d->nr_vcpus; k++)
			if (d->vcpus[k]->hvm)
				hvm_dump_vcpu(d->vcpus[k]);
	}
	if (!n)
		log_info("  none");
}
