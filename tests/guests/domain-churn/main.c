/*
 * Rule: nothing leaks.  The control domain creates and destroys CHURN
 * domains of PEER_KIB each, one at a time, ending in four ways: destroyed
 * paused (never ran), powering itself off, destroyed while runnable just
 * after it sent on an event channel (whose end here must then read unbound:
 * the peer's close reached us), and destroyed while blocked.  Afterwards:
 *  - the free-frame count is exactly where it started, measured by probing
 *    createdomain with BAD_MODULE, a module that is not an ELF image
 *    (max_creatable_kib, peer.h);
 *  - the control domain holds the same pages and event-channel ports;
 *  - a real domain of the largest size found is built and runs (the memory
 *    really came back), and one 4 KiB larger is refused.
 * test.spec checks the hypervisor's side: at least CHURN destroys, every
 * destroy line of a created domain reports the same free count, and at the
 * end all frames are returned.
 */
#include "peer.h"
#include "test.h"

#define CHURN 240
#define PEER_KIB 4096                   /* the builder's minimum: a 4 MiB bootstrap region */
#define TIMEOUT_NS 2000000000ull

#define BAD_MODULE 2

static bool blocked(domid_t d)
{
	struct xen_domctl_getdomaininfo info;
	CHECK(domctl_getinfo(d, &info) == 0 && info.domain == d, "d%u is gone", d);
	return info.flags & XEN_DOMINF_blocked;
}

static void churn_one(unsigned i)
{
	static const char *const modes[] = { "exit", "exit", "notify", "block" };
	unsigned how = i % 4;
	domid_t d = peer_create(modes[how], PEER_KIB);
	if (how == 0) {                         /* never runs */
		peer_destroy(d);
		return;
	}
	evtchn_port_t local = how == 2 ? peer_connect(d) : 0;
	peer_unpause(d);
	if (how == 1) {
		CHECK(peer_wait_gone(d, TIMEOUT_NS), "d%u did not power off", d);
		return;
	}
	if (how == 2)
		CHECK(peer_wait_report(d, local, TIMEOUT_NS), "d%u did not notify", d);
	else
		for (uint64_t end = system_time_ns() + TIMEOUT_NS; !blocked(d);) {
			CHECK(system_time_ns() < end, "d%u never blocked", d);
			sleep_ns(1000000);      /* lets it run into its block */
		}
	CHECK(domain_alive(d), "d%u is gone before its destroy", d);
	peer_destroy(d);
	CHECK(!domain_alive(d), "d%u survived its destroy", d);
	if (how == 2) {
		struct evtchn_status st;
		CHECK_EQ(evtchn_status_of(DOMID_SELF, local, &st), 0);
		CHECK(st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == d,
		      "port %u after d%u's destroy: status %u dom %u", local, d, st.status, st.u.unbound.dom);
		CHECK_EQ(evtchn_send(local), 0);        /* to a dead peer: dropped */
		CHECK_EQ(evtchn_close(local), 0);
	}
}

static void peer(void)
{
	if (peer_role("notify"))
		CHECK_EQ(evtchn_send(PEER_PORT), 0);
	if (peer_role("notify") || peer_role("block"))
		for (;;)
			HYPERVISOR_sched_op(SCHEDOP_block, NULL);     /* no event ever comes: until destroyed */
	if (peer_role("big"))
		CHECK(start_info->nr_pages == peer_arg(1), "%lu pages, asked %lu",
		      start_info->nr_pages, peer_arg(1));
	guest_shutdown(SHUTDOWN_poweroff);
}

int main(void)
{
	if (!is_initial_domain())
		peer();
	events_init();
	struct xen_domctl_getdomaininfo self0, self1;
	struct umbra_domctl_getinfo_ext ext0, ext1;
	CHECK_EQ(domctl_getinfo(0, &self0), 0);
	CHECK_EQ(domctl_getinfo_ext(0, &ext0), 0);
	unsigned long kib0 = max_creatable_kib(BAD_MODULE);
	printf("before: %lu frames free (largest domain %lu KiB), d0 holds %lu pages and %u ports\n",
	       kib0 / 4 + CREATE_EXTRA_FRAMES, kib0, self0.tot_pages, ext0.evtchn_ports_used);
	uint64_t t0 = system_time_ns();
	for (unsigned i = 0; i < CHURN; i++)
		churn_one(i);
	uint64_t t1 = system_time_ns();
	unsigned long kib1 = max_creatable_kib(BAD_MODULE);
	CHECK_EQ(domctl_getinfo(0, &self1), 0);
	CHECK_EQ(domctl_getinfo_ext(0, &ext1), 0);
	printf("after %u domains in %lu ms: %lu frames free (largest domain %lu KiB), d0 holds %lu pages and %u ports\n",
	       CHURN, (t1 - t0) / 1000000, kib1 / 4 + CREATE_EXTRA_FRAMES, kib1, self1.tot_pages, ext1.evtchn_ports_used);
	CHECK(kib1 == kib0, "free frames: %lu before, %lu after", kib0 / 4 + CREATE_EXTRA_FRAMES, kib1 / 4 + CREATE_EXTRA_FRAMES);
	CHECK_EQ(self1.tot_pages, self0.tot_pages);
	CHECK_EQ(ext1.evtchn_ports_used, ext0.evtchn_ports_used);
	domid_t d;
	CHECK_EQ(domctl_create(PEER_MODULE, (unsigned)kib1 + 4, "", &d), -XEN_ENOMEM);
	char cmd[40];
	snprintf(cmd, sizeof(cmd), "big %lu", kib1 / 4);
	domid_t big = peer_create(cmd, (unsigned)kib1);
	peer_unpause(big);
	CHECK(peer_wait_gone(big, 5000000000ull), "the largest domain did not run to its end");
	printf("a domain of %lu KiB was built and ran\n", kib1);
	test_pass();
}
