/*
 * Rule: a front end that breaks the netif protocol is disconnected or
 * refused alone (netback-misbehaving-frontend-alone).  This guest has
 * four interfaces on the back end that also serves the two net-ping
 * guests (tests/systems/net-bad-frontend), connects each normally, then
 * attacks each a different way by writing its TX ring directly:
 *
 *   vif 0: an endless NETTXF_more_data chain (40 slots) -> cut off;
 *   vif 1: a fragment with offset + size past its page -> cut off;
 *   vif 2: req_prod far beyond the ring (bad ring index) -> cut off;
 *   vif 3: TX grant references it does not own (another domain's, out
 *          of range, one never granted) -> each packet answered
 *          NETIF_RSP_ERROR; then a flood of 3000 frames to its own MAC
 *          (the bridge filters them) -> all answered, served in rounds.
 *
 * Each cut-off vif must see its back end leave Connected; vif 3 must
 * stay Connected and answer every slot.  Before the attacks vif 3
 * broadcasts a start frame until both ping guests answered it, and an end
 * frame after them: the ping guests keep exchanging frames in between
 * and count the round trips they made meanwhile.
 */
#include "netfront.h"
#include "test.h"
#include "xb_dir.h"

static struct netfront nf[4];
static unsigned acks;                   /* bit 0: ping-a answered, bit 1: ping-b */
static uint8_t acked;                   /* the marker whose answers count */

enum { ATTACK_START = 'S', ATTACK_SEEN = 'A', ATTACK_OVER = 'X' };

/* A broadcast frame of net-ping's format (ethertype 0x88B5, kind) from vif 3. */
static void marker(uint8_t kind)
{
	uint8_t f[60] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	memcpy(f + 6, nf[3].mac, 6);
	f[12] = 0x88;
	f[13] = 0xB5;
	f[14] = kind;
	CHECK(netfront_send(&nf[3], f, sizeof(f)) == 0, "vif 3: cannot send the %c frame", kind);
}

static void seen(void *arg, const uint8_t *f, unsigned len);

/* Broadcast marker kind until both ping guests answered it (a broadcast
 * may be dropped by a busy guest's full receive queue). */
static void announce(uint8_t kind)
{
	uint64_t until = system_time_ns() + 60000000000ull;
	acks = 0;
	acked = kind;
	while (acks != 3) {
		CHECK(system_time_ns() < until, "the ping guests never answered the %c frame (%u)", kind, acks);
		marker(kind);
		netfront_wait(&nf[3], system_time_ns() + 50000000ull);
		CHECK(netfront_poll(&nf[3], seen, NULL) >= 0, "vif 3 broken: %s", nf[3].broken);
	}
}

static void seen(void *arg, const uint8_t *f, unsigned len)
{
	(void)arg;
	if (len >= 16 && f[14] == ATTACK_SEEN && f[15] == acked && f[6] == 0 && f[7] == 0x16 && f[8] == 0x3e && f[9] == 0 && f[10] == 0)
		acks |= f[11] == 0x0a ? 1u : f[11] == 0x0b ? 2u : 0u;
}

static struct netif_tx_request *slot(struct netfront *n)
{
	return &n->txs->ring[ring_slot(n->tx.slots, n->tx.req_prod_pvt++)].req;
}

static void push(struct netfront *n)
{
	ring_front_push(&n->tx);
	evtchn_send(n->port);
}

/* Wait until vif i's back end leaves Connected; its state. */
static uint64_t await_close(unsigned i)
{
	uint64_t st = 4, deadline = system_time_ns() + 20000000000ull;
	while (st == 4 && system_time_ns() < deadline) {
		netfront_wait(&nf[i], system_time_ns() + 10000000ull);
		CHECK(xb_read_u(nf[i].be_dir, "state", &st), "vif %u: back end state unreadable", i);
	}
	return st;
}

int main(void)
{
	events_init();
	gnttab_setup((GNTTAB_FIRST_FREE_REF + 4 * NETFRONT_GRANTS + 511) / 512);    /* 512 v1 entries a frame */
	for (unsigned i = 0; i < 4; i++)
		CHECK(netfront_open(&nf[i], i, GNTTAB_FIRST_FREE_REF + i * NETFRONT_GRANTS) == 0, "vif %u: open failed", i);
	/* Tell the ping guests the attack starts (until both answered), so they count the
	 * round trips they make while it goes on. */
	announce(ATTACK_START);
	grant_ref_t own = nf[0].gref_base + 2;          /* a TX buffer reference of ours */
	gnttab_grant(own, nf[0].backend_id, guest_va_to_mfn(nf[0].tx_buf[0]), true);

	for (unsigned k = 0; k < 40; k++)
		*slot(&nf[0]) = (struct netif_tx_request){ own, 0, NETTXF_more_data, (uint16_t)k, 60 };
	push(&nf[0]);
	*slot(&nf[1]) = (struct netif_tx_request){ own, 4000, 0, 1, 200 };
	push(&nf[1]);
	*slot(&nf[2]) = (struct netif_tx_request){ own, 0, 0, 1, 60 };
	nf[2].txs->hdr.req_prod = 100000;
	evtchn_send(nf[2].port);
	for (unsigned i = 0; i < 3; i++) {
		uint64_t st = await_close(i);
		CHECK(st == 5 || st == 6, "vif %u: back end state %lu after the attack, not closing", i, (unsigned long)st);
		printf("net-bad-frontend: vif %u cut off (back end state %lu)\n", i, (unsigned long)st);
	}

	struct netfront *n = &nf[3];
	memcpy(n->tx_buf[0], n->mac, 6);
	memcpy(n->tx_buf[0] + 6, n->mac, 6);
	uint32_t bad[3] = { nf[0].gref_base + 2 + 5 /* granted to nobody */, 100000, 3 /* reserved, not ours to give */ };
	for (unsigned k = 0; k < 3; k++)
		*slot(n) = (struct netif_tx_request){ bad[k], 0, 0, (uint16_t)(100 + k), 60 };
	push(n);
	uint64_t deadline = system_time_ns() + 20000000000ull;
	unsigned answered = 0, errors = 0;
	while (answered < 3 && system_time_ns() < deadline) {
		RING_IDX prod;
		int r = ring_front_responses(&n->tx, &prod);
		CHECK(r >= 0, "vif 3: more responses than requests");
		for (; r > 0; r--, answered++) {
			struct netif_tx_response rsp = n->txs->ring[ring_slot(n->tx.slots, n->tx.rsp_cons++)].rsp;
			CHECK(rsp.id == 100 + answered, "vif 3: response id %u, expected %u", rsp.id, 100 + answered);
			errors += rsp.status == NETIF_RSP_ERROR;
		}
		if (answered < 3)
			netfront_wait(n, system_time_ns() + 10000000ull);
	}
	CHECK(answered == 3 && errors == 3, "vif 3: %u answers, %u errors for 3 foreign grants", answered, errors);
	printf("net-bad-frontend: vif 3: 3 packets through grants it does not own refused with NETIF_RSP_ERROR\n");
	gnttab_grant(n->gref_base + 2, n->backend_id, guest_va_to_mfn(n->tx_buf[0]), true);
	unsigned sent = 0;
	while (sent < 3000) {
		CHECK(system_time_ns() < deadline + 40000000000ull, "vif 3: flood stalled at %u", sent);
		RING_IDX prod;
		int r = ring_front_responses(&n->tx, &prod);
		CHECK(r >= 0, "vif 3: more responses than requests");
		n->tx.rsp_cons += (RING_IDX)r;
		while (ring_front_free(&n->tx) > 0 && sent < 3000) {
			*slot(n) = (struct netif_tx_request){ n->gref_base + 2, 0, 0, (uint16_t)sent, 60 };
			sent++;
		}
		push(n);
		netfront_wait(n, system_time_ns() + 1000000ull);
	}
	while (n->tx.rsp_cons != n->tx.req_prod_pvt && system_time_ns() < deadline + 60000000000ull) {
		RING_IDX prod;
		int r = ring_front_responses(&n->tx, &prod);
		CHECK(r >= 0, "vif 3: more responses than requests");
		n->tx.rsp_cons += (RING_IDX)r;
		netfront_wait(n, system_time_ns() + 10000000ull);
	}
	uint64_t st = 0;
	CHECK(xb_read_u(n->be_dir, "state", &st) && st == 4, "vif 3: back end state %lu after the flood", (unsigned long)st);
	CHECK(n->tx.rsp_cons == n->tx.req_prod_pvt, "vif 3: flood not all answered");
	printf("net-bad-frontend: vif 3: a flood of 3000 frames answered, still connected\n");
	announce(ATTACK_OVER);
	while (nf[3].tx_in_flight && system_time_ns() < deadline + 70000000000ull)
		CHECK(netfront_poll(&nf[3], NULL, NULL) >= 0, "vif 3 broken: %s", nf[3].broken);
	test_pass();
}
