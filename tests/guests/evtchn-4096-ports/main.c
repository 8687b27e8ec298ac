/*
 * More than 1024 event channels, where Xen allows them: the 2-level ABI of a
 * 64-bit guest has 64 x 64 = 4096 ports, and a domain's limit is Xen's
 * max_evtchn_port, the system description's event_channels (N usable
 * channels: ports 1..N; xl's default, 1023).
 *  - The control domain, described with 4095, allocates every port up to
 *    4095 (the lowest free one each time), then gets -ENOSPC; ports from
 *    4096 are -EINVAL for every operation.  Ports in the top word deliver:
 *    a loopback pair at 4094/4095 raises its pending bit, its selector bit
 *    63 and the upcall.  Closing them all gives the ports back.
 *  - The guest, with the default, gets ports up to 1023 and then -ENOSPC.
 */
#include "events.h"
#include "peer.h"
#include "test.h"

static volatile unsigned high_events;

static void on_high(evtchn_port_t port, void *arg)
{
	(void)arg;
	if (port >= 4094)
		high_events++;
}

static evtchn_port_t fill(evtchn_port_t *last)
{
	evtchn_port_t p = 0, expect = 0;
	long rc;
	unsigned n = 0;
	while ((rc = evtchn_alloc_unbound(DOMID_SELF, &p)) == 0) {
		CHECK(p > expect, "port %u after %u", p, expect);
		expect = p;
		n++;
	}
	CHECK(rc == -XEN_ENOSPC, "allocation ended with %ld, not -ENOSPC", rc);
	*last = expect;
	return n;
}

static noreturn void guest(void)
{
	events_init();
	evtchn_port_t last;
	fill(&last);
	CHECK(last == 1023, "the default limit ended at port %u", last);
	evtchn_port_t p;
	CHECK_EQ(evtchn_alloc_unbound(DOMID_SELF, &p), -XEN_ENOSPC);
	printf("default limit: ports up to 1023, then -ENOSPC\n");
	guest_shutdown(SHUTDOWN_poweroff);
}

int main(void)
{
	if (!is_initial_domain())
		guest();
	events_init();
	evtchn_port_t last;
	unsigned n = fill(&last);
	CHECK(last == 4095, "allocation ended at port %u, not 4095", last);
	printf("allocated %u ports, up to %u\n", n, last);
	struct evtchn_status st;
	CHECK_EQ(evtchn_status_of(DOMID_SELF, 4095, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_unbound);
	static const evtchn_port_t beyond[] = { 4096, 4097, 8191, 65536, 0xffffffffu };
	for (unsigned i = 0; i < ARRAY_SIZE(beyond); i++) {
		struct evtchn_unmask u = { beyond[i] };
		CHECK(evtchn_status_of(DOMID_SELF, beyond[i], &st) == -XEN_EINVAL, "status of %u", beyond[i]);
		CHECK(evtchn_close(beyond[i]) == -XEN_EINVAL, "close of %u", beyond[i]);
		CHECK(evtchn_send(beyond[i]) == -XEN_EINVAL, "send on %u", beyond[i]);
		CHECK(HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &u) == -XEN_EINVAL, "unmask of %u", beyond[i]);
	}

	/* The top word delivers. */
	CHECK_EQ(evtchn_close(4094), 0);
	CHECK_EQ(evtchn_close(4095), 0);
	evtchn_port_t a, b;
	loopback_pair(&a, &b);
	CHECK(a == 4094 && b == 4095, "the loopback pair got ports %u and %u", a, b);
	struct vcpu_info *vi = &shared_info->vcpu_info[0];
	vi->evtchn_upcall_mask = 1;
	__atomic_store_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	vi->evtchn_upcall_pending = 0;
	events_unmask(a);
	CHECK_EQ(evtchn_send(b), 0);
	CHECK(events_pending(a), "port %u is not pending", a);
	CHECK(vi->evtchn_upcall_pending && vi->evtchn_pending_sel == 1ull << 63, "selector %lx, upcall %u",
	      vi->evtchn_pending_sel, vi->evtchn_upcall_pending);
	events_bind(a, on_high, NULL);
	vi->evtchn_upcall_mask = 0;
	HYPERVISOR_xen_version(0, NULL);        /* a return point: the upcall runs */
	CHECK(high_events == 1, "%u events on port %u", high_events, a);

	for (evtchn_port_t p = 1; p <= 4095; p++) {
		CHECK_EQ(evtchn_status_of(DOMID_SELF, p, &st), 0);
		if (st.status == EVTCHNSTAT_unbound || st.status == EVTCHNSTAT_interdomain)
			CHECK_EQ(evtchn_close(p), 0);
	}
	evtchn_port_t again;
	CHECK_EQ(evtchn_alloc_unbound(DOMID_SELF, &again), 0);
	CHECK(again == 1, "after closing every port the lowest free one is %u", again);
	uint64_t end = system_time_ns() + 20000000000ull;
	while (domain_alive(1)) {
		CHECK(system_time_ns() < end, "the guest did not finish");
		sleep_ns(1000000);
	}
	test_pass();
}
