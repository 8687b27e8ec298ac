/*
 * A connection's output queue: replies and watch events, in the order they
 * were made, handed out as a byte stream.
 *
 * Each reply repeats the request's req_id and tx_id; a failure is an
 * XS_ERROR reply carrying the error's name.  A reply longer than
 * XENSTORE_PAYLOAD_MAX is replaced by E2BIG.  Every request gets exactly
 * one answer, and a request that changed the store is never answered
 * ENOMEM: room for a short reply (OK, an error name, a transaction id) is
 * reserved before the request runs, and a request for which even that
 * fails is answered ENOMEM, unserved, from a slot the connection keeps for
 * the purpose (it then reads no further request until that is sent).
 * Only long replies (READ, DIRECTORY, GET_PERMS: nothing changed) may
 * still become ENOMEM when their buffer cannot be had.
 *
 * Accounting: a queued reply counts as outstanding for the domain it goes
 * to until its last byte is taken; a watch event caused by an unprivileged
 * domain's request keeps that request outstanding until the event is taken
 * or dropped; queued bytes count against the receiving domain's memory.
 */
#pragma once
#include "xs_core.h"

/* Reserve the short reply of the request about to be served (false: no
   memory; answer it with xs_out_error(c, XS_ENOMEM) without serving it). */
bool xs_out_reserve(struct xs_conn *c);
/* Reply to the request being served (c->req). */
void xs_out_reply(struct xs_conn *c, uint32_t type, const void *p, uint32_t len);
/* The same, payload in two pieces. */
void xs_out_reply2(struct xs_conn *c, uint32_t type, const void *p1, uint32_t l1,
                   const void *p2, uint32_t l2);
void xs_out_ok(struct xs_conn *c, uint32_t type);
void xs_out_error(struct xs_conn *c, int err);
/* Queue the watch event "path\0token\0"; by made the change (or NULL). */
void xs_out_event(struct xs_conn *c, const char *path, uint32_t plen,
                  const char *token, uint32_t tlen, struct xs_conn *by);

/* The next contiguous output bytes (0 if none), and taking n of them. */
size_t xs_out_peek(const struct xs_conn *c, const uint8_t **p);
void xs_out_taken(struct xs_conn *c, size_t n);
/* Drop everything queued. */
void xs_out_clear(struct xs_conn *c);
/* The request being served on c is answered: its events alone keep it
   outstanding from now on. */
void xs_out_request_done(struct xs_conn *c);
