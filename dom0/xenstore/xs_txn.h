/*
 * Transactions, as xenstored 4.17 runs them.
 *
 * A transaction sees the live store, except that the first time it touches
 * a node it keeps its own copy (or the fact that the node was absent) and
 * the store generation it saw; later reads and all its writes use that
 * copy.  Committing checks that every node it read still has the
 * generation it saw (or is still absent): if anything it depends on
 * changed meanwhile, the commit fails with EAGAIN and the client repeats
 * the transaction.  Otherwise its changes enter the store in the order it
 * made them, and only then do watches fire for them.
 *
 * Limits for unprivileged domains: txn_nodes distinct nodes per
 * transaction (ENOSPC), transactions open at once (xs_quota.h), and the
 * copies count against the domain's memory.  A transaction that hit an
 * internal failure (no memory, its node limit) can only be aborted:
 * committing it answers ENOMEM, as xenstored does.
 */
#pragma once
#include "xs_core.h"

/* Start one on c: its id (never 0, unique on c) in *id. */
int xs_txn_start(struct xs_conn *c, uint32_t *id);
/* The open transaction numbered id on c, or NULL. */
struct xs_txn *xs_txn_lookup(struct xs_conn *c, uint32_t id);
/* End t (commit or abort); t is freed whatever the answer. */
int xs_txn_end(struct xs_txn *t, bool commit);
/* Abort and free every transaction of c. */
void xs_txn_clear(struct xs_conn *c);

/* The node at p as t sees it (XS_ENOENT if absent); records the access. */
int xs_txn_find(struct xs_ctx *c, const char *p, size_t n, const struct xs_node **out);
/* Replace t's copy at n's path by n (n becomes t's). */
void xs_txn_put(struct xs_ctx *c, struct xs_node *n);
/* Mark p absent in t. */
void xs_txn_del(struct xs_ctx *c, const char *p, size_t n);
