/*
 * A connection's request side as a state machine: bytes arrive in any
 * pieces (the ring hands them over as the guest writes them); the first 16
 * make the header, the next `len` the payload, and a complete message is
 * served at once.  A header announcing more than XENSTORE_PAYLOAD_MAX
 * bytes is a protocol violation: like xenstored, the server then stops
 * serving the connection (it is "ignored": its watches, transactions and
 * queued output are dropped and the ring's error field says why); unknown
 * message types are answered ENOSYS and the connection goes on.
 *
 * The connection takes no more bytes while it must wait: while its
 * emergency ENOMEM reply is queued, or while an unprivileged domain is at
 * its outstanding-request or memory quota.  What it does not take stays in
 * the ring, so a flooding guest only slows itself.
 */
#pragma once
#include "xs_core.h"

/* How many bytes c would take now (0: none until something drains). */
uint32_t xs_conn_want(const struct xs_conn *c);
/* Give c up to n request bytes; returns how many it took. */
size_t xs_conn_feed(struct xs_conn *c, const void *bytes, size_t n);
/* Stop serving c; err goes to the ring's error field. */
void xs_conn_ignore(struct xs_conn *c, uint32_t err);
/* Drop what c holds (watches, transactions, output, a partial request). */
void xs_conn_reset(struct xs_conn *c);
