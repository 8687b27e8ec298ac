/*
 * The live store: every committed node, keyed by path, with the owner
 * accounting that goes with holding a node.
 *
 * Invariants: a node is in the store only if its parent is (the root "/"
 * always is) and its parent's child list names it, and vice versa; each
 * domain's acct.nodes is the number of stored nodes whose first permission
 * names it, and acct.memory includes xs_node_mem_bytes of each of them.
 * Every change gives the changed node the next store generation, which is
 * what transactions compare to detect conflicts.
 */
#pragma once
#include "xs_core.h"

const struct xs_node *xs_store_find(const struct xs_server *s, const char *p, size_t n);
/* Store n in place of any node at its path (n becomes the store's). */
void xs_store_put(struct xs_server *s, struct xs_node *n);
/* Remove and free the node at p (if any). */
void xs_store_del(struct xs_server *s, const char *p, size_t n);
/* Free every node (server teardown; no accounting). */
void xs_store_clear(struct xs_server *s);
