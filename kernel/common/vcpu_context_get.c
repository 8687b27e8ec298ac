/*
 * A vCPU's state as a vcpu_guest_context, for domctl getvcpucontext, as
 * Xen 4.17's arch_get_info_guest gives a 64-bit PV vCPU's.
 *
 * What is given: the FXSAVE image (always valid: every vCPU has one from its
 * creation, so VGCF_i387_valid is set), the registers with the virtual IOPL
 * merged back into rflags, the trap table, LDT and GDT, kernel stack,
 * callbacks, segment bases, debug registers, the control registers as the
 * guest reads them (CR0 with its own TS, CR3 the kernel L4, CR4 the value
 * every PV guest sees; ctrlreg[1] the user L4 or 0), the flags VGCF_online,
 * VGCF_in_kernel and the two events-masking callback flags, and the
 * domain's vm_assist.
 *
 * Invariant: the vCPU is not the one running (domctl refuses the caller's
 * own running vCPU, as Xen does), so everything read here was saved when
 * it last stopped; nothing is changed.
 */
#include "pv.h"
#include "public/callback.h"
#include "../arch/x86_64/cpu.h"

static void get_registers(const struct vcpu *v, struct cpu_user_regs *u)
{
	const struct cpu_regs *r = &v->regs;
	*u = (struct cpu_user_regs){
		.r15 = r->r15, .r14 = r->r14, .r13 = r->r13, .r12 = r->r12, .rbp = r->rbp,
		.rbx = r->rbx, .r11 = r->r11, .r10 = r->r10, .r9 = r->r9, .r8 = r->r8,
		.rax = r->rax, .rcx = r->rcx, .rdx = r->rdx, .rsi = r->rsi, .rdi = r->rdi,
		.rip = r->rip, .cs = (uint16_t)r->cs, .rsp = r->rsp, .ss = (uint16_t)r->ss,
		.rflags = (r->rflags & ~(uint64_t)X86_EFLAGS_IOPL) | ((uint64_t)v->iopl << 12),
		.ds = v->ds, .es = v->es, .fs = v->fs, .gs = v->gs,
	};
}

void vcpu_get_context(const struct vcpu *v, struct vcpu_guest_context *c)
{
	memset(c, 0, sizeof(*c));
	memcpy(c->fpu_ctxt, v->fpu, sizeof(c->fpu_ctxt));
	c->flags = VGCF_i387_valid | (v->down ? 0 : VGCF_online) | (v->in_kernel ? VGCF_in_kernel : 0) |
		   (v->callback_flags[CALLBACKTYPE_failsafe] & CALLBACKF_mask_events ?
			    VGCF_failsafe_disables_events : 0) |
		   (v->callback_flags[CALLBACKTYPE_syscall] & CALLBACKF_mask_events ?
			    VGCF_syscall_disables_events : 0);
	get_registers(v, &c->user_regs);
	memcpy(c->trap_ctxt, v->trap_ctxt, VCPU_TRAP_VECTORS * sizeof(*v->trap_ctxt));
	c->ldt_base = v->mmu.ldt_base;
	c->ldt_ents = v->mmu.ldt_entries;
	for (unsigned i = 0; i < v->mmu.gdt_nr_frames; i++)
		c->gdt_frames[i] = v->mmu.gdt_frames[i];
	c->gdt_ents = v->mmu.gdt_entries;
	c->kernel_ss = v->kernel_ss;
	c->kernel_sp = v->kernel_sp;
	c->ctrlreg[0] = pv_guest_cr0(v);
	c->ctrlreg[1] = v->mmu.user_l4 << PAGE_SHIFT;
	c->ctrlreg[3] = v->mmu.kernel_l4 << PAGE_SHIFT;
	c->ctrlreg[4] = pv_guest_cr4(v);
	for (unsigned i = 0; i < 4; i++)
		c->debugreg[i] = v->dr[i];
	c->debugreg[6] = v->dr6;
	c->debugreg[7] = v->dr7;
	c->event_callback_eip = v->event_callback;
	c->failsafe_callback_eip = v->failsafe_callback;
	c->syscall_callback_eip = v->syscall_callback;
	c->vm_assist = v->domain->mmu.vm_assist;
	c->fs_base = v->fs_base;
	c->gs_base_kernel = v->gs_base_kernel;
	c->gs_base_user = v->gs_base_user;
}
