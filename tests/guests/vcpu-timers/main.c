/*
 * vCPU timers as Xen 4.17 has them (VCPUOP set/stop_periodic_timer,
 * set/stop_singleshot_timer, set_timer_op), each raising VIRQ_TIMER on its
 * own vCPU, in a domain with two vCPUs:
 *  - every PV vCPU starts with a 100 Hz periodic timer: while vCPU 0 runs,
 *    VIRQ_TIMER comes every 10 ms (never sooner than one period after the
 *    last, at most one per period, and at least a third of the expected
 *    count: a loaded host may stall the machine; a stall that delays one
 *    upcall also shortens the gap to the next, so, as guest/timing.h does
 *    for late wake-ups, a window is measured up to TIMING_TRIES times and
 *    the case fails only if every window breaks the rule);
 *  - the periodic timer runs only while its vCPU runs: a vCPU blocked with a
 *    singleshot timer 60 ms away is not woken before it;
 *  - stop_periodic_timer stops it; set_periodic_timer sets another period
 *    (1 ms up to 2^62-1 ns; outside: -EINVAL; a bad argument: -EFAULT);
 *  - the singleshot timer fires once, never before its deadline, within
 *    TOLERANCE_NS after it (guest/timing.h retries a late one); a deadline
 *    past fires at once, or is -ETIME with VCPU_SSHOTTMR_future; one of 2^63
 *    or more is in the past (Xen's s_time_t); stop cancels it; set_timer_op
 *    and VCPUOP set the same timer; only a vCPU's own singleshot timer may be
 *    set or stopped (-EINVAL for another, -ENOENT for none);
 *  - vCPU 1's VIRQ_TIMER has its own port, bound to it alone (bind_vcpu:
 *    -EINVAL), and its timers' events reach vCPU 1's upcall only.
 */
#include "events.h"
#include "peer.h"
#include "test.h"
#include "timing.h"
#include "vcpu.h"

#define MS 1000000ul
#define TOLERANCE_NS (5 * MS)
#define STIME_DELTA_MAX (~0ull >> 2)

static evtchn_port_t port[2];
static volatile unsigned count[2], wrong_vcpu;
static volatile uint64_t last_at[2], min_gap[2];

static void on_timer(evtchn_port_t p, void *arg)
{
	unsigned id = (unsigned)(uint64_t)arg;
	if (guest_vcpu_id() != id || p != port[id])
		wrong_vcpu++;
	uint64_t now = system_time_ns();
	if (count[id] && now - last_at[id] < min_gap[id])
		min_gap[id] = now - last_at[id];
	last_at[id] = now;
	count[id]++;
}

static void reset(unsigned id)
{
	count[id] = 0;
	min_gap[id] = ~0ull;
}

/* Run (no block, no yield) for ns; the periodic timer ticks meanwhile. */
static void spin(uint64_t ns)
{
	uint64_t end = system_time_ns() + ns;
	while (system_time_ns() < end)
		HYPERVISOR_xen_version(0, NULL);        /* a hypercall: upcalls are delivered */
}

static void expect_periodic(uint64_t period, uint64_t window, const char *what)
{
	unsigned most = (unsigned)(window / period) + 1, least = (unsigned)(window / period / 3);
	for (unsigned try = 1;; try++) {
		reset(0);
		spin(window);
		printf("%s: %u events in %lu ms, closest %lu us apart\n", what, count[0], window / MS,
		       min_gap[0] / 1000);
		CHECK(count[0] <= most, "%s: %u events in %lu ms (at most %u)", what, count[0], window / MS, most);
		if (count[0] >= least && min_gap[0] + 2 * MS >= period)
			return;
		CHECK(try < TIMING_TRIES, "%s: %u events in %lu ms (at least %u), two events %lu ns apart", what,
		      count[0], window / MS, least, min_gap[0]);
	}
}

static bool fired_since(void *arg)
{
	return count[0] != *(const unsigned *)arg;
}

struct sshot {
	uint64_t ahead;
	uint32_t flags;
};

static struct wake singleshot(void *arg)
{
	const struct sshot *s = arg;
	unsigned before = count[0];
	uint64_t now = system_time_ns(), deadline = now + s->ahead;
	struct vcpu_set_singleshot_timer t = { deadline, s->flags, 0 };
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t), 0);
	events_wait(fired_since, &before);
	CHECK(count[0] == before + 1, "%u events for one singleshot deadline", count[0] - before);
	return (struct wake){ s->ahead ? deadline : now, deadline, last_at[0] };
}

static struct wake blocked_periodic(void *arg)
{
	(void)arg;
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &(struct vcpu_set_periodic_timer){ 10 * MS }), 0);
	spin(25 * MS);                          /* it ticks while running */
	unsigned before = count[0];
	uint64_t deadline = system_time_ns() + 60 * MS;
	CHECK_EQ(HYPERVISOR_set_timer_op(deadline), 0);
	events_wait(fired_since, &before);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
	return (struct wake){ deadline, deadline, last_at[0] };
}

static void quiet(uint64_t ns, const char *what)
{
	unsigned before = count[0];
	spin(ns);
	CHECK(count[0] == before, "%s: %u events", what, count[0] - before);
}

static volatile bool v1_done;

/* vCPU 1: its own default periodic timer, then its own singleshot. */
static void vcpu1(unsigned id)
{
	guest_vcpu_info(id)->evtchn_upcall_mask = 0;
	reset(1);
	spin(50 * MS);
	CHECK(count[1] >= 1, "vCPU 1's periodic timer did not tick on its port");
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, id, NULL), 0);
	unsigned before = count[1];
	uint64_t deadline = system_time_ns() + 15 * MS;
	struct vcpu_set_singleshot_timer t = { deadline, VCPU_SSHOTTMR_future, 0 };
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, id, &t), 0);
	while (count[1] == before)
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
	CHECK(last_at[1] >= deadline, "vCPU 1's singleshot came %lu ns early", deadline - last_at[1]);
	v1_done = true;
}

int main(void)
{
	events_init();
	CHECK_EQ(evtchn_bind_virq(VIRQ_TIMER, &port[0]), 0);
	events_bind(port[0], on_timer, (void *)0ul);

	expect_periodic(10 * MS, 300 * MS, "default periodic timer");
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
	quiet(100 * MS, "after stop_periodic_timer");
	timing_check("a blocked vCPU's periodic timer does not wake it (singleshot +60 ms)", blocked_periodic,
		     NULL, TOLERANCE_NS);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &(struct vcpu_set_periodic_timer){ 20 * MS }), 0);
	expect_periodic(20 * MS, 200 * MS, "periodic timer of 20 ms");
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);

	static const uint64_t bad_periods[] = { 0, 1, 999999, STIME_DELTA_MAX + 1, ~0ull };
	for (unsigned i = 0; i < ARRAY_SIZE(bad_periods); i++)
		CHECK(HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &(struct vcpu_set_periodic_timer){ bad_periods[i] }) ==
		      -XEN_EINVAL, "period %lu: not -EINVAL", bad_periods[i]);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &(struct vcpu_set_periodic_timer){ STIME_DELTA_MAX }), 0);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &(struct vcpu_set_periodic_timer){ 1000000 }), 0);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, (void *)0xffff800000001000ull), -XEN_EFAULT);
	events_clear(port[0]);
	quiet(30 * MS, "after the argument checks");

	static const struct sshot s20 = { 20 * MS, 0 }, s5f = { 5 * MS, VCPU_SSHOTTMR_future }, now = { 0, 0 };
	timing_check("singleshot +20 ms", singleshot, (void *)&s20, TOLERANCE_NS);
	timing_check("singleshot +5 ms (future flag)", singleshot, (void *)&s5f, TOLERANCE_NS);
	timing_check("singleshot at the current time", singleshot, (void *)&now, TOLERANCE_NS);
	uint64_t past = system_time_ns() - 1;
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &(struct vcpu_set_singleshot_timer){ past, VCPU_SSHOTTMR_future, 0 }),
		 -XEN_ETIME);
	quiet(20 * MS, "after -ETIME");
	unsigned before = count[0];
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &(struct vcpu_set_singleshot_timer){ 1ull << 63, VCPU_SSHOTTMR_future, 0 }),
		 0);
	spin(5 * MS);
	CHECK(count[0] == before + 1, "a deadline of 2^63 (negative system time) did not fire at once");

	/* stop, and the timer shared with set_timer_op. */
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &(struct vcpu_set_singleshot_timer){ system_time_ns() + 10 * MS, 0, 0 }),
		 0);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL), 0);
	quiet(30 * MS, "a stopped singleshot timer");
	CHECK_EQ(HYPERVISOR_set_timer_op(system_time_ns() + 10 * MS), 0);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL), 0);
	quiet(30 * MS, "set_timer_op's timer stopped by VCPUOP_stop_singleshot_timer");
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &(struct vcpu_set_singleshot_timer){ system_time_ns() + 10 * MS, 0, 0 }),
		 0);
	CHECK_EQ(HYPERVISOR_set_timer_op(0), 0);
	quiet(30 * MS, "VCPUOP's singleshot timer cancelled by set_timer_op(0)");
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, (void *)0xffff800000001000ull), -XEN_EFAULT);

	/* Only one's own singleshot timer. */
	struct vcpu_set_singleshot_timer later = { system_time_ns() + 10 * MS, 0, 0 };
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 1, &later), -XEN_EINVAL);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 1, NULL), -XEN_EINVAL);  /* before the argument is read */
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, 1, NULL), -XEN_EINVAL);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 2, &later), -XEN_ENOENT);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, 2, NULL), -XEN_ENOENT);

	/* vCPU 1's own VIRQ_TIMER port and timers. */
	struct evtchn_bind_virq b = { VIRQ_TIMER, 1, 0 };
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &b), 0);
	port[1] = b.port;
	CHECK(port[1] != port[0], "vCPU 1's VIRQ_TIMER on vCPU 0's port");
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &b), -XEN_EEXIST);
	struct evtchn_bind_vcpu move = { port[1], 0 };
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &move), -XEN_EINVAL);
	struct evtchn_status st;
	CHECK_EQ(evtchn_status_of(DOMID_SELF, port[1], &st), 0);
	CHECK(st.status == EVTCHNSTAT_virq && st.vcpu == 1 && st.u.virq == VIRQ_TIMER, "vCPU 1's timer port: %u %u",
	      st.status, st.vcpu);
	events_set_vcpu(port[1], 1);
	events_bind(port[1], on_timer, (void *)1ul);
	reset(0);
	CHECK_EQ(guest_vcpu_start(1, vcpu1), 0);
	uint64_t end = system_time_ns() + 5000 * MS;
	while (!v1_done) {
		CHECK(system_time_ns() < end, "vCPU 1 did not finish");
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	CHECK(count[0] == 0, "vCPU 0 got %u timer events (its timers are stopped)", count[0]);
	CHECK(wrong_vcpu == 0, "%u timer events reached the wrong vCPU or port", wrong_vcpu);
	printf("vCPU 1: %u events on its own port\n", count[1]);
	test_pass();
}
