/*
 * netback's reading and check of one transmitted packet (netif_check.c):
 * every slot of it copied out of the TX ring once, then judged
 * (design/driver-domain.md 5.4) before any grant is touched.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "public/io/netif.h"

#define NETIF_FRAME_MAX     1514u       /* no GSO offered: one Ethernet frame, no FCS */
#define NETIF_FRAME_MIN     14u         /* an Ethernet header */
#define NETIF_DROP_SLOTS    XEN_NETIF_NR_SLOTS_MIN      /* more request slots: dropped */
#define NETIF_FATAL_SLOTS   20u                         /* more: the front end is cut off */
#define NETIF_MAX_EXTRAS    (XEN_NETIF_EXTRA_TYPE_MAX - 1u)
#define NETIF_PACKET_SLOTS  (NETIF_FATAL_SLOTS + NETIF_MAX_EXTRAS)

enum netif_tx_verdict {
	NETIF_TX_OK,            /* send it on */
	NETIF_TX_DROP,          /* answer every slot NETIF_RSP_ERROR, send nothing */
	NETIF_TX_FATAL,         /* the front end broke the protocol: disconnect it */
};

struct netif_tx_frag {
	uint32_t gref;
	uint16_t offset, len;
};

struct netif_tx_packet {
	unsigned nslots;                                /* ring slots the packet used */
	union netif_tx_sring_entry slot[NETIF_PACKET_SLOTS];    /* private copies */
	bool extra[NETIF_PACKET_SLOTS];                 /* slot k is extra info (answered NULL) */
	unsigned nfrags;
	struct netif_tx_frag frag[NETIF_FATAL_SLOTS];
	unsigned len;                                   /* the whole frame */
	bool csum_blank;                                /* NETTXF_csum_blank: netback finishes the checksum */
};

/*
 * Take the packet that starts at free-running index cons of ring (slots
 * entries, avail of them published from cons on): each slot is copied
 * once into p and only the copy is used.  On NETIF_TX_FATAL p->nslots is
 * meaningless; otherwise it is the number of slots to answer.  *why names
 * the rule broken (a static string) unless OK.
 */
enum netif_tx_verdict netif_tx_take(const union netif_tx_sring_entry *ring, uint32_t slots, RING_IDX cons,
				    unsigned avail, struct netif_tx_packet *p, const char **why);
