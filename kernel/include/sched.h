/*
 * The credit scheduler (sched.c).
 *
 * Every accounting period each active domain earns CPU time in proportion to
 * its weight; the running vCPU spends it as it runs.  At the end of a slice
 * (or when the running vCPU blocks, yields or exits) the runnable vCPU with
 * the most credit runs next.  A cap limits a domain to that percentage of
 * one CPU per period even when the CPU would otherwise idle.  A vCPU is
 * runnable when its domain runs and is not paused, and it is neither blocked
 * nor capped.  schedule() never returns: it enters a guest, or idles with
 * interrupts on until something is runnable.
 */
#pragma once
#include "domain.h"

#define SCHED_PERIOD_NS   30000000ull   /* credit is handed out every 30 ms */
#define SCHED_SLICE_NS    10000000ull   /* a vCPU runs at most 10 ms before a new choice */
#define SCHED_WEIGHT_DEFAULT 256
#define SCHED_POLL_MAX    128           /* ports one SCHEDOP_poll may name */

void sched_add(struct vcpu *v);
void sched_remove(struct vcpu *v);
noreturn void schedule(void);
void sched_tick(void);                  /* timer interrupt while a guest ran */
void sched_idle_tick(void);             /* timer interrupt while idle */
void sched_wake(struct vcpu *v);        /* end a block or poll */
void sched_poll_wake(struct vcpu *v, uint32_t port);
/* Block and yield take effect on the way back to the guest (return_to_guest),
 * so a hypercall that blocks or yields still returns its value normally. */
void sched_block(struct vcpu *v);
void sched_yield(struct vcpu *v);
bool sched_must_switch(const struct vcpu *v);
noreturn void return_to_guest(struct vcpu *v);
