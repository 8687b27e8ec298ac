/*
 * Rule: SCHEDOP_poll sleeps until a listed port is pending (even masked) or
 * its absolute timeout passes, and checks its arguments first.
 *  - Ports that never fire, masked or not, or none: poll returns never
 *    before the timeout (system time) and at most TOLERANCE_NS = 5 ms after
 *    it (the hypervisor checks timeouts every 1 ms tick; 4 ms more cover
 *    delivery).  A host that deschedules QEMU can delay one wake-up, so each
 *    case is tried up to 3 times (guest/timing.h).  Lateness is printed.
 *  - A listed port already pending returns at once (within TOLERANCE_NS,
 *    against a timeout a second away), even when masked, and stays pending.
 *  - A masked port that becomes pending during the poll (a VIRQ_TIMER armed
 *    +20 ms) ends it then, within the tolerance, not at the timeout.
 *  - nr_ports > 128 is -EINVAL; 128 is accepted.  The ports are read in
 *    order, each checked before it is used (XSA-221), as in Xen 4.17: a
 *    port that is not in use (never allocated, here >= 1024 or beyond, or
 *    closed, or the reserved port 0) is -EINVAL wherever it is in the list,
 *    even with a timeout already past; a pending port ends the poll with 0
 *    where it is listed, so a bad port after it is never read, while one
 *    before it is still refused.  A list starting in hypervisor space is
 *    -EFAULT.
 * The VIRQ_TIMER used here is the singleshot timer's, so the vCPU's default
 * 100 Hz periodic timer is stopped first.
 */
#include "peer.h"
#include "test.h"
#include "timing.h"
#include "public/vcpu.h"

#define TOLERANCE_NS 5000000ul
#define MS 1000000ul

struct quiet_poll {
	const evtchn_port_t *ports;
	unsigned n;
	uint64_t wait;
};

static struct wake poll_quiet(void *arg)
{
	const struct quiet_poll *q = arg;
	uint64_t deadline = system_time_ns() + q->wait;
	CHECK_EQ(evtchn_poll(q->ports, q->n, deadline), 0);
	return (struct wake){ deadline, deadline, system_time_ns() };
}

static evtchn_port_t pending_list[3];

static struct wake poll_pending(void *arg)
{
	(void)arg;
	uint64_t t0 = system_time_ns();
	CHECK_EQ(evtchn_poll(pending_list, 3, t0 + 1000 * MS), 0);
	uint64_t t1 = system_time_ns();
	CHECK(events_pending(pending_list[1]), "poll consumed the pending bit");
	return (struct wake){ t0, t0, t1 };
}

static struct wake poll_until_timer(void *arg)
{
	evtchn_port_t timer = *(const evtchn_port_t *)arg;
	events_clear(timer);
	uint64_t fire = system_time_ns() + 20 * MS;
	CHECK_EQ(HYPERVISOR_set_timer_op(fire), 0);
	evtchn_port_t list[3] = { pending_list[0], timer, pending_list[2] };
	CHECK_EQ(evtchn_poll(list, 3, fire + 1000 * MS), 0);
	uint64_t at = system_time_ns();
	CHECK(events_pending(timer), "poll ended without its port pending");
	return (struct wake){ fire, fire, at };
}

int main(void)
{
	events_init();
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
	/* Ports that never fire: unbound ones nobody will bind. */
	evtchn_port_t quiet[2];
	CHECK_EQ(evtchn_alloc_unbound(DOMID_SELF, &quiet[0]), 0);
	CHECK_EQ(evtchn_alloc_unbound(DOMID_SELF, &quiet[1]), 0);
	static const uint64_t waits[] = { 3 * MS, 10 * MS, 25 * MS, 60 * MS };
	for (unsigned i = 0; i < ARRAY_SIZE(waits); i++) {
		char what[48];
		struct quiet_poll q = { quiet, 2, waits[i] };
		snprintf(what, sizeof(what), "poll 2 quiet ports, timeout +%lu ms", waits[i] / MS);
		timing_check(what, poll_quiet, &q, TOLERANCE_NS);
	}
	events_mask(quiet[0]);
	events_mask(quiet[1]);
	struct quiet_poll masked = { quiet, 2, 15 * MS }, none = { NULL, 0, 15 * MS };
	timing_check("poll 2 quiet masked ports, timeout +15 ms", poll_quiet, &masked, TOLERANCE_NS);
	timing_check("poll no ports, timeout +15 ms", poll_quiet, &none, TOLERANCE_NS);

	/* Already pending though masked: returns at once, and stays pending. */
	evtchn_port_t a, b;
	loopback_pair(&a, &b);
	CHECK_EQ(evtchn_send(b), 0);
	CHECK(events_pending(a), "send did not set the masked port pending");
	pending_list[0] = quiet[0];
	pending_list[1] = a;
	pending_list[2] = quiet[1];
	timing_check("poll on a pending masked port (timeout +1 s)", poll_pending, NULL, TOLERANCE_NS);
	events_clear(a);

	/* A masked port that fires during the poll ends it. */
	evtchn_port_t timer;
	CHECK_EQ(evtchn_bind_virq(VIRQ_TIMER, &timer), 0);
	events_mask(timer);
	timing_check("poll woken by a masked VIRQ_TIMER armed +20 ms (timeout +1 s)", poll_until_timer, &timer,
		     TOLERANCE_NS);
	events_clear(timer);

	/* Argument checks. */
	static evtchn_port_t many[129];
	for (unsigned i = 0; i < ARRAY_SIZE(many); i++)
		many[i] = quiet[i % 2];
	uint64_t past = system_time_ns() - 1;
	CHECK_EQ(evtchn_poll(many, 129, past), -XEN_EINVAL);
	CHECK_EQ(evtchn_poll(many, 0xffffffffu, past), -XEN_EINVAL);
	CHECK_EQ(evtchn_poll(many, 128, past), 0);
	evtchn_port_t closed;
	CHECK_EQ(evtchn_alloc_unbound(DOMID_SELF, &closed), 0);
	CHECK_EQ(evtchn_close(closed), 0);
	const evtchn_port_t bad[] = { 0, closed, 1023, 1024, 4095, 4096, 65536, 0x80000000u, 0xffffffffu };
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		evtchn_port_t l[3] = { quiet[0], quiet[1], bad[i] };
		CHECK(evtchn_poll(l, 3, past) == -XEN_EINVAL, "poll with port %u: not -EINVAL", bad[i]);
		CHECK(evtchn_poll(&bad[i], 1, 0) == -XEN_EINVAL, "poll on port %u alone: not -EINVAL", bad[i]);
		many[127] = bad[i];
		CHECK(evtchn_poll(many, 128, past) == -XEN_EINVAL, "poll with port %u at [127]: not -EINVAL", bad[i]);
		/* A pending port ends the poll where it is listed: before it, the bad
		 * port is refused; after it, never read. */
		CHECK_EQ(evtchn_send(b), 0);
		evtchn_port_t bad_first[2] = { bad[i], a }, pending_first[2] = { a, bad[i] };
		CHECK(evtchn_poll(bad_first, 2, 0) == -XEN_EINVAL, "poll with port %u before a pending port: not -EINVAL",
		      bad[i]);
		uint64_t t0 = system_time_ns();
		CHECK(evtchn_poll(pending_first, 2, 0) == 0, "poll with a pending port before port %u: not 0", bad[i]);
		CHECK(system_time_ns() - t0 < TOLERANCE_NS, "poll with a pending port listed first slept");
		events_clear(a);
	}
	many[127] = quiet[1];
	CHECK_EQ(evtchn_poll((const evtchn_port_t *)0xffff800000000000ull, 1, past), -XEN_EFAULT);
	CHECK_EQ(evtchn_poll((const evtchn_port_t *)0xffff87fffffffff0ull, 0, past), -XEN_EFAULT);
	test_pass();
}
