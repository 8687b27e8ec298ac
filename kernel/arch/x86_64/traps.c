/*
 * Exception and interrupt dispatch, and the way back into a guest.
 *
 * From hypervisor context: the timer and spurious interrupts (only while
 * idle), faults on guest data that extable.c fixes up (guest copies and
 * selector loads: #NP, #SS, #GP, #PF), a #DB that a guest provoked (ignored,
 * XSA-265), and otherwise a panic with registers and a backtrace.
 * From a guest: the timer drives the scheduler; #GP and #UD may be
 * instructions the hypervisor emulates (pv_emul.c), #PF a store to a page
 * table (pv_ptwr.c) or, in the vCPU's LDT window, the lazy LDT (ldt.c); the
 * rest is bounced to the guest's handler (pv_traps.c).  A #PF in the LDT
 * window from hypervisor context (a selector reload) also maps the page if
 * it can.
 *
 * return_to_guest() is the single exit: it refuses to enter a guest with a
 * frame that would make IRET fault in ring 0: cs and ss are always Xen's flat
 * ring-3 selectors, NT, VM and IOPL are cleared and IF set, and a RIP that
 * is non-canonical (or above 4 GiB for 32-bit code) becomes the guest's own
 * #GP(0) with that RIP in the frame, as Xen delivers it when its iretq
 * faults; the bounce leaves at the #GP handler, whose address is canonical.
 * So no guest value can fault the hypervisor on the way out (XSA-7).
 */
#include "console.h"
#include "cpu.h"
#include "domain.h"
#include "extable.h"
#include "lapic.h"
#include "ldt.h"
#include "panic.h"
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
		sched_idle_tick();
		return;
	case VEC_SPURIOUS:
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
		break;
	case VEC_SPURIOUS:
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

/* iretq raises #GP in ring 0 for a non-canonical rip, and for a rip beyond
 * the 4 GiB limit of the flat 32-bit code segment. */
static bool iret_would_succeed(const struct cpu_regs *r)
{
	if (r->cs == FLAT_RING3_CS32)
		return r->rip <= 0xffffffffull;
	return (uint64_t)((int64_t)(r->rip << 16) >> 16) == r->rip;
}

noreturn void return_to_guest(struct vcpu *v)
{
	if (v != current || sched_must_switch(v))
		schedule();
	struct cpu_regs *r = &v->regs;
	r->cs = r->cs == FLAT_RING3_CS32 ? FLAT_RING3_CS32 : FLAT_RING3_CS64;
	if (!iret_would_succeed(r))
		pv_inject_exception(v, 13, 0);  /* as Xen: the guest's #GP, at that rip */
	if (v->domain->state != DOM_RUNNING)
		schedule();
	time_update_vcpu(v);
	pv_deliver_events(v);
	if (v->domain->state != DOM_RUNNING)
		schedule();
	r->ss = FLAT_RING3_SS64;
	r->rflags = (r->rflags & X86_EFLAGS_ARCH & ~(X86_EFLAGS_IOPL | X86_EFLAGS_NT | X86_EFLAGS_VM)) |
		    X86_EFLAGS_IF | 2;
	return_to_guest_frame(r);
}
