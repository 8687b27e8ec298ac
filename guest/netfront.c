/*
 * netfront (netfront.h).  The handshake is Linux netfront's keys in
 * Mini-OS's order (design/driver-domain.md 4.4, 4.5): read the frontend
 * directory's backend, backend-id and mac; initialise and grant both ring
 * pages; allocate an event channel unbound for the back end; post every
 * RX page; publish tx-ring-ref, rx-ring-ref, event-channel,
 * request-rx-copy = 1 and feature-rx-notify = 1 (we signal when we post
 * RX pages), then state Connected (4); wait for the back end's Connected.
 *
 * TX: request id = buffer number; the buffer is granted read-only at
 * reference gref_base + 2 + id for the send and revoked at its response.
 * RX: request id = buffer number, every RX page granted writable once at
 * gref_base + 2 + TX_BUFS + id.  Responses are copied out of the ring
 * once; an id that is no buffer in flight, a length past the page, or a
 * back end claiming more responses than requests marks it broken
 * (XSA-396's rule: never trust a response id).
 */
#include "netfront.h"
#include "vif_nodes.h"
#include "xenbus.h"
#include "xb_dir.h"

static int fail(const char *why, struct netfront *nf)
{
	printf("netfront: vif %lu: %s\n", nf->devid, why);
	return -1;
}

static grant_ref_t tx_ref(const struct netfront *nf, unsigned id)
{
	return nf->gref_base + 2 + id;
}

static grant_ref_t rx_ref(const struct netfront *nf, unsigned id)
{
	return nf->gref_base + 2 + NETFRONT_TX_BUFS + id;
}

/* Post every RX buffer not posted yet; true if the back end must be told. */
static bool post_rx(struct netfront *nf)
{
	for (unsigned id = 0; id < NETFRONT_RX_BUFS; id++) {
		if (nf->rx_posted[id] || ring_front_free(&nf->rx) == 0)
			continue;
		struct netif_rx_request *r = &nf->rxs->ring[ring_slot(nf->rx.slots, nf->rx.req_prod_pvt++)].req;
		r->id = (uint16_t)id;
		r->pad = 0;
		r->gref = rx_ref(nf, id);
		nf->rx_posted[id] = true;
	}
	return ring_front_push(&nf->rx);
}

int netfront_open(struct netfront *nf, unsigned long devid, grant_ref_t gref_base)
{
	uint64_t v;
	char mac[24];
	nf->devid = devid;
	nf->gref_base = gref_base;
	nf->tx_in_flight = 0;
	nf->tx_done = nf->tx_errors = nf->rx_frames = nf->rx_errors = 0;
	nf->broken = NULL;
	memset(nf->tx_busy, 0, sizeof(nf->tx_busy));
	memset(nf->rx_posted, 0, sizeof(nf->rx_posted));
	snprintf(nf->fe_dir, sizeof(nf->fe_dir), "device/vif/%lu", devid);
	uint64_t until = system_time_ns() + NETFRONT_TIMEOUT_NS;
	evtchn_port_t store = start_info->store_evtchn;
	while (!xb_read(nf->fe_dir, "backend", nf->be_dir, sizeof(nf->be_dir)) && system_time_ns() < until)
		evtchn_poll(&store, 1, system_time_ns() + 10000000ull); /* the toolstack may not have written it yet */
	if (!xb_read(nf->fe_dir, "backend", nf->be_dir, sizeof(nf->be_dir)) || !xb_read_u(nf->fe_dir, "backend-id", &v) ||
	    v >= DOMID_FIRST_RESERVED)
		return fail("no backend or backend-id in the frontend directory", nf);
	nf->backend_id = (domid_t)v;
	if (!xb_read(nf->fe_dir, "mac", mac, sizeof(mac)) || !vif_parse_mac(mac, nf->mac))
		return fail("no MAC address (mac) in the frontend directory", nf);
	if (!grant_table)
		gnttab_setup(1);
	nf->txs = (struct netif_tx_sring *)nf->tx_ring_page;
	nf->rxs = (struct netif_rx_sring *)nf->rx_ring_page;
	ring_front_init(&nf->tx, &nf->txs->hdr, NETIF_TX_RING_SLOTS);
	ring_front_init(&nf->rx, &nf->rxs->hdr, NETIF_RX_RING_SLOTS);
	gnttab_grant(gref_base, nf->backend_id, guest_va_to_mfn(nf->tx_ring_page), false);
	gnttab_grant(gref_base + 1, nf->backend_id, guest_va_to_mfn(nf->rx_ring_page), false);
	for (unsigned id = 0; id < NETFRONT_RX_BUFS; id++)
		gnttab_grant(rx_ref(nf, id), nf->backend_id, guest_va_to_mfn(nf->rx_buf[id]), false);
	if (evtchn_alloc_unbound(nf->backend_id, &nf->port))
		return fail("cannot allocate an event channel", nf);
	events_mask(nf->port);
	post_rx(nf);
	if (!xb_write_u(nf->fe_dir, "tx-ring-ref", gref_base) || !xb_write_u(nf->fe_dir, "rx-ring-ref", gref_base + 1) ||
	    !xb_write_u(nf->fe_dir, "event-channel", nf->port) || !xb_write(nf->fe_dir, "request-rx-copy", "1") ||
	    !xb_write(nf->fe_dir, "feature-rx-notify", "1") || !xb_write(nf->fe_dir, "state", "4"))
		return fail("cannot publish the rings, event channel, features and state", nf);
	uint64_t st = 0, deadline = system_time_ns() + NETFRONT_TIMEOUT_NS;
	while ((!xb_read_u(nf->be_dir, "state", &st) || st < 4) && system_time_ns() < deadline)
		netfront_wait(nf, system_time_ns() + 10000000ull);
	if (st != 4) {
		printf("netfront: vif %lu: back end state %lu, not Connected\n", devid, (unsigned long)st);
		return -1;
	}
	return 0;
}

/* Take every TX response. */
static void reap_tx(struct netfront *nf)
{
	RING_IDX prod;
	int n = ring_front_responses(&nf->tx, &prod);
	if (n < 0)
		nf->broken = "more TX responses than requests";
	for (; n > 0 && !nf->broken; n--) {
		struct netif_tx_response r;
		memcpy(&r, &nf->txs->ring[ring_slot(nf->tx.slots, nf->tx.rsp_cons)].rsp, sizeof(r));
		__asm__ volatile("" ::: "memory");
		nf->tx.rsp_cons++;
		if (r.id >= NETFRONT_TX_BUFS || !nf->tx_busy[r.id]) {
			nf->broken = "a TX response for no frame in flight";
			break;
		}
		gnttab_revoke(tx_ref(nf, r.id));
		nf->tx_busy[r.id] = false;
		nf->tx_in_flight--;
		if (r.status == NETIF_RSP_OKAY)
			nf->tx_done++;
		else
			nf->tx_errors++;
	}
}

/* Take every RX response, delivering good frames; the number delivered. */
static int reap_rx(struct netfront *nf, netfront_rx_fn *fn, void *arg)
{
	RING_IDX prod;
	int got = 0, n = ring_front_responses(&nf->rx, &prod);
	if (n < 0)
		nf->broken = "more RX responses than requests";
	for (; n > 0 && !nf->broken; n--) {
		struct netif_rx_response r;
		memcpy(&r, &nf->rxs->ring[ring_slot(nf->rx.slots, nf->rx.rsp_cons)].rsp, sizeof(r));
		__asm__ volatile("" ::: "memory");
		nf->rx.rsp_cons++;
		if (r.id >= NETFRONT_RX_BUFS || !nf->rx_posted[r.id]) {
			nf->broken = "an RX response for no page posted";
			break;
		}
		nf->rx_posted[r.id] = false;
		if (r.status <= 0 || r.offset + (unsigned)r.status > 4096u || (r.flags & NETRXF_more_data)) {
			nf->rx_errors++;        /* an error, or a frame we cannot take (no feature-sg) */
			continue;
		}
		nf->rx_frames++;
		got++;
		if (fn)
			fn(arg, nf->rx_buf[r.id] + r.offset, (unsigned)r.status);
	}
	return got;
}

int netfront_poll(struct netfront *nf, netfront_rx_fn *fn, void *arg)
{
	int total = 0;
	do {
		reap_tx(nf);
		total += reap_rx(nf, fn, arg);
		if (post_rx(nf))
			evtchn_send(nf->port);
	} while (!nf->broken && (ring_front_final_check(&nf->rx) | ring_front_final_check(&nf->tx)));
	return nf->broken ? -1 : total;
}

void netfront_wait(struct netfront *nf, uint64_t deadline_ns)
{
	evtchn_poll(&nf->port, 1, deadline_ns);
	events_clear(nf->port);
}

int netfront_send(struct netfront *nf, const void *frame, unsigned len)
{
	if (len < 14 || len > 1514)
		return -1;
	uint64_t deadline = system_time_ns() + NETFRONT_TIMEOUT_NS;
	int id = -1;
	for (;;) {
		reap_tx(nf);
		if (nf->broken)
			return -1;
		for (unsigned i = 0; i < NETFRONT_TX_BUFS && id < 0; i++)
			if (!nf->tx_busy[i])
				id = (int)i;
		if (id >= 0 && ring_front_free(&nf->tx) > 0)
			break;
		if (system_time_ns() >= deadline) {
			nf->broken = "no TX buffer came free in time";
			return -1;
		}
		if (!ring_front_final_check(&nf->tx))
			netfront_wait(nf, system_time_ns() + 10000000ull);
	}
	memcpy(nf->tx_buf[id], frame, len);
	gnttab_grant(tx_ref(nf, (unsigned)id), nf->backend_id, guest_va_to_mfn(nf->tx_buf[id]), true);
	struct netif_tx_request *r = &nf->txs->ring[ring_slot(nf->tx.slots, nf->tx.req_prod_pvt++)].req;
	*r = (struct netif_tx_request){ .gref = tx_ref(nf, (unsigned)id), .offset = 0, .flags = 0,
					.id = (uint16_t)id, .size = (uint16_t)len };
	nf->tx_busy[id] = true;
	nf->tx_in_flight++;
	if (ring_front_push(&nf->tx))
		evtchn_send(nf->port);
	return 0;
}
