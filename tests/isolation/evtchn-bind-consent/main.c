/*
 * Rule: an interdomain channel needs the remote side's consent: a domain can
 * bind only to a port that is unbound *and* names it as the allowed peer.
 * The control domain d0 offers port FOR_V to the victim V, holds a bound
 * loopback pair and a port offered to itself, and offers V's next port to
 * itself.  The unprivileged attacker A then tries to bind to each of them,
 * to V's control port, to port 0, a free port and out-of-range ports
 * (-EINVAL for all), and to a missing domain (-ESRCH); a failed bind must
 * not cost A a port either.  Then nothing was harmed: every target port
 * still reads as before, the loopback pair still delivers, d0 can still
 * take the port V offered it, and V binds the port offered to it and
 * notifies d0 through it.
 */
#include "peer.h"
#include "test.h"

#define MISSING_DOM 0x7000

static void attack(void)
{
	domid_t victim = (domid_t)peer_arg(1);
	const evtchn_port_t d0_targets[] = {
		(evtchn_port_t)peer_arg(2),     /* unbound, offered to V */
		(evtchn_port_t)peer_arg(3),     /* bound loopback */
		(evtchn_port_t)peer_arg(4),     /* unbound, offered to d0 itself */
		0, 1000, 1024, 4096, 0xffffffffu,
	};
	evtchn_port_t p;
	for (unsigned i = 0; i < ARRAY_SIZE(d0_targets); i++)
		CHECK(evtchn_bind_interdomain(0, d0_targets[i], &p) == -XEN_EINVAL,
		      "bind to d0 port %u: not -EINVAL", d0_targets[i]);
	/* V's 1 and 2: its store and console ports, unbound for d0; PEER_PORT: bound to d0; next: offered to d0 */
	for (evtchn_port_t vp = 0; vp < PEER_PORT + 3; vp++)
		CHECK(evtchn_bind_interdomain(victim, vp, &p) == -XEN_EINVAL, "bind to d%u port %u: not -EINVAL",
		      victim, vp);
	CHECK_EQ(evtchn_bind_interdomain(MISSING_DOM, 1, &p), -XEN_ESRCH);
	CHECK_EQ(evtchn_bind_interdomain(DOMID_SELF, PEER_PORT, &p), -XEN_EINVAL);  /* bound already */
	/* No port was spent: the next one allocated is right after the control port. */
	CHECK_EQ(evtchn_alloc_unbound(DOMID_SELF, &p), 0);
	CHECK_EQ(p, PEER_PORT + 1);
	printf("attacker: every bind without consent refused\n");
	peer_report_ok();
}

static void victim(void)
{
	evtchn_port_t p;
	CHECK_EQ(evtchn_bind_interdomain(0, (evtchn_port_t)peer_arg(1), &p), 0);
	CHECK_EQ(evtchn_send(p), 0);
	printf("victim: bound the port offered to it and sent\n");
	peer_report_ok();
}

static void expect_status(domid_t dom, evtchn_port_t port, uint32_t status, domid_t peer, evtchn_port_t peer_port)
{
	struct evtchn_status st;
	CHECK_EQ(evtchn_status_of(dom, port, &st), 0);
	CHECK(st.status == status && st.u.interdomain.dom == peer &&
	      (status != EVTCHNSTAT_interdomain || st.u.interdomain.port == peer_port),
	      "d%u port %u: status %u dom %u port %u, expected %u dom %u port %u", dom, port, st.status,
	      st.u.interdomain.dom, st.u.interdomain.port, status, peer, peer_port);
}

int main(void)
{
	if (peer_role("attack"))
		attack();
	if (peer_role("victim"))
		victim();
	events_init();
	/* d0 has no port yet, so the first it allocates is port 1 (lowest free first). */
	domid_t v = peer_create("victim 1", 4096);
	evtchn_port_t for_v, loop_a, loop_b, for_self;
	CHECK_EQ(evtchn_alloc_unbound(v, &for_v), 0);
	CHECK_EQ(for_v, 1);
	loopback_pair(&loop_a, &loop_b);
	CHECK_EQ(evtchn_alloc_unbound(DOMID_SELF, &for_self), 0);
	events_mask(for_v);
	events_mask(for_self);
	char cmd[80];
	evtchn_port_t v_ctl = peer_connect(v);
	struct evtchn_alloc_unbound offer = { v, DOMID_SELF, 0 };      /* V's next port, offered to d0 */
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &offer), 0);
	CHECK_EQ(offer.port, PEER_PORT + 1);

	snprintf(cmd, sizeof(cmd), "attack %u %u %u %u", v, for_v, loop_a, for_self);
	domid_t a = peer_create(cmd, 4096);
	evtchn_port_t a_ctl = peer_connect(a);
	peer_run(a, a_ctl, 10000000000ull, "the attacker");

	/* Nothing moved. */
	expect_status(DOMID_SELF, for_v, EVTCHNSTAT_unbound, v, 0);
	expect_status(DOMID_SELF, loop_a, EVTCHNSTAT_interdomain, 0, loop_b);
	expect_status(DOMID_SELF, loop_b, EVTCHNSTAT_interdomain, 0, loop_a);
	expect_status(DOMID_SELF, for_self, EVTCHNSTAT_unbound, 0, 0);
	expect_status(v, PEER_PORT, EVTCHNSTAT_interdomain, 0, v_ctl);
	expect_status(v, 2, EVTCHNSTAT_unbound, 0, 0);
	expect_nothing_pending();

	/* Everything still works for those it was meant for. */
	CHECK_EQ(evtchn_send(loop_b), 0);
	CHECK(events_pending(loop_a), "the loopback pair no longer delivers");
	evtchn_port_t got;
	CHECK_EQ(evtchn_bind_interdomain(v, 2, &got), 0);
	CHECK_EQ(evtchn_bind_interdomain(DOMID_SELF, for_self, &got), 0);
	peer_run(v, v_ctl, 10000000000ull, "the victim");
	CHECK(events_pending(for_v), "the victim's notification on the port offered to it did not arrive");
	test_pass();
}
