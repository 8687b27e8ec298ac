/*
 * The scheduler: round-robin over runnable vCPUs with a time slice enforced
 * by the LAPIC timer.  schedule() picks the next vCPU and never returns: it
 * enters that guest, or idles with interrupts on until one is runnable.
 */
#pragma once
#include "domain.h"

#define SCHED_SLICE_TICKS 3             /* 30 ms at 100 Hz */

void sched_add(struct vcpu *v);
void sched_remove(struct vcpu *v);
noreturn void schedule(void);
noreturn void sched_yield(void);
void sched_tick(void);                  /* timer interrupt while a guest ran */
noreturn void return_to_guest(struct vcpu *v);
