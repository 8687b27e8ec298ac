/*
 * netback's engine for one vif (netback.c): takes the front end's
 * transmitted packets off its TX ring, checks them (netif_check.c),
 * copies their data out of the front end's grants and hands each frame to
 * the caller (the bridge); and copies frames for the front end into the
 * pages it posted on its RX ring.  Grant copies are the caller's
 * (GNTTABOP_copy in the back-end domain, a fake grant table in host
 * tests), so this file is portable and fuzzed (tests/fuzz/netif).
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "blkback.h"            /* struct blkback_io, blkback_seg: one grant copy piece */
#include "netif_check.h"
#include "ring.h"

/* Frames waiting for the front end to post pages: a round's worth of
 * another vif's packets (VIF_BUDGET in bbd_vif.c) or the NIC's. */
#define NETBACK_RX_QUEUE 64

struct netback {
	struct ring_back tx, rx;
	struct netif_tx_sring *txs;
	struct netif_rx_sring *rxs;
	struct blkback_io io;           /* copy(ctx, pieces, n, to_front) */
	/* A frame the front end sent, checked and copied out (valid during the call). */
	void (*deliver)(void *arg, const uint8_t *frame, unsigned len);
	void *arg;
	/* Frame buffers in the caller's page-aligned memory: one page for TX,
	 * then NETBACK_RX_QUEUE halves of pages for the RX queue, so no copy
	 * crosses a local page. */
	uint8_t *mem;
	struct {
		uint16_t len;
	} rxq[NETBACK_RX_QUEUE];
	unsigned rxq_head, rxq_count;
	uint64_t tx_packets, tx_dropped, rx_packets, rx_dropped, rx_errors;
	const char *last_drop;          /* the rule the last dropped packet broke */
	const char *broken;             /* set when the front end broke the protocol: serve no more */
};

#define NETBACK_MEM_BYTES (4096u + NETBACK_RX_QUEUE * 2048u)

void netback_init(struct netback *nb, struct netif_tx_sring *txs, struct netif_rx_sring *rxs,
		  const struct blkback_io *io, uint8_t *mem,
		  void (*deliver)(void *arg, const uint8_t *frame, unsigned len), void *arg);

/*
 * Take at most budget packets off the TX ring: each answered slot by slot,
 * the good ones delivered.  *notify is set when the front end must be
 * signalled.  The number of packets taken, or -1 once the front end broke
 * the protocol (nb->broken says how): disconnect it.
 */
int netback_tx(struct netback *nb, unsigned budget, bool *notify);

/* Queue a frame (14..1514 bytes) for the front end; when the queue is full
 * it is dropped and counted (a front end that posts no pages holds at most
 * NETBACK_RX_QUEUE frames of ours). */
void netback_rx_queue(struct netback *nb, const uint8_t *frame, unsigned len);
/* Copy queued frames into pages the front end posted, one per page at
 * offset 0, each response in the slot of the request it consumed.  The
 * number delivered, or -1 once the front end broke the RX ring. */
int netback_rx_flush(struct netback *nb, bool *notify);
