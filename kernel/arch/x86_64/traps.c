/*
 * Exception and interrupt dispatch, and the way back into a guest.
 *
 * From hypervisor context: the timer, serial-input and spurious interrupts
 * (only while idle), faults on guest data that extable.c fixes up (guest
 * copies and selector loads: #NP, #SS, #GP, #PF), a #DB that a guest
 * provoked (ignored, XSA-265), and otherwise a panic with registers and a
 * backtrace.  From a guest: the timer drives the scheduler, serial input
 * goes to console_input.c; #GP and #UD may be instructions the hypervisor
 * emulates (pv_emul.c), #PF a store to a page table (pv_ptwr.c) or, in the
 * vCPU's LDT window, the lazy LDT (ldt.c); the rest is bounced to the
 * guest's handler (pv_traps.c).  A #PF in the LDT window from hypervisor
 * context (a selector reload) also maps the page if it can.
 *
 * return_to_guest() is the single exit.  Like Xen it enters the guest with
 * the cs and ss the guest's frame names (the iret hypercall and
 * VCPUOP_initialise give them RPL 3, the CPU saved them from ring 3), so the
 * CPU's iretq checks are what keep the guest out of rings 0-2: RPL 3 makes
 * CPL 3, and every descriptor a guest can name is DPL 3 or refuses (its
 * own, through the pv-mmu descriptor check, or the hypervisor's).  rflags
 * keep the architectural bits with VM and IOPL cleared and IF set (NT
 * stays the guest's, as in Xen 4.17: every entry into ring 0 clears it, by
 * the CPU for interrupts and exceptions and by FMASK for syscall).  An
 * iretq that faults on the frame is fixed up (extable.c) and its fault
 * delivered to the guest at the frame's rip, as Xen does, also when the
 * answer is known without trying (a bad rip with the flat selectors, which
 * QEMU's TCG would let through); so no guest value faults the hypervisor
 * on the way out (XSA-7).
 */
#include "console.h"
#include "cpu.h"
#include "domain.h"
#include "extable.h"
#include "hvm.h"
#include "svm.h"
#include "iocap.h"
#include "lapic.h"
#include "ldt.h"
#include "panic.h"
#include "pirq.h"
#include "pv.h"
#include "sched.h"
#include "time.h"

static const char *const exc_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow", "#BR bound",
	"#UD invalid opcode", "#NM device not available", "#DF double fault", "coprocessor overrun",
	"#TS invalid TSS", "#NP segment not present", "#SS stack fault", "#GP general protection",
	"#PF page fault", "reserved", "#MF x87 error", "#AC alignment check", "#MC machine check",
	"#XM SIMD error", "#VE virtualization", "#CP control protection",
};

static const char *exc_name(uint64_t v)
{
	return v < 32 && exc_names[v] ? exc_names[v] : "unexpected interrupt";
}

void trap_from_hv(struct cpu_regs *r)
{
	switch (r->vector) {
	case VEC_TIMER:
		lapic_eoi();
		if (!hvm_timer_irq_host())      /* the tick is the HVM run loop's */
			sched_idle_tick();
		return;
	case VEC_SERIAL:
		lapic_eoi();
		console_input_irq();
		return;
	case VEC_SPURIOUS:
		return;
	case VEC_GSI_BASE ... VEC_GSI_BASE + IOCAP_NR_GSIS - 1:
		pirq_irq((unsigned)(r->vector - VEC_GSI_BASE));
		lapic_eoi();
		return;
	case 1:
		pv_debug_in_hypervisor();
		return;
	case 2:
		log_warn("NMI in hypervisor context ignored");
		return;
	case 14:
		if (current && ldt_in_window(current, read_cr2()) && !ldt_map_on_fault(current, read_cr2()))
			return;                 /* a selector reload met an LDT page typed only now */
		if (extable_fixup(r))
			return;
		break;
	case 11:
	case 12:
	case 13:
		if (extable_fixup(r))
			return;
		break;
	}
	panic_regs(r, exc_name(r->vector));
}

noreturn void trap_from_guest(struct cpu_regs *frame)
{
	struct vcpu *v = current;
	if (!v)
		panic_regs(frame, "guest entry with no current vCPU");
	if (frame != &v->regs)
		v->regs = *frame;               /* IST entry: copy the frame in */
	struct cpu_regs *r = &v->regs;
	switch (r->vector) {
	case VEC_TIMER:
		lapic_eoi();
		sched_tick();
		time_update_vcpu(v);    /* v runs on: its stamp is refreshed each tick */
		break;
	case VEC_SERIAL:
		lapic_eoi();
		console_input_irq();
		break;
	case VEC_SPURIOUS:
		break;
	case VEC_GSI_BASE ... VEC_GSI_BASE + IOCAP_NR_GSIS - 1:
		pirq_irq((unsigned)(r->vector - VEC_GSI_BASE));
		lapic_eoi();
		break;
	case 2:
		log_warn("NMI while d%u ran: ignored", v->domain->id);
		break;
	case 8:
	case 18:
		panic_regs(r, exc_name(r->vector));
	case 1:
		pv_debug_trap(v);
		break;
	case 6:
		pv_invalid_op(v);
		break;
	case 13:
		pv_general_protection(v);
		break;
	case 14:
		if (ldt_in_window(v, read_cr2()))
			ldt_guest_fault(v, read_cr2(), r->error_code);
		else
			pv_page_fault(v, read_cr2(), r->error_code);
		break;
	case 0x80:
		pv_software_interrupt(v, 0x80, true);
		break;
	default:
		if (r->vector < 32)
			pv_inject_exception(v, (unsigned)r->vector, r->error_code);
		else
			log_warn("d%u: unexpected vector %lu ignored", v->domain->id, r->vector);
	}
	return_to_guest(v);
}

/*
 * Under QEMU's TCG an iretq does not check rip (real CPUs raise #GP(0) for a
 * non-canonical one, or one beyond the 4 GiB limit of 32-bit code); for the
 * flat selectors, whose descriptors pass every other check, the CPU's
 * answer is known, so it is given here.  Other selectors are left to the
 * CPU, which checks them before rip.
 */
static bool flat_iret_faults(const struct cpu_regs *r)
{
	if (r->ss != FLAT_RING3_SS64)
		return false;
	if (r->cs == FLAT_RING3_CS32)
		return r->rip > 0xffffffffull;
	return r->cs == FLAT_RING3_CS64 && (uint64_t)((int64_t)(r->rip << 16) >> 16) != r->rip;
}

noreturn void return_to_guest(struct vcpu *v)
{
	if (v != current || sched_must_switch(v))
		schedule();
	if (v->hvm)
		svm_enter_fresh_stack(v);       /* kernel/hvm/hvm_run.c */
	/* A bounce into the guest's handler may crash its domain instead. */
	if (pv_events_waiting(v)) {
		pv_deliver_events(v);
		if (v->domain->state != DOM_RUNNING)
			schedule();
	}
	struct cpu_regs *r = &v->regs;
	r->rflags = (r->rflags & X86_EFLAGS_ARCH & ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM)) |
		    X86_EFLAGS_IF | 2;
	if (flat_iret_faults(r))
		return_to_guest_fault(13, 0);
	return_to_guest_frame(r);
}

/*
 * The iretq into the current vCPU faulted on the frame it holds (or would
 * have: flat_iret_faults): as in Xen, the guest gets the CPU's exception as
 * if raised at the frame's rip, with the frame's cs and ss in the bounce
 * frame.  An LDT page missing from the window is Xen's lazy LDT: mapped now
 * (the iretq is retried) or the guest's #PF at ldt_base + offset.
 */
noreturn void return_to_guest_fault(uint64_t vector, uint64_t error_code)
{
	struct vcpu *v = current;
	if (vector == 14) {
		uint64_t cr2 = read_cr2();
		if (!ldt_in_window(v, cr2))
			panic("#PF at %lx on the iretq into d%u", cr2, v->domain->id);
		ldt_guest_fault(v, cr2, error_code);
	} else {
		pv_inject_exception(v, (unsigned)vector, error_code);
	}
	return_to_guest(v);
}
