/*
 * A new HVM vCPU's VMCB: the intercepts and the PVH start state.
 *
 * Intercepts (as Xen's construct_vmcb, less what this hypervisor does not
 * need): physical interrupts, NMI, SMI, INIT (so the host keeps its
 * interrupts while a guest runs), CPUID, HLT, INVD, INVLPGA, port I/O and
 * MSRs through the all-ones permission maps, task switches, SHUTDOWN (a
 * guest triple fault must not reset the machine), every SVM instruction
 * (VMRUN must be, and a guest has no business with the others: they raise
 * #UD in the guest as Xen does without nested SVM, VMMCALL excepted, which
 * is the hypercall), and MONITOR, MWAIT and XSETBV (#UD: CPUID shows
 * neither MONITOR nor XSAVE).  WBINVD, RDTSCP and ICEBP run natively.  The paging backend adds its
 * own (hvm_paging.h).  V_INTR_MASKING keeps the guest's RFLAGS.IF for its
 * virtual interrupts only.
 *
 * Start state (Xen's PVH entry, docs/misc/pvh.pandoc): 32-bit protected
 * mode, paging off, flat 4 GiB code (0xC9B) and data (0xC93) segments,
 * a busy TSS, CR0 = PE|ET, CR4 = 0, EFER = SVME only (the guest never sees
 * SVME: svm_exit.c hides it), RFLAGS = 2, EBX = the start-info address,
 * RIP = the kernel's PHYS32_ENTRY.
 */
#include "hvm.h"
#include "hvm_paging.h"
#include "svm.h"

void svm_vmcb_init(struct vcpu *v, uint64_t entry, uint64_t start_info_gpa)
{
	void *vmcb = v->hvm->vmcb;
	vmcb_w32(vmcb, VMCB_INTERCEPTS1, SVM_INT1_INTR | SVM_INT1_NMI | SVM_INT1_SMI | SVM_INT1_INIT |
		 SVM_INT1_CPUID | SVM_INT1_INVD | SVM_INT1_HLT | SVM_INT1_INVLPGA | SVM_INT1_IOIO |
		 SVM_INT1_MSR | SVM_INT1_TASK_SWITCH | SVM_INT1_SHUTDOWN);
	vmcb_w32(vmcb, VMCB_INTERCEPTS2, SVM_INT2_SVM_INSNS | SVM_INT2_MONITOR_XSETBV);
	vmcb_w64(vmcb, VMCB_IOPM_BASE, svm_iopm_pa);
	vmcb_w64(vmcb, VMCB_MSRPM_BASE, svm_msrpm_pa);
	vmcb_w64(vmcb, VMCB_VINTR, SVM_VINTR_MASKING);
	hvm_of(v->domain)->paging->vmcb_setup(v, vmcb);

	vmcb_wseg(vmcb, VMCB_CS, 0x08, 0xC9B, 0xFFFFFFFF, 0);
	vmcb_wseg(vmcb, VMCB_DS, 0x10, 0xC93, 0xFFFFFFFF, 0);
	vmcb_wseg(vmcb, VMCB_ES, 0x10, 0xC93, 0xFFFFFFFF, 0);
	vmcb_wseg(vmcb, VMCB_SS, 0x10, 0xC93, 0xFFFFFFFF, 0);
	vmcb_wseg(vmcb, VMCB_FS, 0x10, 0xC93, 0xFFFFFFFF, 0);
	vmcb_wseg(vmcb, VMCB_GS, 0x10, 0xC93, 0xFFFFFFFF, 0);
	vmcb_wseg(vmcb, VMCB_TR, 0x18, 0x8B, 0x67, 0);
	vmcb_wseg(vmcb, VMCB_LDTR, 0, 0x82, 0, 0);
	vmcb_wseg(vmcb, VMCB_GDTR, 0, 0, 0, 0);
	vmcb_wseg(vmcb, VMCB_IDTR, 0, 0, 0x3FF, 0);
	vmcb_w8(vmcb, VMCB_CPL, 0);
	vmcb_w64(vmcb, VMCB_CR0, 0x11);
	vmcb_w64(vmcb, VMCB_CR4, 0);
	vmcb_w64(vmcb, VMCB_EFER, EFER_SVME);
	vmcb_w64(vmcb, VMCB_DR6, 0xFFFF0FF0);
	vmcb_w64(vmcb, VMCB_DR7, 0x400);
	vmcb_w64(vmcb, VMCB_RFLAGS, 2);
	vmcb_w64(vmcb, VMCB_RIP, entry);
	vmcb_w64(vmcb, VMCB_RSP, 0);
	vmcb_w64(vmcb, VMCB_RAX, 0);
	v->regs = (struct cpu_regs){ .rbx = start_info_gpa };
}
