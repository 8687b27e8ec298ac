/*
 * lwIP in an Umbra newlib guest (docs/guests.md, "TCP/IP for guests"): the
 * interface between the guest's network drivers, its main loop and lwIP.
 * A guest linked with lwIP includes this and lwIP's own headers (lwip/tcp.h,
 * lwip/udp.h: the raw API) and keeps to one rule: every lwIP call, received
 * frames included, is made from the main loop, never from an event-channel
 * handler (lwIP runs with NO_SYS and no locks).
 *
 * A link is whatever carries Ethernet frames for one interface: netfront's
 * rings, or a wire inside one guest (tests/guests/lwip-tcp-loop).  The
 * driver fills in a struct lwip_link, adds an interface over it, and from
 * then on
 *   - lwIP calls link->send for each frame it transmits (one whole frame,
 *     destination MAC first, no FCS, at most LWIP_LINK_FRAME_MAX bytes;
 *     the bytes are lwIP's only for the call: copy or grant them before
 *     returning);
 *   - the driver hands each frame it receives to lwip_link_input, from the
 *     main loop.
 *
 * The main loop of a guest with a network driver:
 *
 *     lwip_guest_init();
 *     lwip_link_add(&nif, &link, &ip, &mask, &gw);
 *     ... tcp_new/tcp_bind/tcp_listen: the services ...
 *     for (;;) {
 *             driver_receive_all();          (lwip_link_input per frame)
 *             lwip_guest_timers();
 *             lwip_guest_wait(driver_has_work, driver);
 *     }
 *
 * where driver_has_work says whether a frame is waiting (the driver's
 * event-channel handler only notes that its port fired; the loop does the
 * work).
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lwip/err.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"

struct tcp_pcb;

/* The largest frame a link carries: a 1500-byte MTU plus the Ethernet
 * header (14 bytes; no VLAN tag, no FCS). */
#define LWIP_LINK_MTU       1500
#define LWIP_LINK_FRAME_MAX (LWIP_LINK_MTU + 14)

struct lwip_link {
	/* Transmit one frame: 0, or -1 if the link dropped it (ring full,
	 * link down); lwIP then counts it lost (TCP sends it again). */
	int (*send)(void *ctx, const void *frame, size_t len);
	void *ctx;
	uint8_t mac[6];                 /* the interface's MAC address */
};

/* lwip_init(), and VIRQ_TIMER bound for lwip_guest_wait.  0, or Xen's
 * error from EVTCHNOP_bind_virq (the guest has bound VIRQ_TIMER itself:
 * -EEXIST). */
int lwip_guest_init(void);

/* Add interface nif over link, with a static IPv4 address, netmask and
 * gateway, up and with its link up; the first one added is the default
 * route.  nif and link stay the caller's, alive while the interface is.
 * Returns nif, or NULL if lwIP refused it. */
struct netif *lwip_link_add(struct netif *nif, struct lwip_link *link, const ip4_addr_t *ip,
			    const ip4_addr_t *mask, const ip4_addr_t *gw);

/* Hand one received frame to nif's stack (copied into lwIP's pbuf pool;
 * the caller keeps its buffer).  0, or -1 if dropped: not 14 to
 * LWIP_LINK_FRAME_MAX bytes long, or the pool is empty. */
int lwip_link_input(struct netif *nif, const void *frame, size_t len);

/* Run the lwIP timers that are due (TCP retransmission and delayed ACKs,
 * ARP ageing, IP reassembly). */
void lwip_guest_timers(void);

/* Sleep until ready(arg) is true or lwIP's next timer is due, whichever
 * comes first, taking events meanwhile.  ready is checked with upcalls
 * masked, so an event whose handler makes it true is never slept through;
 * it must not call lwIP.  With no timer pending and ready false it sleeps
 * until an event makes ready true. */
void lwip_guest_wait(bool (*ready)(void *arg), void *arg);

/* End a TCP connection the guest is done with (lwip_tcp.c): its callbacks
 * cleared, then closed, or aborted if abort is set or lwIP cannot close it
 * now.  ERR_ABRT when it was aborted (what an lwIP callback that ended its
 * own connection must return), else ERR_OK. */
err_t lwip_tcp_end(struct tcp_pcb *pcb, bool abort);
