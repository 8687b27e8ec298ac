/*
 * netfront: a guest's network interface over Xen's netif protocol
 * (netfront.c).  Opens device/vif/<devid> the toolstack wrote, shares a
 * TX and an RX ring page and one event channel with the back end, sends
 * each frame from a page of its own granted read-only, and keeps
 * NETFRONT_RX_BUFS pages posted (granted writable) for the back end to
 * copy received frames into.  Usable from freestanding and newlib guests.
 *
 * The link API a network stack needs: netfront_send(frame, len) and
 * netfront_poll(deliver callback); netfront_wait sleeps until the back end
 * signals or a deadline passes.
 */
#pragma once
#include "events.h"
#include "gnttab.h"
#include "public/io/netif.h"
#include "ring.h"

#define NETFRONT_TX_BUFS 32     /* frames in flight */
/* Pages posted for receiving: room for a TCP window each way (lwipopts.h:
 * 44 segments) and their ACKs with headroom, so a burst the back end
 * copies while this guest is not running finds pages (with 64 the back
 * end dropped frames at every burst and TCP waited to send them again). */
#define NETFRONT_RX_BUFS 128
#define NETFRONT_GRANTS  (2 + NETFRONT_TX_BUFS + NETFRONT_RX_BUFS)
#define NETFRONT_TIMEOUT_NS 20000000000ull

struct netfront {
	uint8_t tx_ring_page[4096] __attribute__((aligned(4096)));
	uint8_t rx_ring_page[4096] __attribute__((aligned(4096)));
	uint8_t tx_buf[NETFRONT_TX_BUFS][4096] __attribute__((aligned(4096)));
	uint8_t rx_buf[NETFRONT_RX_BUFS][4096] __attribute__((aligned(4096)));
	struct netif_tx_sring *txs;
	struct netif_rx_sring *rxs;
	struct ring_front tx, rx;
	unsigned long devid;
	domid_t backend_id;
	uint8_t mac[6];                 /* ours, from the frontend directory */
	char fe_dir[64], be_dir[128];
	grant_ref_t gref_base;          /* TX ring, RX ring, TX buffers, RX buffers */
	evtchn_port_t port;
	bool tx_busy[NETFRONT_TX_BUFS], rx_posted[NETFRONT_RX_BUFS];
	unsigned tx_in_flight;
	uint64_t tx_done, tx_errors, rx_frames, rx_errors;
	const char *broken;             /* the back end broke the protocol */
};

typedef void netfront_rx_fn(void *arg, const uint8_t *frame, unsigned len);

/* Connect to device/vif/<devid>, using grant references gref_base ..
 * gref_base + NETFRONT_GRANTS - 1 (the table is set up if it is not yet);
 * 0, or -1 with the reason printed. */
int netfront_open(struct netfront *nf, unsigned long devid, grant_ref_t gref_base);
/* Send one Ethernet frame (14..1514 bytes, copied): 0, or -1 if it is
 * malformed, the back end is broken, or no TX buffer came free in time. */
int netfront_send(struct netfront *nf, const void *frame, unsigned len);
/* Take every TX completion and every received frame there is, calling
 * fn(arg, frame, len) for each frame (valid during the call); the number
 * of frames, or -1 once the back end is broken. */
int netfront_poll(struct netfront *nf, netfront_rx_fn *fn, void *arg);
/* Sleep until the back end signals or deadline_ns (system time) passes. */
void netfront_wait(struct netfront *nf, uint64_t deadline_ns);
