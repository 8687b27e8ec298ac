/*
 * Walking a subtree of a view without recursion (paths may be 1,500
 * components deep): enter is called on a node before its children, exit
 * after them.  The walk re-reads each node by path, so callbacks may change
 * the view: enter may answer XS_WALK_SKIP (do not visit the children) or
 * XS_WALK_REMOVED (it removed the node and took it out of its parent's
 * child list); exit may remove the node it is given.
 */
#pragma once
#include "xs_core.h"

enum { XS_WALK_GO, XS_WALK_SKIP, XS_WALK_REMOVED };

struct xs_walk_ops {
	int (*enter)(struct xs_ctx *c, const char *p, uint32_t n,
	             const struct xs_node *node, void *arg);
	void (*exit)(struct xs_ctx *c, const char *p, uint32_t n,
	             const struct xs_node *node, void *arg);
};

/* XS_OK, or the error of a failed lookup (ENOMEM/ENOSPC in a transaction). */
int xs_walk(struct xs_ctx *c, const char *root, uint32_t rlen,
            const struct xs_walk_ops *ops, void *arg);
