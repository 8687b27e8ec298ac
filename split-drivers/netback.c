/*
 * netback's engine (netback.h).  Transmit, for every packet the front end
 * published:
 *
 *   1. the TX ring's indices are checked (ring_back_requests: req_prod
 *      within one ring of the responses produced), else the front end is
 *      cut off;
 *   2. the packet's slots are copied into private memory one read each,
 *      and judged on the copies (netif_tx_take): a fatal rule cuts the
 *      front end off before anything is answered or copied; a dropped
 *      packet is answered NETIF_RSP_ERROR slot by slot;
 *   3. each fragment moves by grant copy into one page of ours (the
 *      hypervisor checks each reference: in range, granted to us by that
 *      front end); a refused copy drops the packet with NETIF_RSP_ERROR;
 *   3b. a packet sent with NETTXF_csum_blank (the protocol lets every
 *      front end leave its TCP or UDP checksum to the back end; Linux's
 *      netfront does) gets it completed in our copy (netif_csum.c); one
 *      that is not TCP or UDP over IP cannot be, and is dropped;
 *   4. every slot gets its response, in order, the slot zeroed first: id
 *      and NETIF_RSP_OKAY for a request, NETIF_RSP_NULL for extra info;
 *      then the frame goes to the bridge.
 *
 * Receive: frames for the front end wait in a bounded queue (dropped when
 * it is full, XSA-392's rule); for each RX request the front end posted,
 * the request is copied once, the frame is grant-copied to offset 0 of its
 * page (the hypervisor checks the reference is the front end's and
 * writable), and the response - id, offset 0, length or NETIF_RSP_ERROR -
 * goes in the slot of that request.  The RX ring's indices are checked as
 * the TX ring's.
 * Portable C.
 */
#include "netback.h"
#include "netif_csum.h"

void netback_init(struct netback *nb, struct netif_tx_sring *txs, struct netif_rx_sring *rxs,
		  const struct blkback_io *io, uint8_t *mem,
		  void (*deliver)(void *arg, const uint8_t *frame, unsigned len), void *arg)
{
	__builtin_memset(nb, 0, sizeof(*nb));
	ring_back_init(&nb->tx, &txs->hdr, NETIF_TX_RING_SLOTS);
	ring_back_init(&nb->rx, &rxs->hdr, NETIF_RX_RING_SLOTS);
	nb->txs = txs;
	nb->rxs = rxs;
	nb->io = *io;
	nb->mem = mem;
	nb->deliver = deliver;
	nb->arg = arg;
}

/* Copy the checked packet's fragments into our TX page; 0 or -1. */
static int gather(struct netback *nb, const struct netif_tx_packet *p)
{
	unsigned at = 0;
	for (unsigned i = 0; i < p->nfrags; i++) {
		const struct netif_tx_frag *f = &p->frag[i];
		if (!f->len)
			continue;
		struct blkback_seg s = { .gref = f->gref, .offset = f->offset, .len = f->len, .local = nb->mem + at };
		if (nb->io.copy(nb->io.ctx, &s, 1, false))
			return -1;
		at += f->len;
	}
	return 0;
}

static void tx_respond(struct netback *nb, const struct netif_tx_packet *p, int16_t status)
{
	for (unsigned k = 0; k < p->nslots; k++) {
		union netif_tx_sring_entry *e = &nb->txs->ring[ring_slot(nb->tx.slots, nb->tx.rsp_prod_pvt++)];
		__builtin_memset(e, 0, sizeof(*e));
		if (p->extra[k]) {
			e->rsp.status = NETIF_RSP_NULL;
		} else {
			e->rsp.id = p->slot[k].req.id;
			e->rsp.status = status;
		}
	}
}

int netback_tx(struct netback *nb, unsigned budget, bool *notify)
{
	static struct netif_tx_packet p;        /* large; one engine runs at a time */
	unsigned done = 0;
	if (nb->broken)
		return -1;
	for (;;) {
		RING_IDX prod;
		int ready = ring_back_requests(&nb->tx, &prod);
		if (ready < 0) {
			nb->broken = "TX req_prod out of range (more than a ring ahead of the responses)";
			return -1;
		}
		while (ready > 0 && done < budget) {
			const char *why;
			enum netif_tx_verdict v =
				netif_tx_take(nb->txs->ring, nb->tx.slots, nb->tx.req_cons, (unsigned)ready, &p, &why);
			if (v == NETIF_TX_FATAL) {
				nb->broken = why;
				return -1;
			}
			nb->tx.req_cons += p.nslots;
			ready -= (int)p.nslots;
			done++;
			if (v == NETIF_TX_OK && gather(nb, &p)) {
				v = NETIF_TX_DROP;
				why = "grant copy refused";
			}
			if (v == NETIF_TX_OK && p.csum_blank && !netif_csum_complete(nb->mem, p.len)) {
				v = NETIF_TX_DROP;
				why = "checksum left blank on a packet that is not TCP or UDP over IP";
			}
			tx_respond(nb, &p, v == NETIF_TX_OK ? NETIF_RSP_OKAY : NETIF_RSP_ERROR);
			if (v == NETIF_TX_OK) {
				nb->tx_packets++;
				nb->deliver(nb->arg, nb->mem, p.len);
			} else {
				nb->tx_dropped++;
				nb->last_drop = why;
			}
		}
		if (ring_back_push(&nb->tx))
			*notify = true;
		if (done >= budget || !ring_back_final_check(&nb->tx))
			return (int)done;
	}
}

static uint8_t *rxq_buf(struct netback *nb, unsigned i)
{
	return nb->mem + 4096u + i * 2048u;
}

void netback_rx_queue(struct netback *nb, const uint8_t *frame, unsigned len)
{
	if (nb->broken || len < NETIF_FRAME_MIN || len > NETIF_FRAME_MAX || nb->rxq_count == NETBACK_RX_QUEUE) {
		nb->rx_dropped++;
		return;
	}
	unsigned i = (nb->rxq_head + nb->rxq_count++) % NETBACK_RX_QUEUE;
	__builtin_memcpy(rxq_buf(nb, i), frame, len);
	nb->rxq[i].len = (uint16_t)len;
}

int netback_rx_flush(struct netback *nb, bool *notify)
{
	int done = 0;
	if (nb->broken)
		return -1;
	while (nb->rxq_count) {
		RING_IDX prod;
		int ready = ring_back_requests(&nb->rx, &prod);
		if (ready < 0) {
			nb->broken = "RX req_prod out of range (more than a ring ahead of the responses)";
			return -1;
		}
		if (ready == 0 && !ring_back_final_check(&nb->rx))
			break;
		if (ready == 0)
			continue;
		struct netif_rx_request rq;
		__builtin_memcpy(&rq, &nb->rxs->ring[ring_slot(nb->rx.slots, nb->rx.req_cons)].req, sizeof(rq));
		__asm__ volatile("" ::: "memory");      /* only the copy from here on */
		nb->rx.req_cons++;
		unsigned i = nb->rxq_head;
		nb->rxq_head = (nb->rxq_head + 1) % NETBACK_RX_QUEUE;
		nb->rxq_count--;
		struct blkback_seg s = { .gref = rq.gref, .offset = 0, .len = nb->rxq[i].len, .local = rxq_buf(nb, i) };
		int16_t status = (int16_t)s.len;
		if (nb->io.copy(nb->io.ctx, &s, 1, true)) {
			status = NETIF_RSP_ERROR;
			nb->rx_errors++;
		} else {
			nb->rx_packets++;
		}
		union netif_rx_sring_entry *e = &nb->rxs->ring[ring_slot(nb->rx.slots, nb->rx.rsp_prod_pvt++)];
		__builtin_memset(e, 0, sizeof(*e));
		e->rsp.id = rq.id;
		e->rsp.status = status;
		done++;
	}
	if (ring_back_push(&nb->rx))
		*notify = true;
	return done;
}
