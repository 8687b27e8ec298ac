/* XenStore's wire protocol and ring page, as Xen's public io/xs_wire.h lays
 * them out (docs/misc/xenstore.txt, xenstore-ring.txt).  Self-contained.
 *
 * Every message, both ways, is a 16-byte header then `len` payload bytes.
 * A domain's store page holds two byte streams of 1024 bytes each with
 * free-running 32-bit indices (byte x lives at x & 1023). */
#pragma once
#include <stdint.h>

enum xsd_sockmsg_type {
	XS_CONTROL              = 0,    /* alias XS_DEBUG */
	XS_DIRECTORY            = 1,
	XS_READ                 = 2,
	XS_GET_PERMS            = 3,
	XS_WATCH                = 4,
	XS_UNWATCH              = 5,
	XS_TRANSACTION_START    = 6,
	XS_TRANSACTION_END      = 7,
	XS_INTRODUCE            = 8,
	XS_RELEASE              = 9,
	XS_GET_DOMAIN_PATH      = 10,
	XS_WRITE                = 11,
	XS_MKDIR                = 12,
	XS_RM                   = 13,
	XS_SET_PERMS            = 14,
	XS_WATCH_EVENT          = 15,
	XS_ERROR                = 16,
	XS_IS_DOMAIN_INTRODUCED = 17,
	XS_RESUME               = 18,
	XS_SET_TARGET           = 19,
	/* 20 was XS_RESTRICT, removed: never valid */
	XS_RESET_WATCHES        = 21,
	XS_DIRECTORY_PART       = 22,
	XS_TYPE_COUNT,                  /* the types Xen 4.17's xenstored knows */
	XS_INVALID              = 0xffff
};

struct xsd_sockmsg {
	uint32_t type;                  /* enum xsd_sockmsg_type */
	uint32_t req_id;                /* chosen by the client, echoed */
	uint32_t tx_id;                 /* transaction id, 0 outside one; echoed */
	uint32_t len;                   /* payload bytes that follow */
};                                      /* 16 bytes */

#define XENSTORE_PAYLOAD_MAX  4096      /* a longer payload drops the connection */
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

typedef uint32_t XENSTORE_RING_IDX;
#define XENSTORE_RING_SIZE 1024
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
	char req[XENSTORE_RING_SIZE];   /* guest -> server */
	char rsp[XENSTORE_RING_SIZE];   /* server -> guest: replies, watch events */
	XENSTORE_RING_IDX req_cons, req_prod;
	XENSTORE_RING_IDX rsp_cons, rsp_prod;
	uint32_t server_features;       /* XENSTORE_SERVER_FEATURE_*, never cleared */
	uint32_t connection;            /* XENSTORE_CONNECTED / _RECONNECT */
	uint32_t error;                 /* XENSTORE_ERROR_*, set by the server */
	uint32_t evtchn_port;           /* dom0less only; 0 = use start_info's */
};                                      /* 2080 bytes, in one page */

#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
#define XENSTORE_SERVER_FEATURE_ERROR        2

#define XENSTORE_CONNECTED 0
#define XENSTORE_RECONNECT 1

#define XENSTORE_ERROR_NONE    0
#define XENSTORE_ERROR_COMM    1        /* communication problem */
#define XENSTORE_ERROR_RINGIDX 2        /* a ring index out of range */
#define XENSTORE_ERROR_PROTO   3        /* protocol violation (payload too long) */

_Static_assert(sizeof(struct xsd_sockmsg) == 16, "xsd_sockmsg is 16 bytes");
_Static_assert(__builtin_offsetof(struct xenstore_domain_interface, req_cons) == 2048,
               "req_cons at 2048");
_Static_assert(__builtin_offsetof(struct xenstore_domain_interface, error) == 2072,
               "error at 2072");
_Static_assert(sizeof(struct xenstore_domain_interface) == 2080, "2080 bytes");
