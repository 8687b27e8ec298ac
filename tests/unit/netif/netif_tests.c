/*
 * Host unit tests of netback and the bridge: each TX rule of
 * netif_check.c (one case per rule, fatal ones cutting the front end off
 * before anything is answered), multi-slot and extra-info packets
 * gathered and answered slot by slot, refused grants, broken ring
 * indices, the RX side (copy into posted pages, responses in the
 * request's slot, the bounded queue), the bridge's learning, flooding,
 * filtering and MAC locking, the vif xenbus decision and node layout.
 */
#include <stdio.h>
#include <string.h>
#include "bridge.h"
#include "net_fake.h"
#include "netif_csum.h"
#include "unit_check.h"
#include "vif_nodes.h"
#include "xenbus.h"

static struct net_fake F;

static void fresh(void)
{
	net_fake_init(&F);
}

/* One request slot: gref, offset, flags, id, size. */
static void req(uint32_t gref, uint16_t off, uint16_t flags, uint16_t id, uint16_t size)
{
	net_fake_tx(&F)->req = (struct netif_tx_request){ gref, off, flags, id, size };
}

static void extra(uint8_t type, uint8_t flags)
{
	union netif_tx_sring_entry *e = net_fake_tx(&F);
	e->extra.type = type;
	e->extra.flags = flags;
}

static int serve(void)
{
	bool notify = false;
	ring_front_push(&F.tx);
	return netback_tx(&F.nb, 64, &notify);
}

static struct netif_tx_response rsp(unsigned i)
{
	return F.txs.ring[i].rsp;
}

/* ---- TX ---- */

static void tx_one_slot_frame(struct unit *u)
{
	for (unsigned i = 0; i < 60; i++)
		F.pages[3][100 + i] = (uint8_t)i;
	req(3, 100, 0, 77, 60);
	UNIT_CHECK_EQ(u, serve(), 1);
	UNIT_CHECK_EQ(u, F.delivered, 1);
	UNIT_CHECK_EQ(u, F.log_len[0], 60);
	UNIT_CHECK(u, memcmp(F.log[0], F.pages[3] + 100, 60) == 0);
	UNIT_CHECK_EQ(u, F.txs.hdr.rsp_prod, 1);
	UNIT_CHECK_EQ(u, rsp(0).id, 77);
	UNIT_CHECK_EQ(u, rsp(0).status, NETIF_RSP_OKAY);
	uint8_t *slot = (uint8_t *)&F.txs.ring[0];
	for (unsigned i = 4; i < 12; i++)
		UNIT_CHECK_EQ(u, slot[i], 0);           /* response slot zeroed beyond id/status */
}

/* Frames with their transport checksum field zero, as hex, and the right
 * checksum (computed independently, from RFC 768/793's definition). */
static const char tcp4[] = "00163e00000a00163e00000b08004500003212344000400610820a00020f0a00020200509c40"
			   "010203040a0b0c0d5012ffff0000000068656c6c6f2c20746370";
static const char udp6[] = "33330000000100163e00000a86dd60000000000f11fffe8000000000000002163efffe00000a"
			   "ff02000000000000000000000000000114e914e9000f0000756d6272612121";

static unsigned nibble(char c)
{
	return c <= '9' ? (unsigned)(c - '0') : (unsigned)(c - 'a' + 10);
}

static unsigned unhex(uint8_t *out, const char *hex)
{
	unsigned n = 0;
	for (; hex[0] && hex[1]; hex += 2)
		out[n++] = (uint8_t)(nibble(hex[0]) << 4 | nibble(hex[1]));
	return n;
}

static void csum_completes_tcp4_and_udp6(struct unit *u)
{
	uint8_t f[128];
	unsigned n = unhex(f, tcp4);
	f[14 + 20 + 16] = 0xab;                         /* whatever the front end left there */
	UNIT_CHECK(u, netif_csum_complete(f, n));
	UNIT_CHECK_EQ(u, f[14 + 20 + 16] << 8 | f[14 + 20 + 17], 0x1927);
	n = unhex(f, udp6);
	UNIT_CHECK(u, netif_csum_complete(f, n));
	UNIT_CHECK_EQ(u, f[14 + 40 + 6] << 8 | f[14 + 40 + 7], 0x3f58);
}

static void csum_refuses_what_it_cannot_complete(struct unit *u)
{
	uint8_t f[128], g[128];
	unsigned n = unhex(f, tcp4);
	memcpy(g, f, n);
	UNIT_CHECK(u, !netif_csum_complete(f, 13));     /* no Ethernet header */
	UNIT_CHECK(u, !netif_csum_complete(f, 14 + 19)); /* no IPv4 header */
	f[16] = 0x01;                                   /* IPv4 total length past the frame */
	UNIT_CHECK(u, !netif_csum_complete(f, n));
	memcpy(f, g, n);
	f[20] = 0x20;                                   /* more fragments */
	UNIT_CHECK(u, !netif_csum_complete(f, n));
	memcpy(f, g, n);
	f[23] = 1;                                      /* ICMP */
	UNIT_CHECK(u, !netif_csum_complete(f, n));
	memcpy(f, g, n);
	f[14] = 0x44;                                   /* IHL 4: shorter than a header */
	UNIT_CHECK(u, !netif_csum_complete(f, n));
	memcpy(f, g, n);
	f[12] = 0x08, f[13] = 0x06;                     /* ARP */
	UNIT_CHECK(u, !netif_csum_complete(f, n));
	memcpy(f, g, n);
	f[17] = 14 + 20 + 19 - 14;                      /* a TCP segment shorter than its header */
	UNIT_CHECK(u, !netif_csum_complete(f, n));
	n = unhex(f, udp6);
	f[14 + 5] = 0xff;                               /* IPv6 payload past the frame */
	UNIT_CHECK(u, !netif_csum_complete(f, n));
}

/* netback finishes a csum_blank packet in its copy and drops one it cannot finish. */
static void tx_csum_blank_completed_or_dropped(struct unit *u)
{
	unsigned n = unhex(F.pages[3], tcp4);
	req(3, 0, NETTXF_csum_blank | NETTXF_data_validated, 5, (uint16_t)n);
	F.pages[4][12] = 0x08, F.pages[4][13] = 0x06;   /* an ARP frame with csum_blank */
	req(4, 0, NETTXF_csum_blank, 6, 60);
	UNIT_CHECK_EQ(u, serve(), 2);
	UNIT_CHECK_EQ(u, F.delivered, 1);
	UNIT_CHECK_EQ(u, F.log[0][14 + 20 + 16] << 8 | F.log[0][14 + 20 + 17], 0x1927);
	UNIT_CHECK_EQ(u, F.pages[3][14 + 20 + 16], 0);  /* the front end's page is untouched */
	UNIT_CHECK_EQ(u, rsp(0).status, NETIF_RSP_OKAY);
	UNIT_CHECK_EQ(u, rsp(1).status, NETIF_RSP_ERROR);
}

static void tx_chain_and_extras_answered_per_slot(struct unit *u)
{
	/* 1000 bytes: first fragment 400 at page 1, then 300 at 2, 300 at 3; an MCAST extra. */
	for (unsigned i = 0; i < 4096; i++)
		F.pages[1][i] = 1, F.pages[2][i] = 2, F.pages[3][i] = 3;
	req(1, 0, NETTXF_extra_info | NETTXF_more_data, 10, 1000);
	extra(XEN_NETIF_EXTRA_TYPE_MCAST_ADD, 0);
	req(2, 4096 - 300, NETTXF_more_data, 11, 300);
	req(3, 0, 0, 12, 300);
	UNIT_CHECK_EQ(u, serve(), 1);
	UNIT_CHECK_EQ(u, F.delivered, 1);
	UNIT_CHECK_EQ(u, F.log_len[0], 1000);
	UNIT_CHECK(u, F.log[0][0] == 1 && F.log[0][399] == 1 && F.log[0][400] == 2 && F.log[0][699] == 2 &&
		      F.log[0][700] == 3 && F.log[0][999] == 3);
	UNIT_CHECK_EQ(u, F.txs.hdr.rsp_prod, 4);
	UNIT_CHECK_EQ(u, rsp(0).id, 10);
	UNIT_CHECK_EQ(u, rsp(1).status, NETIF_RSP_NULL);
	UNIT_CHECK_EQ(u, rsp(2).id, 11);
	UNIT_CHECK_EQ(u, rsp(3).id, 12);
	UNIT_CHECK_EQ(u, rsp(3).status, NETIF_RSP_OKAY);
}

static void tx_18_slots_accepted(struct unit *u)
{
	req(0, 0, NETTXF_more_data, 0, 18 * 60);
	for (unsigned i = 1; i < 18; i++)
		req(i, 0, i < 17 ? NETTXF_more_data : 0, (uint16_t)i, 60);
	UNIT_CHECK_EQ(u, serve(), 1);
	UNIT_CHECK_EQ(u, F.delivered, 1);
	UNIT_CHECK_EQ(u, F.log_len[0], 18 * 60);
	UNIT_CHECK_EQ(u, F.txs.hdr.rsp_prod, 18);
}

static void tx_19_slots_dropped(struct unit *u)
{
	req(0, 0, NETTXF_more_data, 0, 19 * 60);
	for (unsigned i = 1; i < 19; i++)
		req(i, 0, i < 18 ? NETTXF_more_data : 0, (uint16_t)i, 60);
	UNIT_CHECK_EQ(u, serve(), 1);
	UNIT_CHECK_EQ(u, F.delivered, 0);
	UNIT_CHECK_EQ(u, F.txs.hdr.rsp_prod, 19);
	for (unsigned i = 0; i < 19; i++)
		UNIT_CHECK_EQ(u, rsp(i).status, NETIF_RSP_ERROR);
	UNIT_CHECK(u, strstr(F.nb.last_drop, "18 slots"));
}

static void tx_endless_chain_is_fatal(struct unit *u)
{
	for (unsigned i = 0; i < 40; i++)
		req(i % 8, 0, NETTXF_more_data, (uint16_t)i, 60);
	UNIT_CHECK_EQ(u, serve(), -1);
	UNIT_CHECK(u, strstr(F.nb.broken, "more than 20 slots"));
	UNIT_CHECK_EQ(u, F.txs.hdr.rsp_prod, 0);
	UNIT_CHECK_EQ(u, F.copies, 0);
	UNIT_CHECK_EQ(u, serve(), -1);                  /* served no more */
}

static void tx_chain_past_published_is_fatal(struct unit *u)
{
	req(0, 0, NETTXF_more_data, 0, 120);
	req(1, 0, NETTXF_more_data, 1, 60);
	UNIT_CHECK_EQ(u, serve(), -1);
	UNIT_CHECK(u, strstr(F.nb.broken, "past the published"));
}

static void tx_offset_past_page_is_fatal(struct unit *u)
{
	req(0, 4000, 0, 0, 200);
	UNIT_CHECK_EQ(u, serve(), -1);
	UNIT_CHECK(u, strstr(F.nb.broken, "crosses the end of its page"));
	UNIT_CHECK_EQ(u, F.copies, 0);
}

static void tx_later_fragment_past_page_is_fatal(struct unit *u)
{
	req(0, 0, NETTXF_more_data, 0, 200);
	req(1, 4095, 0, 1, 2);
	UNIT_CHECK_EQ(u, serve(), -1);
	UNIT_CHECK(u, strstr(F.nb.broken, "crosses"));
}

static void tx_bad_extra_type_is_fatal(struct unit *u)
{
	req(0, 0, NETTXF_extra_info, 0, 60);
	extra(XEN_NETIF_EXTRA_TYPE_MAX, 0);
	UNIT_CHECK_EQ(u, serve(), -1);
	UNIT_CHECK(u, strstr(F.nb.broken, "extra-info type"));
}

static void tx_endless_extras_are_fatal(struct unit *u)
{
	req(0, 0, NETTXF_extra_info, 0, 60);
	for (unsigned i = 0; i < 6; i++)
		extra(XEN_NETIF_EXTRA_TYPE_MCAST_ADD, XEN_NETIF_EXTRA_FLAG_MORE);
	UNIT_CHECK_EQ(u, serve(), -1);
	UNIT_CHECK(u, strstr(F.nb.broken, "4 extra-info"));
}

static void tx_gso_extra_dropped(struct unit *u)
{
	req(0, 0, NETTXF_extra_info, 5, 60);
	extra(XEN_NETIF_EXTRA_TYPE_GSO, 0);
	UNIT_CHECK_EQ(u, serve(), 1);
	UNIT_CHECK_EQ(u, F.delivered, 0);
	UNIT_CHECK_EQ(u, rsp(0).status, NETIF_RSP_ERROR);
	UNIT_CHECK_EQ(u, rsp(1).status, NETIF_RSP_NULL);
}

static void tx_sizes_dropped(struct unit *u)
{
	req(0, 0, 0, 1, 13);                            /* runt */
	req(0, 0, 0, 2, 1515);                          /* too long */
	req(0, 0, NETTXF_more_data, 3, 100);            /* fragments larger than the packet */
	req(1, 0, 0, 4, 200);
	req(0, 0, 0, 5, 1514);                          /* the largest frame: fine */
	UNIT_CHECK_EQ(u, serve(), 4);
	UNIT_CHECK_EQ(u, F.delivered, 1);
	UNIT_CHECK_EQ(u, F.log_len[0], 1514);
	UNIT_CHECK_EQ(u, rsp(0).status, NETIF_RSP_ERROR);
	UNIT_CHECK_EQ(u, rsp(1).status, NETIF_RSP_ERROR);
	UNIT_CHECK_EQ(u, rsp(2).status, NETIF_RSP_ERROR);
	UNIT_CHECK_EQ(u, rsp(3).status, NETIF_RSP_ERROR);
	UNIT_CHECK_EQ(u, rsp(4).status, NETIF_RSP_OKAY);
	UNIT_CHECK_EQ(u, F.nb.tx_dropped, 3);
}

static void tx_refused_grant_dropped(struct unit *u)
{
	F.offered[9] = false;
	req(9, 0, 0, 1, 60);
	req(NET_GRANTS + 5, 0, 0, 2, 60);
	req(8, 0, 0, 3, 60);
	UNIT_CHECK_EQ(u, serve(), 3);
	UNIT_CHECK_EQ(u, F.delivered, 1);
	UNIT_CHECK_EQ(u, rsp(0).status, NETIF_RSP_ERROR);
	UNIT_CHECK_EQ(u, rsp(1).status, NETIF_RSP_ERROR);
	UNIT_CHECK_EQ(u, rsp(2).status, NETIF_RSP_OKAY);
}

static void tx_req_prod_too_far_is_fatal(struct unit *u)
{
	req(0, 0, 0, 1, 60);
	ring_front_push(&F.tx);
	F.txs.hdr.req_prod = NETIF_TX_RING_SLOTS + 1;
	bool notify = false;
	UNIT_CHECK_EQ(u, netback_tx(&F.nb, 64, &notify), -1);
	UNIT_CHECK(u, strstr(F.nb.broken, "TX req_prod"));
	UNIT_CHECK_EQ(u, F.delivered, 0);
}

static void tx_budget_bounds_a_round(struct unit *u)
{
	for (unsigned i = 0; i < 100; i++)
		req(0, 0, 0, (uint16_t)i, 60);
	bool notify = false;
	ring_front_push(&F.tx);
	UNIT_CHECK_EQ(u, netback_tx(&F.nb, 30, &notify), 30);
	UNIT_CHECK_EQ(u, F.delivered, 30);
	UNIT_CHECK(u, notify);
	UNIT_CHECK_EQ(u, netback_tx(&F.nb, 100, &notify), 70);
}

/* ---- RX ---- */

static void post(uint16_t id, uint32_t gref)
{
	struct netif_rx_request *r = &F.rxs.ring[ring_slot(F.rx.slots, F.rx.req_prod_pvt++)].req;
	*r = (struct netif_rx_request){ id, 0, gref };
}

static void rx_copies_into_posted_pages(struct unit *u)
{
	uint8_t frame[100];
	for (unsigned i = 0; i < sizeof(frame); i++)
		frame[i] = (uint8_t)(i + 5);
	post(40, 20);
	post(41, 21);
	ring_front_push(&F.rx);
	netback_rx_queue(&F.nb, frame, 100);
	netback_rx_queue(&F.nb, frame, 60);
	bool notify = false;
	UNIT_CHECK_EQ(u, netback_rx_flush(&F.nb, &notify), 2);
	UNIT_CHECK(u, notify);
	UNIT_CHECK(u, memcmp(F.pages[20], frame, 100) == 0);
	UNIT_CHECK(u, memcmp(F.pages[21], frame, 60) == 0);
	UNIT_CHECK_EQ(u, F.rxs.ring[0].rsp.id, 40);
	UNIT_CHECK_EQ(u, F.rxs.ring[0].rsp.status, 100);
	UNIT_CHECK_EQ(u, F.rxs.ring[0].rsp.offset, 0);
	UNIT_CHECK_EQ(u, F.rxs.ring[1].rsp.id, 41);
	UNIT_CHECK_EQ(u, F.rxs.ring[1].rsp.status, 60);
}

static void rx_bad_gref_answers_error(struct unit *u)
{
	uint8_t frame[60] = { 0 };
	F.readonly[22] = true;
	post(1, 22);
	post(2, 999);
	ring_front_push(&F.rx);
	netback_rx_queue(&F.nb, frame, 60);
	netback_rx_queue(&F.nb, frame, 60);
	bool notify = false;
	UNIT_CHECK_EQ(u, netback_rx_flush(&F.nb, &notify), 2);
	UNIT_CHECK_EQ(u, F.rxs.ring[0].rsp.status, NETIF_RSP_ERROR);
	UNIT_CHECK_EQ(u, F.rxs.ring[1].rsp.status, NETIF_RSP_ERROR);
	UNIT_CHECK_EQ(u, F.nb.rx_errors, 2);
}

static void rx_queue_is_bounded(struct unit *u)
{
	uint8_t frame[60] = { 0 };
	for (unsigned i = 0; i < NETBACK_RX_QUEUE + 10; i++)
		netback_rx_queue(&F.nb, frame, 60);
	UNIT_CHECK_EQ(u, F.nb.rxq_count, NETBACK_RX_QUEUE);
	UNIT_CHECK_EQ(u, F.nb.rx_dropped, 10);
	bool notify = false;
	UNIT_CHECK_EQ(u, netback_rx_flush(&F.nb, &notify), 0);     /* nothing posted: all wait */
	UNIT_CHECK_EQ(u, F.rxs.hdr.req_event, 1);
}

static void rx_req_prod_too_far_is_fatal(struct unit *u)
{
	uint8_t frame[60] = { 0 };
	netback_rx_queue(&F.nb, frame, 60);
	F.rxs.hdr.req_prod = 0x90000000u;
	bool notify = false;
	UNIT_CHECK_EQ(u, netback_rx_flush(&F.nb, &notify), -1);
	UNIT_CHECK(u, strstr(F.nb.broken, "RX req_prod"));
	UNIT_CHECK_EQ(u, F.copies, 0);
}

/* ---- bridge ---- */

struct port_log {
	unsigned frames;
	uint8_t last[1514];
};

static void port_send(void *ctx, const uint8_t *frame, unsigned len)
{
	struct port_log *l = ctx;
	l->frames++;
	memcpy(l->last, frame, len);
}

static struct bridge B;
static struct port_log L[4];
static const uint8_t mac_a[6] = { 0, 0x16, 0x3e, 0, 0, 0xa }, mac_b[6] = { 0, 0x16, 0x3e, 0, 0, 0xb };
static const uint8_t far_x[6] = { 2, 0, 0, 0, 0, 0x10 }, bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static unsigned frame_of(uint8_t *f, const uint8_t *dst, const uint8_t *src)
{
	memset(f, 0, 60);
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	return 60;
}

/* Ports 0 (guest a, locked), 1 (guest b, locked), 2 (a NIC: learns). */
static int setup_bridge(void)
{
	bridge_init(&B);
	memset(L, 0, sizeof(L));
	struct bridge_port_ops o0 = { port_send, &L[0] }, o1 = { port_send, &L[1] }, o2 = { port_send, &L[2] };
	return bridge_add_port(&B, &o0, mac_a) == 0 && bridge_add_port(&B, &o1, mac_b) == 1 &&
	       bridge_add_port(&B, &o2, NULL) == 2;
}

static void bridge_unicast_to_known_port_only(struct unit *u)
{
	uint8_t f[60];
	UNIT_CHECK(u, setup_bridge());
	bridge_input(&B, 0, f, frame_of(f, mac_b, mac_a));
	UNIT_CHECK_EQ(u, L[1].frames, 1);
	UNIT_CHECK_EQ(u, L[0].frames, 0);
	UNIT_CHECK_EQ(u, L[2].frames, 0);
}

static void bridge_floods_broadcast_and_unknown(struct unit *u)
{
	uint8_t f[60];
	UNIT_CHECK(u, setup_bridge());
	bridge_input(&B, 0, f, frame_of(f, bcast, mac_a));
	bridge_input(&B, 0, f, frame_of(f, far_x, mac_a));
	UNIT_CHECK_EQ(u, L[0].frames, 0);               /* never back out of the port it came in on */
	UNIT_CHECK_EQ(u, L[1].frames, 2);
	UNIT_CHECK_EQ(u, L[2].frames, 2);
	UNIT_CHECK_EQ(u, B.flooded, 2);
}

static void bridge_learns_behind_the_nic(struct unit *u)
{
	uint8_t f[60];
	UNIT_CHECK(u, setup_bridge());
	bridge_input(&B, 2, f, frame_of(f, mac_a, far_x));      /* far_x now known on port 2 */
	UNIT_CHECK_EQ(u, L[0].frames, 1);
	bridge_input(&B, 1, f, frame_of(f, far_x, mac_b));
	UNIT_CHECK_EQ(u, L[2].frames, 1);
	UNIT_CHECK_EQ(u, L[0].frames, 1);               /* not flooded any more */
	bridge_input(&B, 2, f, frame_of(f, mac_b, bcast));      /* a group source: not learned */
	UNIT_CHECK_EQ(u, L[1].frames, 1);
	bridge_input(&B, 0, f, frame_of(f, bcast, mac_a));
	UNIT_CHECK_EQ(u, L[2].frames, 2);
	bridge_input(&B, 2, f, frame_of(f, far_x, far_x));      /* to its own port: filtered */
	UNIT_CHECK_EQ(u, B.filtered, 1);
	UNIT_CHECK_EQ(u, L[2].frames, 2);
}

static void bridge_refuses_spoofed_sources(struct unit *u)
{
	uint8_t f[60];
	UNIT_CHECK(u, setup_bridge());
	bridge_input(&B, 0, f, frame_of(f, bcast, mac_b));      /* a claims b's address */
	bridge_input(&B, 2, f, frame_of(f, bcast, mac_a));      /* the NIC claims a's */
	UNIT_CHECK_EQ(u, L[0].frames + L[1].frames + L[2].frames, 0);
	UNIT_CHECK_EQ(u, B.port[0].spoofed, 1);
	UNIT_CHECK_EQ(u, B.port[2].spoofed, 1);
	bridge_input(&B, 1, f, frame_of(f, mac_a, mac_b));      /* a still gets its own traffic */
	UNIT_CHECK_EQ(u, L[0].frames, 1);
	struct bridge_port_ops o = { port_send, &L[3] };
	UNIT_CHECK_EQ(u, bridge_add_port(&B, &o, mac_a), -1);   /* a MAC is locked to one port */
}

static void bridge_forgets_a_removed_port(struct unit *u)
{
	uint8_t f[60];
	UNIT_CHECK(u, setup_bridge());
	bridge_input(&B, 2, f, frame_of(f, bcast, far_x));
	bridge_del_port(&B, 2);
	bridge_input(&B, 0, f, frame_of(f, far_x, mac_a));
	UNIT_CHECK_EQ(u, L[1].frames, 2);               /* far_x unknown again: flooded */
	UNIT_CHECK_EQ(u, L[2].frames, 0);
	bridge_del_port(&B, 0);
	struct bridge_port_ops o = { port_send, &L[3] };
	UNIT_CHECK(u, bridge_add_port(&B, &o, mac_a) >= 0);     /* a's address is free again */
}

static void bridge_table_replaces_oldest_learned(struct unit *u)
{
	uint8_t f[60], src[6] = { 2, 0, 0, 0, 1, 0 };
	UNIT_CHECK(u, setup_bridge());
	for (unsigned i = 0; i < BRIDGE_FDB + 5; i++) {
		src[5] = (uint8_t)i;
		src[4] = (uint8_t)(i >> 8) + 1;
		bridge_input(&B, 2, f, frame_of(f, bcast, src));
	}
	bridge_input(&B, 1, f, frame_of(f, mac_a, mac_b));      /* fixed entries survive */
	UNIT_CHECK_EQ(u, L[0].frames, BRIDGE_FDB + 5 + 1);
	UNIT_CHECK_EQ(u, L[2].frames, 0);
}

/* ---- xenbus, nodes ---- */

static void vif_connects_only_at_front_connected(struct unit *u)
{
	UNIT_CHECK_EQ(u, vif_back_next(XenbusStateInitWait, XenbusStateInitialised), VBD_WAIT);
	UNIT_CHECK_EQ(u, vif_back_next(XenbusStateInitWait, XenbusStateConnected), VBD_CONNECT);
	UNIT_CHECK_EQ(u, vif_back_next(XenbusStateInitialising, XenbusStateUnknown), VBD_INIT_WAIT);
	UNIT_CHECK_EQ(u, vif_back_next(XenbusStateConnected, XenbusStateClosing), VBD_CLOSING);
	UNIT_CHECK_EQ(u, vif_back_next(XenbusStateConnected, XenbusStateClosed), VBD_CLOSED);
}

static void vif_nodes_libxl_layout(struct unit *u)
{
	struct vif_desc d = { .frontend = 3, .backend = 1, .devid = 0, .mac = { 0, 0x16, 0x3e, 0xab, 0xcd, 0xef } };
	struct vbd_node n[VIF_TOOLSTACK_NODES];
	UNIT_CHECK_EQ(u, vif_toolstack_nodes(&d, n, VIF_TOOLSTACK_NODES), 15);
	static const char *want[][3] = {
		{ "f", "backend", "/local/domain/1/backend/vif/3/0" }, { "f", "backend-id", "1" }, { "f", "state", "1" },
		{ "f", "handle", "0" }, { "f", "mac", "00:16:3e:ab:cd:ef" }, { "f", "trusted", "1" },
		{ "f", "mtu", "1500" }, { "b", "frontend", "/local/domain/3/device/vif/0" },
		{ "b", "frontend-id", "3" }, { "b", "online", "1" }, { "b", "state", "1" },
		{ "b", "mac", "00:16:3e:ab:cd:ef" }, { "b", "bridge", "xenbr0" }, { "b", "handle", "0" },
		{ "b", "type", "vif" },
	};
	for (unsigned i = 0; i < 15; i++) {
		UNIT_CHECK_EQ(u, n[i].backend, want[i][0][0] == 'b');
		UNIT_CHECK(u, strcmp(n[i].key, want[i][1]) == 0);
		UNIT_CHECK(u, strcmp(n[i].value, want[i][2]) == 0);
		UNIT_CHECK_EQ(u, n[i].ro_front, i == 6);
	}
	UNIT_CHECK_EQ(u, vif_toolstack_nodes(&d, n, 14), 0);
}

static void vif_mac_parse(struct unit *u)
{
	uint8_t m[6];
	UNIT_CHECK(u, vif_parse_mac("00:16:3E:0a:FF:01", m));
	UNIT_CHECK(u, m[2] == 0x3e && m[4] == 0xff && m[5] == 1);
	UNIT_CHECK(u, !vif_parse_mac("00:16:3e:0a:ff", m));
	UNIT_CHECK(u, !vif_parse_mac("00:16:3e:0a:ff:011", m));
	UNIT_CHECK(u, !vif_parse_mac("00-16-3e-0a-ff-01", m));
	UNIT_CHECK(u, !vif_parse_mac("0g:16:3e:0a:ff:01", m));
}

#define CASE(f) { "netif/" #f, f }
static const struct unit_case cases[] = {
	CASE(tx_one_slot_frame), CASE(tx_chain_and_extras_answered_per_slot), CASE(tx_18_slots_accepted),
	CASE(tx_19_slots_dropped), CASE(tx_endless_chain_is_fatal), CASE(tx_chain_past_published_is_fatal),
	CASE(tx_offset_past_page_is_fatal), CASE(tx_later_fragment_past_page_is_fatal),
	CASE(tx_bad_extra_type_is_fatal), CASE(tx_endless_extras_are_fatal), CASE(tx_gso_extra_dropped),
	CASE(tx_sizes_dropped), CASE(tx_refused_grant_dropped), CASE(tx_req_prod_too_far_is_fatal),
	CASE(tx_budget_bounds_a_round), CASE(csum_completes_tcp4_and_udp6),
	CASE(csum_refuses_what_it_cannot_complete), CASE(tx_csum_blank_completed_or_dropped), CASE(rx_copies_into_posted_pages), CASE(rx_bad_gref_answers_error),
	CASE(rx_queue_is_bounded), CASE(rx_req_prod_too_far_is_fatal), CASE(bridge_unicast_to_known_port_only),
	CASE(bridge_floods_broadcast_and_unknown), CASE(bridge_learns_behind_the_nic),
	CASE(bridge_refuses_spoofed_sources), CASE(bridge_forgets_a_removed_port),
	CASE(bridge_table_replaces_oldest_learned), CASE(vif_connects_only_at_front_connected),
	CASE(vif_nodes_libxl_layout), CASE(vif_mac_parse),
};

int main(void)
{
	return unit_run(cases, sizeof(cases) / sizeof(cases[0]), fresh, NULL) ? 1 : 0;
}
