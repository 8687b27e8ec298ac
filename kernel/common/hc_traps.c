/*
 * The per-vCPU CPU-state hypercalls: the virtual IDT (set_trap_table),
 * callbacks, the iret hypercall, the kernel stack, segment bases and the
 * virtual CR0.TS.
 *
 * Rules: every handler or callback address must be canonical (-EINVAL, or
 * skipped by set_callbacks, which like Xen's always answers 0), so no later
 * return to the guest can fault in ring 0 on them; iret takes its frame
 * from guest memory and crashes the domain when it cannot read it; its cs
 * and ss get RPL 3 and are then used as the CPU finds them, as in Xen
 * (return_to_guest: whatever the CPU refuses becomes the guest's fault at
 * the frame's rip), except that a frame marked VGCF_in_syscall returns as
 * Xen's sysret does, on the flat selectors; iret to an RPL-3 cs enters
 * guest-user mode, which needs a user base pointer; flags from the guest
 * keep only architectural bits, with IOPL and VM cleared and IF forced on
 * (NT stays, as in Xen 4.17: every entry into ring 0 clears it) (the upcall mask is the guest's interrupt flag).
 */
#include "console.h"
#include "guest_access.h"
#include "hypercall.h"
#include "pv.h"
#include "public/callback.h"
#include "../arch/x86_64/cpu.h"
#include "../arch/x86_64/seg.h"

long do_set_trap_table(uint64_t table, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct vcpu *v = current;
	if (!table) {
		memset(v->trap_ctxt, 0, VCPU_TRAP_VECTORS * sizeof(*v->trap_ctxt));
		return 0;
	}
	for (unsigned i = 0;; i++, table += sizeof(struct trap_info)) {
		if (i == HYPERCALL_BATCH) {
			v->regs.rdi = table;
			return -XEN_ERESTART;
		}
		struct trap_info ti;
		if (copy_from_guest(&ti, table, sizeof(ti)))
			return -XEN_EFAULT;
		if (!ti.address)
			return 0;
		if (!guest_canonical(ti.address))
			return -XEN_EINVAL;
		ti.cs |= 3;
		v->trap_ctxt[ti.vector] = ti;
	}
}

static long set_callback(struct vcpu *v, unsigned type, uint64_t address, uint16_t flags)
{
	if (!guest_canonical(address))
		return -XEN_EINVAL;
	switch (type) {
	case CALLBACKTYPE_event:
		v->event_callback = address;
		break;
	case CALLBACKTYPE_failsafe:
		v->failsafe_callback = address;
		break;
	case CALLBACKTYPE_syscall:
		v->syscall_callback = address;
		break;
	case CALLBACKTYPE_syscall32:
		v->syscall32_callback = address;
		break;
	case CALLBACKTYPE_sysenter:
		v->sysenter_callback = address;
		break;
	case CALLBACKTYPE_nmi:
		v->trap_ctxt[2] = (struct trap_info){ .vector = 2, .flags = TI_MASK_EVENTS,
						      .cs = FLAT_KERNEL_CS, .address = address };
		break;
	default:
		return -XEN_ENOSYS;
	}
	v->callback_flags[type] = flags;
	return 0;
}

long do_set_callbacks(uint64_t event, uint64_t failsafe, uint64_t syscall, uint64_t a4, uint64_t a5)
{
	(void)a4, (void)a5;
	struct vcpu *v = current;
	/* As in Xen: each is registered on its own; a non-canonical one is skipped. */
	set_callback(v, CALLBACKTYPE_event, event, 0);
	set_callback(v, CALLBACKTYPE_failsafe, failsafe, 0);
	set_callback(v, CALLBACKTYPE_syscall, syscall, 0);
	return 0;
}

long do_callback_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	struct vcpu *v = current;
	if (cmd == CALLBACKOP_register) {
		struct callback_register cb;
		if (copy_from_guest(&cb, arg, sizeof(cb)))
			return -XEN_EFAULT;
		return set_callback(v, cb.type, cb.address, cb.flags);
	}
	if (cmd == CALLBACKOP_unregister) {
		struct callback_unregister cb;
		if (copy_from_guest(&cb, arg, sizeof(cb)))
			return -XEN_EFAULT;
		if (cb.type == CALLBACKTYPE_nmi) {
			memset(&v->trap_ctxt[2], 0, sizeof(v->trap_ctxt[2]));
			return 0;
		}
		bool known = cb.type <= CALLBACKTYPE_syscall32 && cb.type != 6 &&
			     cb.type != CALLBACKTYPE_sysenter_deprecated;
		return known ? -XEN_EINVAL : -XEN_ENOSYS;
	}
	return -XEN_ENOSYS;
}

long do_iret(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	struct vcpu *v = current;
	struct cpu_regs *r = &v->regs;
	struct iret_context c;
	if (copy_from_guest(&c, r->rsp, sizeof(c)))
		domain_crash_current("iret: cannot read frame at %lx", r->rsp);
	if ((c.cs & 3) == 3) {
		if (!v->mmu.user_l4)
			domain_crash_current("iret to user mode with no user page tables");
		pv_toggle_mode(v);
	}
	r->rip = c.rip;
	r->cs = (uint16_t)(c.cs | 3);
	r->rflags = (c.rflags & X86_EFLAGS_ARCH & ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM)) |
		    X86_EFLAGS_IF | 2;
	r->rsp = c.rsp;
	r->ss = (uint16_t)(c.ss | 3);
	v->vcpu_info->evtchn_upcall_mask = !(c.rflags & X86_EFLAGS_IF);
	v->nmi_masked = false;                  /* Xen's async_exception_cleanup */
	if (c.flags & VGCF_in_syscall) {
		r->rcx = c.rip;
		r->r11 = r->rflags;
		if (guest_canonical(c.rip)) {
			/* Xen returns with sysret, whose selectors are the flat ones;
			 * 32-bit code (cs 0xe023) gets the low half of rip. */
			bool compat = r->cs == FLAT_RING3_CS32;
			r->cs = compat ? FLAT_RING3_CS32 : FLAT_RING3_CS64;
			r->ss = FLAT_RING3_SS64;
			if (compat)
				r->rip = (uint32_t)c.rip;
		}
	} else {
		r->rcx = c.rcx;
		r->r11 = c.r11;
	}
	r->rax = c.rax;
	return HYPERCALL_REGS_SET;
}

long do_stack_switch(uint64_t ss, uint64_t sp, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	current->kernel_ss = ss | 3;
	current->kernel_sp = sp;
	return 0;
}

long do_set_segment_base(uint64_t which, uint64_t base, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	unsigned w = (unsigned)which;           /* Xen's argument is an unsigned int */
	if (w != SEGBASE_GS_USER_SEL && !guest_canonical(base))
		return -XEN_EINVAL;
	switch (w) {
	case SEGBASE_FS:
		wrmsr(MSR_FS_BASE, base);
		return 0;
	case SEGBASE_GS_USER:
		wrmsr(MSR_SHADOW_GS, base);
		return 0;
	case SEGBASE_GS_KERNEL:
		wrmsr(MSR_GS_BASE, base);
		return 0;
	case SEGBASE_GS_USER_SEL: {
		/* The user GS base is the inactive one in kernel mode: swap it in for
		 * the load.  As in Xen a non-null selector gets RPL 3, and the call
		 * succeeds whatever happens; a selector the CPU refuses leaves %gs
		 * null (seg.c). */
		uint16_t sel = (uint16_t)base;
		__asm__ volatile("swapgs");
		seg_load_guest(SEG_GS, sel > 3 ? sel | 3 : sel);
		__asm__ volatile("swapgs");
		return 0;
	}
	default:
		return -XEN_EINVAL;
	}
}

long do_fpu_taskswitch(uint64_t set, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	current->fpu_ts = set != 0;
	write_cr0(set ? read_cr0() | 8 : read_cr0() & ~8ull);
	return 0;
}
