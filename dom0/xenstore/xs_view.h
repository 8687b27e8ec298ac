/*
 * One view of the store for a request: the live store, or the live store
 * as a transaction sees it (xs_txn.h).  The tree operations work on a view
 * and never need to know which.
 *
 * Rules for callers: look a path up in the view before putting or
 * deleting it (a transaction records what it looked at), and make every
 * allocation and quota check before the first put, so that a request that
 * fails leaves the view as it was.
 */
#pragma once
#include "xs_core.h"

int xs_view_find(struct xs_ctx *c, const char *p, size_t n, const struct xs_node **out);
void xs_view_put(struct xs_ctx *c, struct xs_node *n);
void xs_view_del(struct xs_ctx *c, const char *p, size_t n);

/* Nodes the asker owns as the view sees them (live count plus what its
   transaction made). */
uint32_t xs_view_owned(const struct xs_ctx *c);
/* May the view hold delta more bytes for a node owned by owner?  (A
   transaction's copies count against the asker, live nodes against their
   owner; only unprivileged domains are limited.)  XS_ENOMEM if not. */
int xs_view_mem_check(const struct xs_ctx *c, uint32_t owner, int64_t delta);
