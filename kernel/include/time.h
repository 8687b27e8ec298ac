/*
 * Guest time (time.c): the vcpu_time_info each vCPU reads its system time
 * from, and the wall clock in shared_info.  System time is nanoseconds since
 * the hypervisor's timer started; a guest computes it from its own TSC with
 * Xen's formula (tsc_timestamp, system_time, tsc_to_system_mul, tsc_shift),
 * under the odd/even version protocol.
 */
#pragma once
#include "domain.h"

void time_init(void);                   /* read the RTC once at boot */
void time_init_domain(struct domain *d);
/* Stamp v's record (and its second copy) now: when v is switched in, at
 * every tick it runs through, and when it registers a second copy.  A guest
 * extrapolates from the stamp with the same linear formula the stamp is
 * computed with, so an older stamp gives the same time (rounded down by at
 * most 1 ns, and never backwards: the restamp is never below the
 * extrapolation); the ticks keep the extrapolated span short, as Xen's
 * once-a-second calibration does. */
void time_update_vcpu(struct vcpu *v);
