/*
 * Rule: an unprivileged domain cannot look at another domain's event
 * channels: EVTCHNOP_status with dom other than itself is refused for every
 * port of d0 and of the victim V, with Xen 4.17's errors in Xen's order: a
 * domain that does not exist, or a reserved id, is -ESRCH; then a port
 * outside the target's existing buckets of 64 is -EINVAL; then any port of
 * it is -EPERM.  Only DOMID_SELF or its own id work.  The attacker A tries
 * them; its output buffers must come back untouched (nothing about the
 * target's ports leaks).  d0, privileged, reads V's and A's ports.  Nothing
 * was harmed: d0's and V's ports read as before.
 */
#include "peer.h"
#include "test.h"

#define POISON 0x5a5a5a5au

static void attack(void)
{
	domid_t self = (domid_t)peer_arg(1), victim = (domid_t)peer_arg(2);
	const domid_t others[] = { 0, victim, 0x7000, (domid_t)(self + 1), DOMID_IO, DOMID_XEN };
	for (unsigned t = 0; t < ARRAY_SIZE(others); t++)
		for (evtchn_port_t p = 0; p < 1100; p++) {
			struct evtchn_status st;
			memset(&st, 0x5a, sizeof(st));
			st.dom = others[t];
			st.port = p;
			long rc = HYPERVISOR_event_channel_op(EVTCHNOP_status, &st);
			long want = t >= 2 ? -XEN_ESRCH : p >= 64 ? -XEN_EINVAL : -XEN_EPERM;
			CHECK(rc == want, "status of d%u port %u: %ld, expected %ld", others[t], p, rc, want);
			CHECK(st.status == POISON && st.vcpu == POISON && st.u.virq == POISON,
			      "status of d%u port %u wrote its answer", others[t], p);
		}
	struct evtchn_status st;
	CHECK_EQ(evtchn_status_of(self, PEER_PORT, &st), 0);
	CHECK(st.status == EVTCHNSTAT_interdomain && st.u.interdomain.dom == 0, "own control port: %u", st.status);
	CHECK_EQ(evtchn_status_of(DOMID_SELF, PEER_PORT, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_interdomain);
	printf("attacker: status of other domains' ports refused, own ports readable\n");
	peer_report_ok();
}

static void expect_status(domid_t dom, evtchn_port_t port, uint32_t status, domid_t peer)
{
	struct evtchn_status st;
	CHECK_EQ(evtchn_status_of(dom, port, &st), 0);
	CHECK(st.status == status && st.u.unbound.dom == peer, "d%u port %u: status %u dom %u, expected %u dom %u",
	      dom, port, st.status, st.u.unbound.dom, status, peer);
}

int main(void)
{
	if (peer_role("attack"))
		attack();
	events_init();
	domid_t v = peer_create("victim", 4096);        /* never runs: a target only */
	peer_connect(v);
	struct evtchn_alloc_unbound offer = { v, 0, 0 };
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &offer), 0);
	evtchn_port_t mine;
	CHECK_EQ(evtchn_alloc_unbound(v, &mine), 0);
	char cmd[40];
	snprintf(cmd, sizeof(cmd), "attack %u %u", v + 1, v);
	domid_t a = peer_create(cmd, 4096);
	CHECK_EQ(a, v + 1);
	evtchn_port_t a_ctl = peer_connect(a);
	peer_run(a, a_ctl, 15000000000ull, "the attacker");
	/* Privileged: d0 reads other domains' ports; nothing moved. */
	expect_status(v, PEER_PORT, EVTCHNSTAT_interdomain, 0);
	expect_status(v, offer.port, EVTCHNSTAT_unbound, 0);
	expect_status(v, offer.port + 1, EVTCHNSTAT_closed, 0);
	expect_status(DOMID_SELF, mine, EVTCHNSTAT_unbound, v);
	CHECK(peer_wait_gone(a, 2000000000ull), "the attacker did not power off");
	test_pass();
}
