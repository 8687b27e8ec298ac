/*
 * Node permissions in xenstored's string form and its access rule.
 *
 * On the wire a permission is a letter and a domain id: "n0", "r5", "w7",
 * "b3" (none, read, write, both).  The first entry names the owner and
 * gives every unlisted domain its letter; the owner, and the privileged
 * domain, may do anything, including changing the permissions.  A listed
 * domain gets exactly its own letter (the first entry naming it wins).
 *
 * An entry for a domain that has died, or that is younger than the node's
 * last change, grants nothing (XSA-322): a new domain that reuses a dead
 * domain's id does not inherit its access.
 */
#pragma once
#include "xs_core.h"

/* Longest text of one permission: letter, sign, 10 digits, NUL. */
#define XS_PERM_TEXT_MAX 13

/* Parse count NUL-terminated entries at p[0..n) into out; XS_EINVAL on a
   bad letter or id (xenstored's xs_strings_to_perms). */
int xs_perms_parse(const char *p, size_t n, uint32_t count, struct xs_perm *out);
/* Text of one entry with its NUL; returns the length including the NUL. */
size_t xs_perm_format(const struct xs_perm *p, char *buf);

/* What the asker may do on a node with these permissions (XS_PERM_READ,
   _WRITE, _OWNER bits). */
uint32_t xs_perm_for(const struct xs_ctx *c, const struct xs_perm *perms,
                     uint32_t n, uint64_t node_generation);

/* Mark entries (after the first) that no longer grant anything because
   their domain died or is younger than generation. */
void xs_perms_mark_dead(const struct xs_server *s, struct xs_perm *perms,
                        uint32_t n, uint64_t generation);

/* Before new permissions are stored: start knowing every domain they name
   that the hypervisor knows, and mark the others ignored (XS_ENOMEM if a
   domain cannot be recorded). */
int xs_perms_refs(struct xs_server *s, struct xs_perm *perms, uint32_t n);
