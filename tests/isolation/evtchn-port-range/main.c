/*
 * Rule: every event-channel operation checks a port against the domain's
 * range before it touches anything (XSA-221): ports >= the limit (1024 in
 * this build; also the 2-level ABI's 4096 and far beyond) get -EINVAL from
 * send, close, unmask, bind_vcpu, status and bind_interdomain (as the remote
 * port), and port 0 (reserved) cannot be closed.  Below the limit, ports
 * exist in buckets of 64 as in Xen, added only when allocation needs them:
 * A, which never used more than its first bucket, reads its store and
 * console ports (1, 2) as unbound to d0, ports 4-63 as closed and gets -EINVAL for 64-1023 from status too.  The unprivileged
 * attacker A tries them all; then nothing was harmed: A's own and d0's
 * ports read as before, nothing went pending, and the control channel still
 * works.
 * (SCHEDOP_poll's range check: tests/isolation/poll-port-range.)
 */
#include "peer.h"
#include "test.h"

static const evtchn_port_t bad[] = {
	1024, 1025, 2047, 4095, 4096, 4097, 65535, 65536, 0x7fffffffu, 0x80000000u, 0xfffffffeu, 0xffffffffu,
};

static void attack(void)
{
	evtchn_port_t d0_port = (evtchn_port_t)peer_arg(1);
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		evtchn_port_t p = bad[i], got;
		struct evtchn_unmask u = { p };
		struct evtchn_bind_vcpu bv = { p, 0 };
		struct evtchn_status st;
		CHECK(evtchn_send(p) == -XEN_EINVAL, "send %u", p);
		CHECK(evtchn_close(p) == -XEN_EINVAL, "close %u", p);
		CHECK(HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &u) == -XEN_EINVAL, "unmask %u", p);
		CHECK(HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &bv) == -XEN_EINVAL, "bind_vcpu %u", p);
		CHECK(evtchn_status_of(DOMID_SELF, p, &st) == -XEN_EINVAL, "status %u", p);
		CHECK(evtchn_bind_interdomain(0, p, &got) == -XEN_EINVAL, "bind_interdomain to d0 port %u", p);
		CHECK(evtchn_bind_interdomain(DOMID_SELF, p, &got) == -XEN_EINVAL, "bind_interdomain to own port %u", p);
	}
	CHECK_EQ(evtchn_close(0), -XEN_EINVAL);
	struct evtchn_status st;
	CHECK_EQ(evtchn_status_of(DOMID_SELF, 0, &st), 0);      /* port 0 reads as closed */
	CHECK_EQ(st.status, EVTCHNSTAT_closed);
	CHECK_EQ(evtchn_status_of(DOMID_SELF, PEER_PORT, &st), 0);
	CHECK(st.status == EVTCHNSTAT_interdomain && st.u.interdomain.dom == 0 && st.u.interdomain.port == d0_port,
	      "control port: status %u", st.status);
	for (evtchn_port_t p = 1; p < PEER_PORT; p++) {          /* the builder's store and console ports */
		CHECK_EQ(evtchn_status_of(DOMID_SELF, p, &st), 0);
		CHECK(st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == 0, "port %u: status %u", p, st.status);
	}
	for (evtchn_port_t p = PEER_PORT + 1; p < 64; p++) {
		CHECK_EQ(evtchn_status_of(DOMID_SELF, p, &st), 0);
		CHECK(st.status == EVTCHNSTAT_closed, "port %u opened: status %u", p, st.status);
	}
	for (evtchn_port_t p = 64; p < 1024; p++)
		CHECK(evtchn_status_of(DOMID_SELF, p, &st) == -XEN_EINVAL, "status of port %u, in no bucket", p);
	printf("attacker: %u out-of-range ports refused by every operation\n", (unsigned)ARRAY_SIZE(bad));
	peer_report_ok();
}

int main(void)
{
	if (peer_role("attack"))
		attack();
	events_init();
	evtchn_port_t loop_a, loop_b;
	loopback_pair(&loop_a, &loop_b);
	/* d0 holds ports 1 and 2, so the control channel's d0 end is port 3. */
	domid_t a = peer_create("attack 3", 4096);
	evtchn_port_t ctl = peer_connect(a);
	CHECK_EQ(ctl, 3);
	peer_run(a, ctl, 10000000000ull, "the attacker");
	expect_nothing_pending();
	struct evtchn_status st;
	CHECK_EQ(evtchn_status_of(DOMID_SELF, loop_a, &st), 0);
	CHECK(st.status == EVTCHNSTAT_interdomain && st.u.interdomain.port == loop_b, "loopback pair changed");
	CHECK_EQ(evtchn_send(loop_b), 0);
	CHECK(events_pending(loop_a), "the loopback pair no longer delivers");
	CHECK(peer_wait_gone(a, 2000000000ull), "the attacker did not power off");
	test_pass();
}
