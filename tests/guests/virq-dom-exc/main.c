/*
 * Rule: the toolstack learns of domain deaths as in Xen: VIRQ_DOM_EXC, a
 * global VIRQ, goes to the initial domain (Xen's default handler, its
 * hardware domain) whenever a domain shuts down or is destroyed, and to no
 * other domain that binds it.  Each domain the builder makes also has its
 * XenStore and console ports in start_info, unbound with the initial
 * domain as the remote end (Xen's toolstack allocates the same two).
 *
 * d0 binds VIRQ_DOM_EXC; a watcher peer binds it too and checks its own
 * start_info ports; a short-lived peer powers off, another is destroyed by
 * d0: each time d0's port goes pending; then the watcher, told to look,
 * finds its binding never did.
 */
#include "peer.h"
#include "test.h"

static void watcher(void)
{
	peer_begin();
	evtchn_port_t exc;
	CHECK_EQ(evtchn_bind_virq(VIRQ_DOM_EXC, &exc), 0);
	events_mask(exc);
	struct evtchn_status st;
	uint32_t ports[] = { start_info->store_evtchn, start_info->console.domU.evtchn };
	CHECK(ports[0] && ports[1] && ports[0] != ports[1], "store port %u, console port %u", ports[0], ports[1]);
	for (unsigned i = 0; i < 2; i++) {
		CHECK_EQ(evtchn_status_of(DOMID_SELF, ports[i], &st), 0);
		CHECK(st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == 0, "port %u: status %u", ports[i],
		      st.status);
	}
	CHECK(start_info->store_mfn && start_info->console.domU.mfn, "no store or console page");
	printf("watcher: store port %u, console port %u, unbound to d0\n", ports[0], ports[1]);
	CHECK_EQ(evtchn_send(PEER_PORT), 0);            /* ready */
	peer_wait_signal();                             /* after two domains died */
	CHECK(!events_pending(exc), "VIRQ_DOM_EXC reached a domain other than the initial one");
	printf("watcher: VIRQ_DOM_EXC never reached it\n");
	peer_report_ok();
}

static void expect_dom_exc(evtchn_port_t exc, const char *what)
{
	uint64_t deadline = system_time_ns() + 5000000000ull;
	while (!events_pending(exc) && system_time_ns() < deadline)
		evtchn_poll(&exc, 1, deadline);
	CHECK(events_pending(exc), "no VIRQ_DOM_EXC after %s", what);
	events_clear(exc);
}

int main(void)
{
	if (peer_role("watcher"))
		watcher();
	if (peer_role("exit"))
		peer_report_ok();
	if (peer_role("block"))
		for (;;)
			HYPERVISOR_sched_op(SCHEDOP_block, NULL);
	events_init();
	evtchn_port_t exc, w_port;
	CHECK_EQ(evtchn_bind_virq(VIRQ_DOM_EXC, &exc), 0);
	events_mask(exc);
	domid_t w = peer_start("watcher", &w_port);
	CHECK(!events_pending(exc), "VIRQ_DOM_EXC with no domain gone");

	evtchn_port_t port;
	domid_t e = peer_create("exit", 4096);
	port = peer_connect(e);
	peer_run(e, port, 10000000000ull, "the exiting peer");
	CHECK(peer_wait_gone(e, 5000000000ull), "d%u did not go", e);
	expect_dom_exc(exc, "a peer powered off");

	domid_t b = peer_create("block", 4096);
	peer_unpause(b);
	peer_destroy(b);
	expect_dom_exc(exc, "destroydomain");
	printf("d0: VIRQ_DOM_EXC after a power-off and a destroydomain\n");

	CHECK_EQ(evtchn_send(w_port), 0);
	CHECK(peer_wait_report(w, w_port, 10000000000ull), "the watcher did not report");
	test_pass();
}
