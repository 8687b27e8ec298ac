/*
 * Peer side of the control channel, step by step: a peer that must wait for
 * the initial domain keeps PEER_PORT masked (so the upcall handler leaves
 * its pending bit alone) and polls it.
 */
#include "peer.h"

void peer_wait_signal(void)
{
	evtchn_port_t p = PEER_PORT;
	while (!events_pending(p))
		evtchn_poll(&p, 1, 0);
	events_clear(p);
}
