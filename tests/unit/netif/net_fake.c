/* The fake front end of net_fake.h. */
#include <string.h>
#include "net_fake.h"

static int copy(void *ctx, const struct blkback_seg *segs, unsigned n, bool to_front)
{
	struct net_fake *f = ctx;
	for (unsigned i = 0; i < n; i++) {
		const struct blkback_seg *s = &segs[i];
		if (s->gref >= NET_GRANTS || !f->offered[s->gref] || (to_front && f->readonly[s->gref]) ||
		    (unsigned)s->offset + s->len > 4096u)
			return -1;
		uint8_t *page = f->pages[s->gref] + s->offset;
		memcpy(to_front ? page : s->local, to_front ? s->local : page, s->len);
		f->copies++;
	}
	return 0;
}

static void deliver(void *arg, const uint8_t *frame, unsigned len)
{
	struct net_fake *f = arg;
	unsigned k = f->delivered++ % NET_LOG;
	f->log_len[k] = len;
	memcpy(f->log[k], frame, len);
}

void net_fake_init(struct net_fake *f)
{
	memset(f, 0, sizeof(*f));
	ring_front_init(&f->tx, &f->txs.hdr, NETIF_TX_RING_SLOTS);
	ring_front_init(&f->rx, &f->rxs.hdr, NETIF_RX_RING_SLOTS);
	for (unsigned g = 0; g < NET_GRANTS; g++)
		f->offered[g] = true;
	struct blkback_io io = { copy, f };
	netback_init(&f->nb, &f->txs, &f->rxs, &io, f->mem, deliver, f);
}

union netif_tx_sring_entry *net_fake_tx(struct net_fake *f)
{
	union netif_tx_sring_entry *e = &f->txs.ring[ring_slot(f->tx.slots, f->tx.req_prod_pvt++)];
	memset(e, 0, sizeof(*e));
	return e;
}
