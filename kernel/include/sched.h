/*
 * The credit scheduler (sched.c), vCPU timers (sched_timer.c) and runstate
 * accounting (sched_runstate.c).
 *
 * Every accounting period each active domain earns CPU time in proportion to
 * its weight, shared among its vCPUs that want the CPU; the running vCPU
 * spends it as it runs.  At the end of a slice (or when the running vCPU
 * blocks, yields, goes down or exits) the runnable vCPU with the most credit
 * runs next.  A cap limits a domain (all its vCPUs together) to that
 * percentage of one CPU per period even when the CPU would otherwise idle.
 * A vCPU is runnable when its domain runs and is neither paused nor capped,
 * and the vCPU is initialised, up and not blocked.  schedule() never
 * returns: it enters a guest, or idles with interrupts on until something is
 * runnable.  Several vCPUs of one domain share the one physical CPU this
 * way, each with its own registers, page tables, descriptor tables, FPU and
 * debug state.
 */
#pragma once
#include "domain.h"

#define SCHED_PERIOD_NS   30000000ull   /* credit is handed out every 30 ms */
#define SCHED_SLICE_NS    10000000ull   /* a vCPU runs at most 10 ms before a new choice */
#define SCHED_WEIGHT_DEFAULT 256
#define SCHED_POLL_MAX    128           /* ports one SCHEDOP_poll may name (Xen's limit) */

void sched_add(struct vcpu *v);         /* idempotent */
void sched_remove(struct vcpu *v);
struct vcpu *sched_runq_iter(unsigned *i);     /* next queued vCPU from index *i (start at 0) */
noreturn void schedule(void);
void sched_tick(void);                  /* timer interrupt while a guest ran */
void sched_idle_tick(void);             /* timer interrupt while idle */
/* End a block or poll (Xen's vcpu_kick of a blocked vCPU). */
void sched_wake(struct vcpu *v);
/* A port of d became pending: wake d's vCPUs polling it (or polling several ports). */
void sched_poll_wake(struct domain *d, uint32_t port);
/* Block and yield take effect on the way back to the guest (return_to_guest),
 * so a hypercall that blocks or yields still returns its value normally. */
void sched_block(struct vcpu *v);
void sched_yield(struct vcpu *v);

/* Everything but the cap: the vCPU wants the CPU.  Inline, with the two
 * below, because every return to a guest asks (return_to_guest). */
static inline bool sched_ready(const struct vcpu *v)
{
	const struct domain *d = v->domain;
	return d->state == DOM_RUNNING && !d->pause_count && v->initialised && !v->down && !v->blocked;
}

static inline bool sched_runnable(const struct vcpu *v)
{
	return v && sched_ready(v) && !v->domain->capped;
}

/* v, running, must give the CPU up: it can no longer run, or it yielded. */
static inline bool sched_must_switch(const struct vcpu *v)
{
	return !sched_runnable(v) || v->yielded;
}
noreturn void return_to_guest(struct vcpu *v);

/*
 * vCPU timers (sched_timer.c), in system time: the singleshot timer
 * (set_timer_op and VCPUOP_set_singleshot_timer share it) raises VIRQ_TIMER
 * once; the periodic timer raises it every period while the vCPU runs (Xen
 * stops it while the vCPU is descheduled and, when it runs again, fires at
 * once if a period has passed); a poll's timeout ends the poll.  Checked
 * every 1 ms tick; a deadline already past fires before the guest runs
 * again.
 */
#define TIMER_PERIODIC_DEFAULT_NS 10000000ull   /* Xen: every PV vCPU ticks at 100 Hz */
void timer_set_singleshot(struct vcpu *v, int64_t deadline);
void timer_stop_singleshot(struct vcpu *v);
void timer_set_periodic(struct vcpu *v, uint64_t period_ns);   /* 0 stops it */
void timer_vcpu_scheduled(struct vcpu *v, int64_t now);
void timer_vcpu_descheduled(struct vcpu *v);
void timer_check(struct vcpu *v, int64_t now);
/* A full check (every queued vCPU's timer_check) starts: forget the noted
 * deadlines, which the checks note again. */
void timer_check_all_begin(void);
/* May a deadline armed since the last full check have passed at now? */
bool timer_maybe_due(int64_t now);

/*
 * Runstate (sched_runstate.c): the state each vCPU is in (running,
 * runnable, blocked, offline) since when, and the time spent in each, exact
 * to the nanosecond at every change; and the guest's copy of it
 * (VCPUOP_register_runstate_memory_area), rewritten each time the vCPU is
 * scheduled in or out, with Xen's XEN_RUNSTATE_UPDATE protocol when the
 * domain enabled VMASST_TYPE_runstate_update_flag.
 */
void runstate_sync(struct vcpu *v, uint64_t now);      /* after anything that may change it */
void runstate_get(const struct vcpu *v, struct vcpu_runstate_info *out);
/* Write the guest's copy through the address space loaded now; a failure in
 * guest-user mode is retried at the next switch to guest-kernel mode. */
void runstate_publish(struct vcpu *v);
void runstate_on_mode_switch(struct vcpu *v);
