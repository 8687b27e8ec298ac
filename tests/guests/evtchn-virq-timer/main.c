/*
 * Rule: set_timer_op(deadline) raises VIRQ_TIMER once, never before the
 * deadline (system time) and at most TOLERANCE_NS = 5 ms after it: the
 * hypervisor checks timers every 1 ms tick, and 4 ms more cover delivery.
 * (A host that deschedules QEMU can delay one wake-up: each case is tried
 * up to 3 times and fails if all are late, or at once if one is early;
 * guest/timing.h.)  The domain binds VIRQ_TIMER, arms timers +2..+50 ms and
 * blocks (SCHEDOP_block, through events_wait) until each fires; a deadline already past fires
 * within the tolerance; a negative deadline means "now + 100 ms" (Xen); 0
 * cancels an armed timer (nothing arrives well past its deadline), and
 * re-arming replaces the deadline (the earlier one never fires).  Prints
 * the lateness of each timer.  Every PV vCPU also has Xen's 100 Hz periodic
 * timer on VIRQ_TIMER from the start; this test counts the singleshot
 * timer's events alone, so it stops the periodic one first
 * (VCPUOP_stop_periodic_timer; tests/guests/vcpu-timers tests that one).
 */
#include "events.h"
#include "public/vcpu.h"
#include "test.h"
#include "timing.h"

#define TOLERANCE_NS 5000000ul
#define MS 1000000ul

static evtchn_port_t timer_port;
static volatile unsigned fired;
static volatile uint64_t fired_at;

static void on_timer(evtchn_port_t port, void *arg)
{
	(void)port, (void)arg;
	fired_at = system_time_ns();
	fired++;
}

static bool fired_since(void *arg)
{
	return fired != *(const unsigned *)arg;
}

/* Block (SCHEDOP_block) until the timer fired once more than `before`; a
 * lost timer hangs here until test.spec's timeout. */
static uint64_t wait_fire(unsigned before)
{
	events_wait(fired_since, &before);
	CHECK(fired == before + 1, "%u timer events for one deadline", fired - before);
	return fired_at;
}

static struct wake armed(void *arg)
{
	uint64_t ahead = *(const uint64_t *)arg;
	unsigned before = fired;
	uint64_t deadline = system_time_ns() + ahead;
	CHECK_EQ(HYPERVISOR_set_timer_op(deadline), 0);
	return (struct wake){ deadline, deadline, wait_fire(before) };
}

static struct wake past(void *arg)
{
	(void)arg;
	unsigned before = fired;
	uint64_t now = system_time_ns();
	CHECK_EQ(HYPERVISOR_set_timer_op(now - 1), 0);
	return (struct wake){ now - 1, now, wait_fire(before) };
}

static struct wake negative(void *arg)
{
	(void)arg;
	unsigned before = fired;
	uint64_t t0 = system_time_ns();
	CHECK_EQ(HYPERVISOR_set_timer_op((uint64_t)-5), 0);
	uint64_t t1 = system_time_ns();
	return (struct wake){ t0 + 100 * MS, t1 + 100 * MS, wait_fire(before) };
}

static struct wake rearmed(void *arg)
{
	(void)arg;
	unsigned before = fired;
	uint64_t early = system_time_ns() + 5 * MS, late = early + 20 * MS;
	CHECK_EQ(HYPERVISOR_set_timer_op(early), 0);
	CHECK_EQ(HYPERVISOR_set_timer_op(late), 0);
	return (struct wake){ late, late, wait_fire(before) };
}

int main(void)
{
	events_init();
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
	CHECK_EQ(evtchn_bind_virq(VIRQ_TIMER, &timer_port), 0);
	events_bind(timer_port, on_timer, NULL);

	static const uint64_t arms[] = { 2 * MS, 5 * MS, 10 * MS, 23 * MS, 50 * MS };
	for (unsigned i = 0; i < ARRAY_SIZE(arms); i++) {
		char what[40];
		snprintf(what, sizeof(what), "timer +%lu ms (block)", arms[i] / MS);
		timing_check(what, armed, (void *)&arms[i], TOLERANCE_NS);
	}
	timing_check("timer in the past", past, NULL, TOLERANCE_NS);
	timing_check("negative deadline (now + 100 ms)", negative, NULL, TOLERANCE_NS);
	timing_check("re-armed timer (+5 ms, then +25 ms)", rearmed, NULL, TOLERANCE_NS);

	/* 0 cancels: nothing arrives by the old deadline, nor well after. */
	unsigned before = fired;
	uint64_t deadline = system_time_ns() + 10 * MS;
	CHECK_EQ(HYPERVISOR_set_timer_op(deadline), 0);
	CHECK_EQ(HYPERVISOR_set_timer_op(0), 0);
	uint64_t quiet_until = deadline + 30 * MS;
	while (system_time_ns() < quiet_until)
		evtchn_poll(&timer_port, 1, quiet_until);
	CHECK(fired == before, "a cancelled timer fired");
	CHECK(!events_pending(timer_port), "a cancelled timer left its port pending");
	test_pass();
}
