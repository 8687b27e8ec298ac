/*
 * The XenStore server library: the public interface a dom0 program (or a
 * host test) uses.  The library is portable C11 with no operating system
 * under it: memory comes from an xs_alloc, and everything that needs the
 * hypervisor (mapping a domain's ring page, binding and signalling event
 * channels, asking whether a domain exists) goes through xs_hooks.
 *
 * A typical event loop:
 *     s = xs_server_new(&alloc, &hooks);          dom0's store, /tool/xenstored
 *     me = xs_conn_new(s, 0, NULL, 0);             dom0's own in-process client
 *     xs_domain_home(s, &desc); xs_introduce(s, domid, mfn, port);
 *     loop: on an event on local port p: xs_server_event(s, p);
 *           after requests on an in-process connection: xs_server_poll(s)
 *           (their watch events may be waiting for other domains' rings);
 *           on VIRQ_DOM_EXC: xs_domain_shutdown / xs_domain_gone per domain.
 *
 * Behaviour follows Xen 4.17's C xenstored; docs/xenstore.md lists the
 * rules, the figures and the few differences.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "public/io/xs_wire.h"
#include "xs_alloc.h"
#include "xs_quota.h"
#include "xs_wire.h"

struct xs_server;
struct xs_conn;

/* Hooks are called from inside the library and must not call back into it. */
struct xs_hooks {
	void *ctx;
	/* Map the store page of domid (frame mfn); NULL refuses INTRODUCE. */
	struct xenstore_domain_interface *(*map_ring)(void *ctx, uint32_t domid,
	                                              uint64_t mfn);
	void (*unmap_ring)(void *ctx, uint32_t domid,
	                   struct xenstore_domain_interface *ring);
	/* Bind a local port to domid's unbound remote_port: 0 or an XS_E* code. */
	int (*bind)(void *ctx, uint32_t domid, uint32_t remote_port,
	            uint32_t *local_port);
	void (*unbind)(void *ctx, uint32_t local_port);
	/* Signal the domain behind local_port. */
	void (*notify)(void *ctx, uint32_t local_port);
	/* Optional: does the hypervisor know domid?  NULL: every id exists. */
	bool (*domain_exists)(void *ctx, uint32_t domid);
};

/* A store holding /, /tool and /tool/xenstored (owned by dom0, "n0"), with
   domain 0 known and privileged.  NULL if out of memory. */
struct xs_server *xs_server_new(const struct xs_alloc *a, const struct xs_hooks *h);
/* Closes every connection (unmapping and unbinding rings) and frees all. */
void xs_server_free(struct xs_server *s);
/* The limits in force (xs_quota.h; Xen's defaults), to tune before use. */
struct xs_quota *xs_server_quota(struct xs_server *s);

/* What XS_INTRODUCE / XS_RELEASE do, for dom0's own use: 0 or XS_E*. */
int xs_introduce(struct xs_server *s, uint32_t domid, uint64_t mfn, uint32_t port);
int xs_release(struct xs_server *s, uint32_t domid);
/* The hypervisor says domid has shut down: fire @releaseDomain once. */
void xs_domain_shutdown(struct xs_server *s, uint32_t domid);
/* The hypervisor destroyed domid: release it if introduced, remove the
   nodes it owns and forget it (a new domain with its id starts afresh). */
void xs_domain_gone(struct xs_server *s, uint32_t domid);
bool xs_domain_introduced(const struct xs_server *s, uint32_t domid);

/* Serve every ring (requests in, replies and watch events out) until
   nothing moves.  True if it stopped with work perhaps left (a guest kept
   its ring busy): call again before waiting for the next event. */
bool xs_server_poll(struct xs_server *s);
/* An event arrived on local_port: serve that ring first, then poll. */
bool xs_server_event(struct xs_server *s, uint32_t local_port);

/* A connection for domid: over its ring page (notifying local_port), or,
   with ring NULL, an in-process one driven by xs_conn_write/xs_conn_read.
   Domain 0 is privileged.  NULL if out of memory. */
struct xs_conn *xs_conn_new(struct xs_server *s, uint32_t domid,
                            struct xenstore_domain_interface *ring,
                            uint32_t local_port);
void xs_conn_free(struct xs_conn *c);
/* Serve the ring: take whole or partial requests, answer, write out what
   fits; notifies the domain when it moved an index.  True if it did. */
bool xs_conn_process(struct xs_conn *c);
/* In-process connections: request bytes in, reply/event bytes out. */
size_t xs_conn_write(struct xs_conn *c, const void *buf, size_t n);
size_t xs_conn_read(struct xs_conn *c, void *buf, size_t n);
/* The connection stopped serving (a protocol violation or bad ring index;
   the ring's error field says which). */
bool xs_conn_ignored(const struct xs_conn *c);

/* The toolstack's part of making a domain, as libxl lays it out: the home
   /local/domain/<domid> ("n0", "r<domid>") with vm, name, domid, cpu,
   memory, device, control, console, store, data, ... (docs/xenstore.md). */
struct xs_home_desc {
	uint32_t domid;
	const char *name;
	const char *vm_uuid;            /* NULL: one made from the domid */
	uint64_t max_kb, target_kb;
	uint32_t vcpus;
	uint64_t store_mfn;
	uint32_t store_port;
	uint64_t console_mfn;           /* console_port 0: no console keys */
	uint32_t console_port;
	uint32_t console_backend;       /* domain serving the console (0) */
};
int xs_domain_home(struct xs_server *s, const struct xs_home_desc *d);
