/*
 * libFuzzer target for netback's TX parsing and RX side
 * (split-drivers/netback.c, netif_check.c) against the fake front end of
 * tests/unit/netif: random TX slots (flags, chains, extras, offsets,
 * sizes, grant references), sometimes a req_prod far off, and the ring
 * rewritten while netback copies data (a double fetch would act on the
 * rewritten values).  The oracle: a broken ring is cut off before any
 * slot of it is answered; otherwise every slot taken is answered once, in
 * order (the requests' ids as published, NULL for extras); each frame
 * delivered is 14..1514 bytes and equals the bytes the published
 * fragments named, with its TCP/UDP checksum completed when the packet
 * asked (NETTXF_csum_blank; one that cannot be completed is not delivered:
 * netif_csum.c, unit-tested on its own, says which); RX responses sit in
 * the slot of their request.
 */
#include <stdio.h>
#include <string.h>
#include "fuzz_input.h"
#include "net_fake.h"
#include "netif_csum.h"

#define FUZZ_FAIL(...) do { fprintf(stderr, "netif fuzz: " __VA_ARGS__); __builtin_trap(); } while (0)

static struct net_fake F;
static int (*real_copy)(void *, const struct blkback_seg *, unsigned, bool);
static bool scribble;
static uint8_t scribble_byte;

static int copy_and_scribble(void *ctx, const struct blkback_seg *segs, unsigned n, bool to_front)
{
	/* every request slot not answered yet, the packet being copied included */
	for (RING_IDX i = F.nb.tx.rsp_prod_pvt; scribble && i != F.nb.tx.req_cons; i++)
		memset(&F.txs.ring[i % NETIF_TX_RING_SLOTS], scribble_byte, sizeof(F.txs.ring[0]));
	return real_copy(ctx, segs, n, to_front);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static union netif_tx_sring_entry snap[NETIF_TX_RING_SLOTS];
	struct input in = { data, size };
	net_fake_init(&F);
	real_copy = F.nb.io.copy;
	F.nb.io.copy = copy_and_scribble;
	uint64_t offered = next64(&in);
	for (unsigned g = 0; g < NET_GRANTS; g++) {
		F.offered[g] = (offered >> g) & 1;
		memset(F.pages[g], (int)(g * 37 + 1), 4096);
	}
	for (unsigned round = 0; round < 8 && in.n; round++) {
		unsigned k = next8(&in) % 48;
		for (unsigned j = 0; j < k && ring_front_free(&F.tx) > 0; j++) {
			union netif_tx_sring_entry *e = net_fake_tx(&F);
			uint8_t g = next8(&in);
			e->req.gref = g & 0x80 ? next32(&in) : g % 70;
			e->req.offset = next8(&in) & 1 ? (uint16_t)next_le(&in, 2) : next8(&in);
			e->req.flags = next8(&in) % 16;
			e->req.id = (uint16_t)next_le(&in, 2);
			e->req.size = next8(&in) & 1 ? (uint16_t)next_le(&in, 2) : next8(&in) * 7u;
		}
		ring_front_push(&F.tx);
		uint8_t mode = next8(&in);
		if (mode >= 0xF0)
			F.txs.hdr.req_prod = next32(&in);
		scribble = mode & 1;
		scribble_byte = next8(&in);
		RING_IDX from = F.nb.tx.req_cons, rsp_from = F.nb.tx.rsp_prod_pvt, prod = F.txs.hdr.req_prod;
		memcpy(snap, F.txs.ring, sizeof(snap));
		bool far = (RING_IDX)(prod - F.nb.tx.rsp_prod_pvt) > NETIF_TX_RING_SLOTS;
		unsigned before = F.delivered;
		bool notify = false;
		int n = netback_tx(&F.nb, 1 + next8(&in) % 64, &notify);
		if (far && n >= 0)
			FUZZ_FAIL("req_prod %u far off, yet served\n", prod);
		if (n < 0) {
			if (far && F.nb.tx.rsp_prod_pvt != rsp_from)
				FUZZ_FAIL("a far-off ring was answered\n");
			break;
		}
		if (F.nb.tx.rsp_prod_pvt - rsp_from != F.nb.tx.req_cons - from)
			FUZZ_FAIL("%u slots taken, %u answered\n", F.nb.tx.req_cons - from, F.nb.tx.rsp_prod_pvt - rsp_from);
		/* Replay the published slots: each packet's verdict and frame from the snapshot. */
		static struct netif_tx_packet p;
		RING_IDX at = from;
		unsigned got = before;
		while (at != F.nb.tx.req_cons) {
			const char *why;
			enum netif_tx_verdict v = netif_tx_take(snap, NETIF_TX_RING_SLOTS, at, F.nb.tx.req_cons - at, &p, &why);
			if (v == NETIF_TX_FATAL)
				FUZZ_FAIL("a packet served that the snapshot calls fatal: %s\n", why);
			for (unsigned s = 0; s < p.nslots; s++) {
				struct netif_tx_response r = F.txs.ring[(at + s) % NETIF_TX_RING_SLOTS].rsp;
				if (p.extra[s] ? r.status != NETIF_RSP_NULL : r.id != p.slot[s].req.id)
					FUZZ_FAIL("slot %u answered wrong\n", at + s);
			}
			bool ok = v == NETIF_TX_OK;
			for (unsigned f = 0; ok && f < p.nfrags; f++)
				ok = !p.frag[f].len || (p.frag[f].gref < NET_GRANTS && F.offered[p.frag[f].gref]);
			static uint8_t want[1514];
			unsigned pos = 0;
			for (unsigned f = 0; ok && f < p.nfrags; f++) {
				if (!p.frag[f].len)
					continue;
				memcpy(want + pos, F.pages[p.frag[f].gref] + p.frag[f].offset, p.frag[f].len);
				pos += p.frag[f].len;
			}
			if (ok && p.csum_blank)
				ok = netif_csum_complete(want, p.len);
			if (ok) {
				unsigned k2 = got++ % NET_LOG;
				if (F.log_len[k2] != p.len || p.len < 14 || p.len > 1514)
					FUZZ_FAIL("frame of %u bytes delivered, expected %u\n", F.log_len[k2], p.len);
				if (memcmp(F.log[k2], want, p.len))
					FUZZ_FAIL("frame bytes differ from the published fragments\n");
			}
			at += p.nslots;
		}
		if (got != F.delivered)
			FUZZ_FAIL("%u frames delivered, the snapshot gives %u\n", F.delivered - before, got - before);
	}
	return 0;
}
