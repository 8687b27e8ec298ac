/* netif: Xen's network-device ring protocol (public io/netif.h, Xen
 * 4.17), byte for byte (xen-pv-abi.md 15).  Two rings of one page each:
 * TX (the front end's frames out: 12-byte slots, 256 of them) and RX
 * (pages the front end posts for the back end to fill: 8-byte slots, 256).
 * Every TX request slot gets one response, in order; every RX response
 * sits in the slot of the request it consumed.  Self-contained. */
#pragma once
#include <stdint.h>
#include "public/io/ring.h"

/* A back end must accept packets of up to this many TX slots. */
#define XEN_NETIF_NR_SLOTS_MIN 18
#define XEN_NETIF_MAX_TX_SIZE  0xFFFF

#define NETTXF_csum_blank     (1u << 0)
#define NETTXF_data_validated (1u << 1)
#define NETTXF_more_data      (1u << 2)         /* the packet goes on in the next request */
#define NETTXF_extra_info     (1u << 3)         /* extra-info slots follow this one */

#define NETRXF_data_validated (1u << 0)
#define NETRXF_csum_blank     (1u << 1)
#define NETRXF_more_data      (1u << 2)
#define NETRXF_extra_info     (1u << 3)
#define NETRXF_gso_prefix     (1u << 4)

#define XEN_NETIF_EXTRA_TYPE_NONE      0        /* never valid */
#define XEN_NETIF_EXTRA_TYPE_GSO       1
#define XEN_NETIF_EXTRA_TYPE_MCAST_ADD 2
#define XEN_NETIF_EXTRA_TYPE_MCAST_DEL 3
#define XEN_NETIF_EXTRA_TYPE_HASH      4
#define XEN_NETIF_EXTRA_TYPE_MAX       5

#define XEN_NETIF_EXTRA_FLAG_MORE (1u << 0)     /* another extra-info slot follows */

#define XEN_NETIF_GSO_TYPE_NONE  0
#define XEN_NETIF_GSO_TYPE_TCPV4 1
#define XEN_NETIF_GSO_TYPE_TCPV6 2

#define NETIF_RSP_DROPPED (-2)
#define NETIF_RSP_ERROR   (-1)
#define NETIF_RSP_OKAY      0
#define NETIF_RSP_NULL      1                   /* the answer to an extra-info slot */

struct netif_tx_request {
	uint32_t gref;          /* the page holding this fragment */
	uint16_t offset;        /* where the fragment starts in it */
	uint16_t flags;         /* NETTXF_* */
	uint16_t id;            /* echoed in the response */
	uint16_t size;          /* first slot: the whole packet; later ones: this fragment */
};

struct netif_extra_info {
	uint8_t type;           /* XEN_NETIF_EXTRA_TYPE_* */
	uint8_t flags;          /* XEN_NETIF_EXTRA_FLAG_* */
	union {
		struct {
			uint16_t size;
			uint8_t type;
			uint8_t pad;
			uint16_t features;
		} gso;
		struct {
			uint8_t addr[6];
		} mcast;
		struct {
			uint8_t type;
			uint8_t algorithm;
			uint8_t value[4];
		} hash;
		uint16_t pad[3];
	} u;
};

struct netif_tx_response {
	uint16_t id;
	int16_t status;         /* NETIF_RSP_* */
};

struct netif_rx_request {
	uint16_t id;
	uint16_t pad;
	uint32_t gref;          /* a page granted writable for the back end to fill */
};

struct netif_rx_response {
	uint16_t id;
	uint16_t offset;        /* where the data starts in the page */
	uint16_t flags;         /* NETRXF_* */
	int16_t status;         /* > 0: bytes in this slot; <= 0: NETIF_RSP_* */
};

union netif_tx_sring_entry {
	struct netif_tx_request req;
	struct netif_tx_response rsp;
	struct netif_extra_info extra;
};

union netif_rx_sring_entry {
	struct netif_rx_request req;
	struct netif_rx_response rsp;
	struct netif_extra_info extra;
};

#define NETIF_TX_RING_SLOTS XEN_RING_SLOTS(4096u, sizeof(union netif_tx_sring_entry))
#define NETIF_RX_RING_SLOTS XEN_RING_SLOTS(4096u, sizeof(union netif_rx_sring_entry))

struct netif_tx_sring {
	struct xen_sring_hdr hdr;
	union netif_tx_sring_entry ring[NETIF_TX_RING_SLOTS];
};

struct netif_rx_sring {
	struct xen_sring_hdr hdr;
	union netif_rx_sring_entry ring[NETIF_RX_RING_SLOTS];
};

_Static_assert(sizeof(struct netif_tx_request) == 12, "netif_tx_request is 12 bytes");
_Static_assert(__builtin_offsetof(struct netif_tx_request, offset) == 4, "offset at 4");
_Static_assert(__builtin_offsetof(struct netif_tx_request, flags) == 6, "flags at 6");
_Static_assert(__builtin_offsetof(struct netif_tx_request, id) == 8, "id at 8");
_Static_assert(__builtin_offsetof(struct netif_tx_request, size) == 10, "size at 10");
_Static_assert(sizeof(struct netif_tx_response) == 4, "netif_tx_response is 4 bytes");
_Static_assert(sizeof(struct netif_extra_info) == 8, "netif_extra_info is 8 bytes");
_Static_assert(__builtin_offsetof(struct netif_extra_info, u.gso.type) == 4, "gso type at 4");
_Static_assert(__builtin_offsetof(struct netif_extra_info, u.gso.features) == 6, "gso features at 6");
_Static_assert(sizeof(struct netif_rx_request) == 8, "netif_rx_request is 8 bytes");
_Static_assert(__builtin_offsetof(struct netif_rx_request, gref) == 4, "rx gref at 4");
_Static_assert(sizeof(struct netif_rx_response) == 8, "netif_rx_response is 8 bytes");
_Static_assert(__builtin_offsetof(struct netif_rx_response, status) == 6, "rx status at 6");
_Static_assert(sizeof(union netif_tx_sring_entry) == 12, "a TX slot is 12 bytes");
_Static_assert(sizeof(union netif_rx_sring_entry) == 8, "an RX slot is 8 bytes");
_Static_assert(NETIF_TX_RING_SLOTS == 256 && NETIF_RX_RING_SLOTS == 256, "one-page rings of 256 slots");
_Static_assert(sizeof(struct netif_tx_sring) <= 4096 && sizeof(struct netif_rx_sring) <= 4096, "rings fit a page");
