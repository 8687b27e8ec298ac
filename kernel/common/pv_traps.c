/*
 * Exception bounces: how a fault in a PV guest reaches the guest's handler.
 *
 * The frame written on the guest kernel stack is Xen's, slot for slot
 * (xen-pv-abi.md 7.3): rcx, r11, [error code], rip, cs (with the saved
 * upcall mask in bits 32-39), rflags, rsp, ss.  The stack is the interrupted
 * one when the vCPU was in guest-kernel mode, else the kernel_sp registered
 * with stack_switch, after switching to guest-kernel mode.
 *
 * Rules enforced here: a vector with no handler crashes the domain (never the
 * hypervisor); the frame is written only through copy_to_guest, so a stack in
 * hypervisor space, unmapped or read-only crashes the domain; a bounce is
 * delivered once (XSA-339: it is built straight into the saved registers).
 * An event upcall is the same bounce, to the event callback, with events
 * masked; it happens on the way back into the guest whenever upcall_pending
 * is set and the mask is clear (xen-pv-abi.md 10.5).  The failsafe callback
 * is the same bounce with the four data selectors the hypervisor could not
 * reload after rcx and r11 (xen-pv-abi.md 7.4); with no failsafe callback
 * registered the domain is crashed.  A virtual NMI (VCPUOP_send_nmi) goes
 * first, as in Xen: a bounce through trap-table vector 2 (the NMI callback),
 * after which further NMIs wait until the guest's next iret; with no NMI
 * callback it is dropped.  Everything here acts on one vCPU and its own
 * vcpu_info, wherever the guest placed it.
 */
#include "console.h"
#include "guest_access.h"
#include "pv.h"
#include "sched.h"
#include "public/callback.h"
#include "../arch/x86_64/cpu.h"

#define EC_VECTORS ((1u << 8) | (1u << 10) | (1u << 11) | (1u << 12) | (1u << 13) | \
		    (1u << 14) | (1u << 17) | (1u << 21) | (1u << 29) | (1u << 30))

void pv_toggle_mode(struct vcpu *v)
{
	v->in_kernel = !v->in_kernel;
	__asm__ volatile("swapgs");
	write_cr3((v->in_kernel ? v->mmu.kernel_l4 : v->mmu.user_l4) << 12);
	runstate_on_mode_switch(v);
}

/*
 * Build the bounce frame and point the vCPU at handler.  The frame is rcx,
 * r11, then the n_extra words in extra (an error code, or the failsafe
 * callback's four selectors), then rip, cs, rflags, rsp, ss.  Returns false
 * (and crashes the domain) when the frame cannot be written.
 */
static bool bounce(struct vcpu *v, uint64_t handler, const uint64_t *extra, unsigned n_extra, bool mask)
{
	struct cpu_regs *r = &v->regs;
	struct vcpu_info *vi = v->vcpu_info;
	uint8_t saved_mask = vi->evtchn_upcall_mask;
	bool was_kernel = v->in_kernel;
	uint64_t cs = was_kernel ? (r->cs & ~3ull) : r->cs;
	uint64_t frame[11];
	unsigned n = 0;

	if (!was_kernel)
		pv_toggle_mode(v);
	uint64_t sp = (was_kernel ? r->rsp : v->kernel_sp) & ~15ull;
	if (sp >= HYPERVISOR_VIRT_START && sp < HYPERVISOR_VIRT_END + 64) {
		domain_crash(v->domain, "bounce frame stack %lx is in hypervisor space", sp);
		return false;
	}
	frame[n++] = r->rcx;
	frame[n++] = r->r11;
	for (unsigned i = 0; i < n_extra; i++)
		frame[n++] = extra[i];
	frame[n++] = r->rip;
	frame[n++] = cs | ((uint64_t)saved_mask << 32);
	frame[n++] = (r->rflags & ~(X86_EFLAGS_IF | X86_EFLAGS_IOPL)) | (saved_mask ? 0 : X86_EFLAGS_IF);
	frame[n++] = r->rsp;
	frame[n++] = r->ss;
	sp -= n * 8;
	if (copy_to_guest(sp, frame, n * 8)) {
		domain_crash(v->domain, "cannot write bounce frame at %lx (delivering to %lx from rip %lx)",
			     sp, handler, r->rip);
		return false;
	}
	if (mask)
		vi->evtchn_upcall_mask = 1;
	r->rsp = sp;
	r->rip = handler;
	r->cs = FLAT_KERNEL_CS;
	r->ss = FLAT_KERNEL_SS;
	r->rflags &= ~(X86_EFLAGS_TF | X86_EFLAGS_NT | X86_EFLAGS_RF | X86_EFLAGS_VM | X86_EFLAGS_AC);
	return true;
}

void pv_inject_exception(struct vcpu *v, unsigned vector, uint64_t error_code)
{
	const struct trap_info *ti = &v->trap_ctxt[vector];
	if (!ti->address) {
		domain_crash(v->domain, "unhandled exception %u (error %lx) at rip %lx, rsp %lx",
			     vector, error_code, v->regs.rip, v->regs.rsp);
		return;
	}
	uint64_t ec = (uint32_t)error_code;
	bool has_ec = vector < 32 && (EC_VECTORS >> vector) & 1;
	bounce(v, ti->address, &ec, has_ec, ti->flags & TI_MASK_EVENTS);
}

void pv_inject_page_fault(struct vcpu *v, uint64_t cr2, uint64_t error_code)
{
	v->cr2 = cr2;
	v->vcpu_info->arch.cr2 = cr2;
	/* The CPU always saw CPL 3; the guest wants to know guest-user vs guest-kernel. */
	error_code &= ~4ull;
	if (!v->in_kernel)
		error_code |= 4;
	if (!v->trap_ctxt[14].address) {
		domain_crash(v->domain, "unhandled page fault at %lx (error %lx), rip %lx",
			     cr2, error_code, v->regs.rip);
		return;
	}
	pv_inject_exception(v, 14, error_code);
}

void pv_software_interrupt(struct vcpu *v, unsigned vector, bool via_gate)
{
	if (vector >= VCPU_TRAP_VECTORS)
		panic("software interrupt vector %u out of range", vector);
	const struct trap_info *ti = &v->trap_ctxt[vector];
	unsigned cpl = v->in_kernel ? 1 : 3;
	if (via_gate && vector == 0x80 && ti->address) {
		bounce(v, ti->address, NULL, 0, ti->flags & TI_MASK_EVENTS);
		return;
	}
	if (!ti->address || (ti->flags & TI_DPL_MASK) < cpl) {
		/* The int instruction is where the fault is reported. */
		if (via_gate)
			v->regs.rip -= 2;
		pv_inject_exception(v, 13, (vector << 3) | 2);
		return;
	}
	if (!via_gate)
		v->regs.rip += 2;               /* skip the faulting "int n" */
	bounce(v, ti->address, NULL, 0, ti->flags & TI_MASK_EVENTS);
}

void pv_bounce_callback(struct vcpu *v, uint64_t address, bool mask_events)
{
	bounce(v, address, NULL, 0, mask_events);
}

/* Xen's NMI delivery: dropped without a callback, masked until the next iret. */
static bool deliver_nmi(struct vcpu *v)
{
	if (!v->nmi_pending || v->nmi_masked)
		return true;
	v->nmi_pending = false;
	const struct trap_info *ti = &v->trap_ctxt[2];
	if (!ti->address)
		return true;
	v->nmi_masked = true;
	return bounce(v, ti->address, NULL, 0, ti->flags & TI_MASK_EVENTS);
}

void pv_deliver_events(struct vcpu *v)
{
	if (!deliver_nmi(v))
		return;
	if (!pv_upcall_due(v->vcpu_info))
		return;
	if (!v->event_callback) {
		domain_crash(v->domain, "event upcall with no event callback registered");
		return;
	}
	bounce(v, v->event_callback, NULL, 0, true);
}

void pv_failsafe(struct vcpu *v, const uint16_t saved[4])
{
	if (!v->failsafe_callback) {
		domain_crash(v->domain, "cannot reload segment selectors ds %x es %x fs %x gs %x, "
			     "and no failsafe callback", saved[0], saved[1], saved[2], saved[3]);
		return;
	}
	const uint64_t sels[4] = { saved[0], saved[1], saved[2], saved[3] };
	bounce(v, v->failsafe_callback, sels, 4,
	       v->callback_flags[CALLBACKTYPE_failsafe] & CALLBACKF_mask_events);
}
