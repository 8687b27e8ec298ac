/*
 * Rule: bind_virq checks its arguments as Xen does and a VIRQ has one
 * binding per vCPU: a VIRQ number >= NR_VIRQS (24) is -EINVAL, binding a
 * VIRQ already bound is -EEXIST, a vCPU that does not exist is -ENOENT, a
 * global VIRQ (VIRQ_CONSOLE) on a vCPU other than 0 is -EINVAL.  The
 * unprivileged attacker A tries them all; a refused bind must not spend a
 * port (its next port is still the lowest free one) nor move the existing
 * binding, which still delivers its timer.  Nothing was harmed in d0: its
 * own VIRQ_TIMER binding, made before A ran, still delivers.
 */
#include "peer.h"
#include "test.h"

#define MS 1000000ul

static long bind_virq(uint32_t virq, uint32_t vcpu, evtchn_port_t *port)
{
	struct evtchn_bind_virq b = { virq, vcpu, 0 };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &b);
	*port = b.port;
	return rc;
}

/* The timer bound to `port` fires there (masked: poll sees it). */
static void timer_works(evtchn_port_t port)
{
	events_mask(port);
	events_clear(port);
	uint64_t deadline = system_time_ns() + 5 * MS;
	CHECK_EQ(HYPERVISOR_set_timer_op(deadline), 0);
	CHECK_EQ(evtchn_poll(&port, 1, deadline + 500 * MS), 0);
	CHECK(events_pending(port), "the VIRQ_TIMER on port %u did not fire", port);
	events_clear(port);
}

static void attack(void)
{
	events_init();
	evtchn_port_t timer, debug, p;
	CHECK_EQ(bind_virq(VIRQ_TIMER, 0, &timer), 0);
	CHECK_EQ(bind_virq(VIRQ_DEBUG, 0, &debug), 0);
	static const uint32_t bad_virq[] = { NR_VIRQS, NR_VIRQS + 1, 64, 1000, 0x80000000u, 0xffffffffu };
	for (unsigned i = 0; i < ARRAY_SIZE(bad_virq); i++)
		for (uint32_t vcpu = 0; vcpu < 2; vcpu++)
			CHECK(bind_virq(bad_virq[i], vcpu, &p) == -XEN_EINVAL, "VIRQ %u on vCPU %u: not -EINVAL",
			      bad_virq[i], vcpu);
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(bind_virq(VIRQ_TIMER, 0, &p), -XEN_EEXIST);
		CHECK_EQ(bind_virq(VIRQ_DEBUG, 0, &p), -XEN_EEXIST);
	}
	CHECK_EQ(bind_virq(VIRQ_TIMER, 1, &p), -XEN_ENOENT);
	CHECK_EQ(bind_virq(VIRQ_TIMER, 0xffffffffu, &p), -XEN_ENOENT);
	CHECK_EQ(bind_virq(VIRQ_CONSOLE, 1, &p), -XEN_EINVAL);
	CHECK_EQ(bind_virq(VIRQ_CONSOLE, 0xffffffffu, &p), -XEN_EINVAL);
	struct evtchn_status st;
	CHECK_EQ(evtchn_status_of(DOMID_SELF, timer, &st), 0);
	CHECK(st.status == EVTCHNSTAT_virq && st.u.virq == VIRQ_TIMER, "the timer port changed: %u", st.status);
	CHECK_EQ(evtchn_alloc_unbound(0, &p), 0);
	CHECK(p == debug + 1, "refused binds spent ports: next port %u, expected %u", p, debug + 1);
	timer_works(timer);
	/* Once closed, it can be bound again (the refusal was not sticky). */
	CHECK_EQ(evtchn_close(timer), 0);
	CHECK_EQ(bind_virq(VIRQ_TIMER, 0, &timer), 0);
	timer_works(timer);
	printf("attacker: bad VIRQ binds refused, VIRQ_TIMER still delivers\n");
	peer_report_ok();
}

int main(void)
{
	if (peer_role("attack"))
		attack();
	events_init();
	evtchn_port_t timer;
	CHECK_EQ(evtchn_bind_virq(VIRQ_TIMER, &timer), 0);
	domid_t a = peer_create("attack", 4096);
	evtchn_port_t ctl = peer_connect(a);
	peer_run(a, ctl, 10000000000ull, "the attacker");
	timer_works(timer);
	CHECK(peer_wait_gone(a, 2000000000ull), "the attacker did not power off");
	test_pass();
}
