/*
 * Rule: sending on, or closing, a port that is not open gets -EINVAL and
 * touches nobody (Xen's table: free/closed and reserved port 0 -EINVAL; a
 * VIRQ port -EINVAL; an unbound port, e.g. one whose peer closed, silently
 * drops the event).  The unprivileged attacker A sends on port 0, on free
 * ports, on a port it closed, on its VIRQ_TIMER port, and on a port whose
 * d0 end d0 closed before A ran (dropped: 0); it closes port 0, free ports
 * and a port twice (-EINVAL).  Nothing was harmed: none of d0's ports went
 * pending (d0 checks its whole pending bitmap), the port d0 closed stayed
 * closed, and both ends of the control channel still work.
 */
#include "peer.h"
#include "test.h"

static void attack(void)
{
	evtchn_port_t orphan = (evtchn_port_t)peer_arg(1);      /* its d0 end was closed */
	CHECK_EQ(evtchn_send(0), -XEN_EINVAL);
	static const evtchn_port_t free_ports[] = { 5, 6, 100, 512, 1023 };
	for (unsigned i = 0; i < ARRAY_SIZE(free_ports); i++) {
		CHECK(evtchn_send(free_ports[i]) == -XEN_EINVAL, "send on free port %u: not -EINVAL", free_ports[i]);
		CHECK(evtchn_close(free_ports[i]) == -XEN_EINVAL, "close of free port %u: not -EINVAL", free_ports[i]);
	}
	struct evtchn_status st;
	CHECK_EQ(evtchn_status_of(DOMID_SELF, orphan, &st), 0);
	CHECK(st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == 0, "port %u after d0 closed its end: %u",
	      orphan, st.status);
	for (int i = 0; i < 100; i++)
		CHECK_EQ(evtchn_send(orphan), 0);       /* unbound: dropped */
	CHECK_EQ(evtchn_close(orphan), 0);
	CHECK_EQ(evtchn_send(orphan), -XEN_EINVAL);
	CHECK_EQ(evtchn_close(orphan), -XEN_EINVAL);
	evtchn_port_t timer;
	CHECK_EQ(evtchn_bind_virq(VIRQ_TIMER, &timer), 0);
	CHECK_EQ(evtchn_send(timer), -XEN_EINVAL);
	CHECK_EQ(evtchn_close(timer), 0);
	CHECK_EQ(evtchn_send(timer), -XEN_EINVAL);
	CHECK_EQ(evtchn_close(0), -XEN_EINVAL);
	CHECK_EQ(evtchn_close(0), -XEN_EINVAL);
	printf("attacker: sends and closes on ports not open refused (unbound: dropped)\n");
	peer_report_ok();
}

int main(void)
{
	if (peer_role("attack"))
		attack();
	events_init();
	/* A's PEER_PORT is the control channel; d0 connects a second channel (A's
	 * next port) and closes its own end before A runs. */
	char cmd[32];
	snprintf(cmd, sizeof(cmd), "attack %u", PEER_PORT + 1);
	domid_t a = peer_create(cmd, 4096);
	evtchn_port_t ctl = peer_connect(a);
	struct evtchn_alloc_unbound second = { a, DOMID_SELF, 0 };
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &second), 0);
	CHECK_EQ(second.port, PEER_PORT + 1);
	evtchn_port_t closed;
	CHECK_EQ(evtchn_bind_interdomain(a, PEER_PORT + 1, &closed), 0);
	events_mask(closed);
	CHECK_EQ(evtchn_close(closed), 0);
	events_clear(closed);
	peer_run(a, ctl, 10000000000ull, "the attacker");
	expect_nothing_pending();
	struct evtchn_status st;
	CHECK_EQ(evtchn_status_of(DOMID_SELF, closed, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_closed);
	CHECK_EQ(evtchn_send(closed), -XEN_EINVAL);
	CHECK(peer_wait_gone(a, 2000000000ull), "the attacker did not power off");
	test_pass();
}
