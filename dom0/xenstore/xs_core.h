/*
 * The library's internal state, shared by its modules: the server, the
 * domains it knows, connections, watches and transactions.  Nothing
 * outside dom0/xenstore/ includes this (the public API is xs_server.h).
 *
 * Ownership: the server owns its domains, connections and the store; a
 * connection owns its watches, transactions and queued output; a
 * transaction owns its copies of the nodes it touched.  Every byte held on
 * behalf of a domain is counted in that domain's xs_acct.memory.
 */
#pragma once
#include "xs_hmap.h"
#include "xs_node.h"
#include "xs_path.h"
#include "xs_server.h"

#define XS_DOMID_SELF   0x7ff0u         /* DOMID_SELF */
#define XS_NO_TARGET    0xffffffffu

struct xs_domain {
	struct xs_domain *next;
	uint32_t domid;
	uint64_t generation;            /* store generation when first known */
	bool introduced;
	bool shutdown;                  /* @releaseDomain already fired for it */
	struct xs_conn *conn;           /* its ring connection, once introduced */
	uint32_t nconns;                /* connections speaking for it */
	uint32_t target;                /* SET_TARGET: acts for this domain too */
	struct xs_acct acct;
};

/* A request from an unprivileged domain stays "outstanding" until the
   watch events it caused have left every queue (xs_quota.h). */
struct xs_reqref {
	uint32_t domid;
	uint64_t dom_generation;        /* tells a recycled domid apart */
	uint32_t refs;                  /* its queued events, +1 while served */
};

struct xs_msg {                         /* queued output */
	struct xs_msg *next;
	struct xs_reqref *ref;          /* watch event caused by that request */
	bool event;
	uint32_t size;                  /* header + payload */
	uint32_t cap;                   /* bytes allocated after the struct */
	uint8_t *bytes;                 /* right after the struct, or nomem_bytes */
};

struct xs_watch {
	struct xs_watch *next;
	bool relative;                  /* events report paths relative to home */
	uint32_t plen, tlen;
	char *path;                     /* absolute, or an @special name */
	char *token;
	char mem[];
};

/* What a transaction knows of one node it touched. */
struct xs_tentry {
	struct xs_hlink link;           /* keyed by path */
	struct xs_tentry *next;         /* in the order first touched */
	struct xs_node *node;           /* this transaction's copy; NULL: absent */
	uint64_t seen;                  /* live generation when first looked at */
	bool check;                     /* seen must still hold at commit */
	bool modified;
	uint32_t plen;
	char path[];
};

struct xs_txn {
	struct xs_txn *next;
	struct xs_conn *conn;
	uint32_t id;
	struct xs_hmap entries;
	struct xs_tentry *first, *last; /* in the order first touched */
	uint32_t touched;
	int32_t own_nodes;              /* net nodes the caller came to own */
	bool failed;                    /* an internal failure: commit refuses */
};

struct xs_conn {
	struct xs_conn *next;
	struct xs_server *srv;
	uint32_t domid;
	bool priv;
	struct xs_domain *dom;
	struct xenstore_domain_interface *ring;   /* NULL: in-process */
	uint32_t port;
	bool ignored;

	/* Input: the message being received (header, then payload). */
	uint32_t in_have;
	struct xsd_sockmsg in_hdr;
	uint8_t in_buf[16 + XENSTORE_PAYLOAD_MAX + 1];

	/* Output queue; out_off bytes of the head are already sent. */
	struct xs_msg *out_head, *out_tail;
	uint32_t out_off;
	struct xs_msg nomem;            /* the ENOMEM reply when nothing can be allocated */
	uint8_t nomem_bytes[16 + 8];
	bool nomem_queued;

	struct xs_watch *watches;
	struct xs_txn *txns;
	uint32_t ntxns;
	uint32_t next_txn_id;

	/* While serving one request: its header, the short reply reserved for
	   it before anything changes, and event bookkeeping. */
	const struct xsd_sockmsg *req;
	struct xs_msg *reserve;
	struct xs_reqref *reqref;
	bool in_request;
};

struct xs_server {
	struct xs_alloc a;
	struct xs_hooks h;
	struct xs_quota q;
	struct xs_hmap nodes;
	uint64_t generation;
	struct xs_domain *domains;
	struct xs_conn *conns, *conns_tail;
	struct xs_node *special[2];     /* @introduceDomain, @releaseDomain */
};

enum { XS_SPECIAL_INTRODUCE, XS_SPECIAL_RELEASE };

/* Who is asking, and through which view of the store. */
struct xs_ctx {
	struct xs_server *srv;
	struct xs_conn *conn;           /* NULL: the server itself */
	uint32_t domid;
	uint32_t target;                /* SET_TARGET's domain, or XS_NO_TARGET */
	bool priv;
	struct xs_txn *txn;             /* NULL: the live store */
};
