/*
 * The node tree with xenstored's permission rules, over a view.
 *
 *   get      a node the asker may access with the wanted bits; a node it
 *            may not see, or a missing node under an ancestor it may not
 *            access that way, answers EACCES, so errors leak nothing.
 *   write    sets a value, creating the node and any missing ancestors;
 *            new nodes copy the permissions of the nearest existing
 *            ancestor, and an unprivileged creator becomes their owner.
 *   rm       removes a node and everything below it.
 *   perms    replaces a node's permissions (owner and privileged only; only
 *            the privileged domain may give a node another owner).
 *
 * Unprivileged askers are held to the node, entry-size and memory quotas
 * (xs_quota.h).  Changes to the live store fire watches at once; changes
 * in a transaction fire when it commits.
 */
#pragma once
#include "xs_core.h"

/* path must be absolute (xs_path_canon); XS_EINVAL if it is not valid. */
int xs_tree_get(struct xs_ctx *c, const char *p, uint32_t n, uint32_t perm,
                const struct xs_node **out);
/* WRITE and MKDIR: value NULL means mkdir (an existing node is left alone). */
int xs_tree_write(struct xs_ctx *c, const char *p, uint32_t n, const char *value,
                  uint32_t vlen);
int xs_tree_rm(struct xs_ctx *c, const char *p, uint32_t n);
int xs_tree_set_perms(struct xs_ctx *c, const char *p, uint32_t n,
                      const struct xs_perm *perms, uint32_t np);
/* Remove the subtree at p (p exists in the view; not "/"): rm without the
   permission check, for release.  Watches fire as for rm. */
int xs_tree_remove(struct xs_ctx *c, const char *p, uint32_t n);
