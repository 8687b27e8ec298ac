/*
 * PV guest CPU virtualization: bouncing exceptions to the guest's trap table
 * (pv_traps.c), the guest-kernel/guest-user mode switch, and the few
 * instructions the hypervisor emulates (pv_emul.c).
 */
#pragma once
#include "domain.h"

noreturn void return_to_guest_frame(struct cpu_regs *r);
/* The iretq into the current vCPU faulted (traps.c): deliver that to the guest. */
noreturn void return_to_guest_fault(uint64_t vector, uint64_t error_code);

/* Deliver vector through the guest's trap table; crash the guest if it has no handler. */
void pv_inject_exception(struct vcpu *v, unsigned vector, uint64_t error_code);
void pv_inject_page_fault(struct vcpu *v, uint64_t cr2, uint64_t error_code);
/* A #PF from the guest: emulated as a writable-page-table store (pv_ptwr.c)
   when it is one, else delivered. */
void pv_page_fault(struct vcpu *v, uint64_t cr2, uint64_t error_code);
/* An "int n" (or int $0x80 through its DPL-3 gate): check the trap-table DPL. */
void pv_software_interrupt(struct vcpu *v, unsigned vector, bool via_gate);
/* Enter a callback (syscall, event) with a bounce frame and no error code. */
void pv_bounce_callback(struct vcpu *v, uint64_t address, bool mask_events);
/* Enter the failsafe callback: saved (ds, es, fs, gs) could not all be reloaded. */
void pv_failsafe(struct vcpu *v, const uint16_t saved[4]);
/* Switch between guest-kernel and guest-user mode (page tables and GS bases). */
void pv_toggle_mode(struct vcpu *v);

/* On a return to the guest that pv_events_waiting says has work: bounce to
 * the NMI handler if an NMI is due, else to the event callback if an upcall
 * is due. */
void pv_deliver_events(struct vcpu *v);

/* An event upcall is due: pending and not masked (the guest's own bytes,
 * each read once here; a guest that flips them meanwhile only moves its
 * upcall to the next return). */
static inline bool pv_upcall_due(const struct vcpu_info *vi)
{
	return __atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_RELAXED) &&
	       !__atomic_load_n(&vi->evtchn_upcall_mask, __ATOMIC_RELAXED);
}

/* pv_deliver_events has something to do (checked inline on every return). */
static inline bool pv_events_waiting(const struct vcpu *v)
{
	return v->nmi_pending || pv_upcall_due(v->vcpu_info);
}

/* Virtual debug registers (pv_debugreg.c): -EPERM, -EINVAL or -ENODEV as Xen. */
long pv_set_debugreg(struct vcpu *v, unsigned reg, uint64_t value);
long pv_get_debugreg(const struct vcpu *v, unsigned reg, uint64_t *value);
void pv_debugreg_switch(const struct vcpu *prev, const struct vcpu *next);
void pv_debug_trap(struct vcpu *v);             /* #DB from the guest */
void pv_debug_in_hypervisor(void);              /* #DB on a guest breakpoint in ring 0 */
void pv_single_step_after_emulation(struct vcpu *v);

/* What the guest reads from CR0 (the real one, its own TS) and CR4 (its
 * own bits and some of the real ones); what a write of CR4 keeps. */
uint64_t pv_guest_cr0(const struct vcpu *v);
uint64_t pv_guest_cr4(const struct vcpu *v);
uint64_t pv_fixup_guest_cr4(uint64_t cr4);

/* rdmsr or wrmsr of %ecx from the guest kernel (pv_msr.c): false for #GP(0). */
bool pv_msr_op(struct vcpu *v, bool write);
/* The CPUID leaf a PV guest sees (pv_cpuid.c). */
void pv_cpuid(uint32_t leaf, uint32_t sub, uint32_t out[4]);
void pv_invalid_op(struct vcpu *v);
/* A #GP(0) that may be a privileged instruction Xen emulates (pv_priv.c):
 * true when it was handled (emulated, or turned into the guest's fault). */
bool pv_emulate_priv_op(struct vcpu *v);
/* A permitted port access (pv_io.c): hardware, CONFIG_ADDRESS, config space or all ones. */
uint32_t pv_io_read(struct domain *d, unsigned port, unsigned size);
void pv_io_write(struct domain *d, unsigned port, unsigned size, uint32_t value);
void pv_general_protection(struct vcpu *v);
