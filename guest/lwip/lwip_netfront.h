/*
 * An lwIP interface over netfront (lwip_netfront.c): a guest's vif as the
 * link of guest/lwip/lwip_guest.h.  The guest opens its netfront, adds it
 * here with a static address, and runs its main loop as
 *
 *     for (;;) {
 *             lwip_netfront_poll(&ln);       (received frames into lwIP)
 *             lwip_guest_timers();
 *             lwip_netfront_wait(&ln);       (back end's signal or lwIP's next timer)
 *     }
 */
#pragma once
#include "lwip_guest.h"
#include "netfront.h"

struct lwip_netfront {
	struct netfront *nf;
	struct lwip_link link;
	struct netif nif;
	unsigned long tx_dropped;       /* frames netfront refused (lwIP sends again) */
};

/* Add an interface over nf (already open) with ip/mask/gw; ln stays the
 * caller's while the interface lives.  The interface, or NULL. */
struct netif *lwip_netfront_add(struct lwip_netfront *ln, struct netfront *nf, const ip4_addr_t *ip,
				const ip4_addr_t *mask, const ip4_addr_t *gw);
/* Every frame netfront has received, into lwIP; TX completions taken.
 * The number of frames, or -1 once the back end broke the protocol. */
int lwip_netfront_poll(struct lwip_netfront *ln);
/* Sleep until the back end signals or lwIP's next timer is due. */
void lwip_netfront_wait(struct lwip_netfront *ln);
