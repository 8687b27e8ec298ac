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
void time_update_vcpu(struct vcpu *v);  /* before every entry into the guest */
