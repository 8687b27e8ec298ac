/*
 * The control channel step by step.  A peer that must wait for the initial
 * domain keeps PEER_PORT masked (so the upcall handler leaves its pending
 * bit alone) and polls it; the initial domain starts such a peer and waits
 * for its first report ("ready").
 */
#include "peer.h"
#include "test.h"

void peer_begin(void)
{
	events_init();
	events_mask(PEER_PORT);
}

domid_t peer_start(const char *role, evtchn_port_t *local)
{
	return peer_start_kib(role, 4096, local);
}

domid_t peer_start_kib(const char *role, unsigned memory_kib, evtchn_port_t *local)
{
	domid_t d = peer_create(role, memory_kib);
	*local = peer_connect(d);
	peer_unpause(d);
	CHECK(peer_wait_report(d, *local, 2000000000ull), "peer \"%s\" did not get ready", role);
	return d;
}

void peer_wait_signal(void)
{
	evtchn_port_t p = PEER_PORT;
	while (!events_pending(p))
		evtchn_poll(&p, 1, 0);
	events_clear(p);
}
