/*
 * Rule: a domain cannot spend another domain's event-channel ports.  Only a
 * privileged domain may alloc_unbound in (or reset) another domain: the
 * unprivileged attacker A tries ATTEMPTS allocations in the victim V (for
 * itself, for V, for d0) and in d0, and resets of both: all -EPERM.  A can
 * exhaust only its own table: it allocates until -ENOSPC, which comes after
 * exactly the ports it has (the domain's limit of 1024 less port 0 and its
 * control port), and still gets -ENOSPC then.  Nothing was harmed: V and d0
 * use as many ports as before (getdomaininfo), V's control channel is
 * intact, and V, run afterwards, allocates and uses ports of its own
 * (a loopback pair that delivers) and reports; d0 can still allocate.
 */
#include "peer.h"
#include "test.h"

#define ATTEMPTS 2000
#define MAX_PORTS 1024                  /* the default per-domain limit in this build */

static void attack(void)
{
	domid_t self = (domid_t)peer_arg(1), victim = (domid_t)peer_arg(2);
	const domid_t targets[] = { victim, 0 };
	const domid_t remotes[] = { self, victim, 0, DOMID_SELF };
	for (unsigned t = 0; t < ARRAY_SIZE(targets); t++) {
		for (unsigned i = 0; i < ATTEMPTS; i++) {
			struct evtchn_alloc_unbound a = { targets[t], remotes[i % ARRAY_SIZE(remotes)], 0 };
			CHECK(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a) == -XEN_EPERM,
			      "alloc_unbound in d%u: not -EPERM", targets[t]);
		}
		struct evtchn_reset r = { targets[t] };
		CHECK(HYPERVISOR_event_channel_op(EVTCHNOP_reset, &r) == -XEN_EPERM, "reset of d%u: not -EPERM",
		      targets[t]);
	}
	unsigned n = 0;
	evtchn_port_t p;
	long rc;
	while ((rc = evtchn_alloc_unbound(0, &p)) == 0)
		n++;
	CHECK_EQ(rc, -XEN_ENOSPC);
	CHECK_EQ(n, MAX_PORTS - 1 - PEER_PORT);        /* port 0 reserved, 1..PEER_PORT taken */
	CHECK_EQ(evtchn_alloc_unbound(0, &p), -XEN_ENOSPC);
	printf("attacker: %u allocations in other domains refused, own table full after %u ports\n",
	       2 * ATTEMPTS, n);
	CHECK_EQ(evtchn_send(PEER_PORT), 0);    /* its control port still works */
	for (;;)                                /* no event ever comes: until destroyed */
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

static void victim(void)
{
	events_init();
	evtchn_port_t a, b;
	loopback_pair(&a, &b);
	CHECK_EQ(evtchn_send(b), 0);
	CHECK(events_pending(a), "the victim's own loopback pair does not deliver");
	printf("victim: allocated ports %u and %u and used them\n", a, b);
	peer_report_ok();
}

static unsigned ports_used(domid_t d)
{
	struct umbra_domctl_getinfo_ext info;
	CHECK(domctl_getinfo_ext(d, &info) == 0 && info.domain == d, "d%u is gone", d);
	return info.evtchn_ports_used;
}

int main(void)
{
	if (peer_role("attack"))
		attack();
	if (peer_role("victim"))
		victim();
	events_init();
	domid_t v = peer_create("victim", 4096);
	evtchn_port_t v_ctl = peer_connect(v);
	char cmd[40];
	snprintf(cmd, sizeof(cmd), "attack %u %u", v + 1, v);
	domid_t a = peer_create(cmd, 4096);
	CHECK_EQ(a, v + 1);
	evtchn_port_t a_ctl = peer_connect(a);
	unsigned v0 = ports_used(v), d0 = ports_used(0);
	peer_run(a, a_ctl, 15000000000ull, "the attacker");
	CHECK_EQ(ports_used(a), MAX_PORTS - 1);         /* all but port 0 */
	CHECK_EQ(ports_used(v), v0);
	CHECK_EQ(ports_used(0), d0);
	struct evtchn_status st;
	CHECK_EQ(evtchn_status_of(v, PEER_PORT, &st), 0);
	CHECK(st.status == EVTCHNSTAT_interdomain && st.u.interdomain.dom == 0 && st.u.interdomain.port == v_ctl,
	      "the victim's control channel changed");
	peer_run(v, v_ctl, 10000000000ull, "the victim");
	evtchn_port_t p;
	CHECK_EQ(evtchn_alloc_unbound(DOMID_SELF, &p), 0);
	peer_destroy(a);
	test_pass();
}
