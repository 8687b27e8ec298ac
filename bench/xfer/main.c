/*
 * Benchmark kernel for inter-domain transfer: an event-channel round trip
 * between two domains (send, the peer wakes and sends back, we wake), and
 * GNTTABOP_copy of 4 KiB into a page another domain granted.  Prints
 * "BENCH name value" lines; bench/xfer.py runs it under -icount (the TSC then
 * counts instructions) and under plain TCG (for wall time).
 */
#include "gnttab.h"
#include "peer.h"
#include "test.h"
#include "../profile_mark.h"

#define ROUND_TRIPS 1000
#define COPIES 2000
#define REF GNTTAB_FIRST_FREE_REF

static uint8_t page[4096] __attribute__((aligned(4096)));

static void echo(void)
{
	peer_begin();
	gnttab_setup(1);
	gnttab_grant(REF, 0, guest_va_to_mfn(page), false);
	CHECK_EQ(evtchn_send(PEER_PORT), 0);
	for (;;) {
		peer_wait_signal();
		evtchn_send(PEER_PORT);
	}
}

static void wait_back(evtchn_port_t p)
{
	while (!events_pending(p))
		evtchn_poll(&p, 1, 0);
	events_clear(p);
}

int main(void)
{
	static uint8_t buf[4096] __attribute__((aligned(4096)));
	if (!is_initial_domain())
		echo();
	events_init();
	domid_t d = peer_create("echo", 4096);
	evtchn_port_t local = peer_connect(d);
	peer_unpause(d);
	wait_back(local);

	profile_open();
	uint64_t t0 = guest_rdtsc();
	for (int i = 0; i < ROUND_TRIPS; i++) {
		evtchn_send(local);
		wait_back(local);
	}
	uint64_t t1 = guest_rdtsc();
	profile_close("evtchn-roundtrip", ROUND_TRIPS);
	printf("BENCH evtchn-roundtrip-tsc %lu\n", (t1 - t0) / ROUND_TRIPS);

	memset(buf, 0x5a, sizeof(buf));
	struct gnttab_copy c = { .flags = GNTCOPY_dest_gref, .len = 4096 };
	c.dest.u.ref = REF;
	c.dest.domid = d;
	c.source.u.gmfn = guest_va_to_mfn(buf);
	c.source.domid = DOMID_SELF;
	profile_open();
	uint64_t s0 = system_time_ns(), c0 = guest_rdtsc();
	for (int i = 0; i < COPIES; i++)
		if (gnttab_copy_one(&c) != GNTST_okay)
			test_fail("copy %d failed", i);
	uint64_t s1 = system_time_ns(), c1 = guest_rdtsc();
	profile_close("gnttab-copy-4k", COPIES);
	printf("BENCH gnttab-copy-4k-ns %lu\n", (s1 - s0) / COPIES);
	printf("BENCH gnttab-copy-4k-tsc %lu\n", (c1 - c0) / COPIES);
	peer_destroy(d);
	return 0;
}
