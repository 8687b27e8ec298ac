/*
 * vCPU timers: each vCPU's singleshot timer, periodic timer and poll
 * timeout, in system time (nanoseconds since the hypervisor's timer
 * started; signed, as Xen's s_time_t, so a deadline at or above 2^63 is in
 * the past).
 *
 * Xen's rules, kept here: the singleshot timer fires once, whether the vCPU
 * runs or not, and an expired deadline fires at once; the periodic timer
 * (every PV vCPU starts with a 10 ms period, stopped only by
 * VCPUOP_stop_periodic_timer) fires only while it is armed, and it is
 * disarmed when its vCPU is descheduled; when the vCPU runs again, or the
 * period is set, it fires at once if a whole period has passed since it last
 * fired, and is re-armed one period from then.  Both raise VIRQ_TIMER on
 * their vCPU (nothing if it is not bound).  The tick checks them every 1 ms,
 * so a timer fires at most one tick late.
 *
 * A switch between vCPUs checks them too, but only when one may be due:
 * earliest is never later than any deadline armed since the last full
 * check (every check of a vCPU notes what stays armed, and every path that
 * arms one checks it or notes it), so a switch that finds now before it
 * skips the walk over every queued vCPU (docs/performance.md).
 */
#include "evtchn.h"
#include "hvm.h"
#include "sched.h"
#include "../arch/x86_64/lapic.h"

static int64_t earliest = INT64_MAX;

static void note(int64_t deadline)
{
	if (deadline < earliest)
		earliest = deadline;
}

bool timer_maybe_due(int64_t now)
{
	return now >= earliest;
}

void timer_check_all_begin(void)
{
	earliest = INT64_MAX;
}

static void fire(struct vcpu *v)
{
	evtchn_send_virq(v, VIRQ_TIMER);
}

void timer_set_singleshot(struct vcpu *v, int64_t deadline)
{
	v->sshot_armed = true;
	v->sshot_deadline = deadline;
	timer_check(v, (int64_t)now_ns());
}

void timer_stop_singleshot(struct vcpu *v)
{
	v->sshot_armed = false;
}

/* Xen's vcpu_periodic_timer_work: fire if a period passed, re-arm. */
static void periodic_work(struct vcpu *v, int64_t now)
{
	int64_t next = v->periodic_last + (int64_t)v->periodic_period;
	if (now >= next) {
		fire(v);
		v->periodic_last = now;
		next = now + (int64_t)v->periodic_period;
	}
	v->periodic_next = next;
	v->periodic_armed = true;
	note(next);
}

void timer_set_periodic(struct vcpu *v, uint64_t period_ns)
{
	v->periodic_armed = false;
	v->periodic_period = period_ns;
	if (period_ns)
		periodic_work(v, (int64_t)now_ns());
}

void timer_vcpu_scheduled(struct vcpu *v, int64_t now)
{
	if (v->periodic_period)
		periodic_work(v, now);
}

void timer_vcpu_descheduled(struct vcpu *v)
{
	v->periodic_armed = false;
}

void timer_check(struct vcpu *v, int64_t now)
{
	if (v->hvm) {
		hvm_timer_check(v, now);        /* its timers are its emulated devices' */
		return;
	}
	if (v->sshot_armed && now >= v->sshot_deadline) {
		v->sshot_armed = false;
		fire(v);
	}
	if (v->periodic_armed && v->periodic_period && now >= v->periodic_next)
		periodic_work(v, now);
	if (v->polling && v->poll_deadline && now >= (int64_t)v->poll_deadline)
		sched_wake(v);
	if (v->sshot_armed)
		note(v->sshot_deadline);
	if (v->periodic_armed && v->periodic_period)
		note(v->periodic_next);
	if (v->polling && v->poll_deadline)
		note((int64_t)v->poll_deadline);
}
