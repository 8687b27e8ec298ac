/*
 * lwIP's part of a guest's main loop (guest/lwip/lwip_guest.h): start the
 * stack, run its timers, and sleep between them.
 *
 * lwip_guest_wait arms the one-shot timer (set_timer_op, which raises
 * VIRQ_TIMER) at the system time lwIP's next timeout is due and blocks in
 * events_wait until the caller's condition or that time.  lwIP reports
 * the wait in whole milliseconds from sys_now(), which truncates, so the
 * deadline (now plus that wait, in ns) is never before the timeout: the
 * loop does not wake early and spin.  A stale one-shot timer from an
 * earlier wait that ended early only wakes the loop once for nothing.
 */
#include "hypercall.h"
#include "lwip/init.h"
#include "lwip/timeouts.h"
#include "events.h"
#include "lwip_guest.h"

static void timer_event(evtchn_port_t port, void *arg)
{
	(void)port, (void)arg;          /* the wake-up is all it is for */
}

int lwip_guest_init(void)
{
	evtchn_port_t port;
	long rc = evtchn_bind_virq(VIRQ_TIMER, &port);
	if (rc < 0)
		return (int)rc;
	events_bind(port, timer_event, NULL);
	lwip_init();
	return 0;
}

void lwip_guest_timers(void)
{
	sys_check_timeouts();
}

struct wait {
	bool (*ready)(void *arg);
	void *arg;
	uint64_t deadline_ns;           /* 0: no lwIP timer pending */
};

static bool wait_over(void *p)
{
	struct wait *w = p;
	return w->ready(w->arg) || (w->deadline_ns && system_time_ns() >= w->deadline_ns);
}

void lwip_guest_wait(bool (*ready)(void *arg), void *arg)
{
	struct wait w = { ready, arg, 0 };
	u32_t ms = sys_timeouts_sleeptime();
	if (ms != SYS_TIMEOUTS_SLEEPTIME_INFINITE) {
		w.deadline_ns = system_time_ns() + (uint64_t)ms * 1000000u;
		HYPERVISOR_set_timer_op(w.deadline_ns);
	}
	events_wait(wait_over, &w);
}
