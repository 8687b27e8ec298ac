/*
 * The domains the store knows about, and what it holds for each.
 *
 * A domain is known from the moment it is introduced, speaks through a
 * connection, or is named in a permission, until the hypervisor reports it
 * gone.  Invariant: every node's owner is a known domain, so the owner's
 * xs_acct can always be charged.  Domain 0 is the privileged domain.
 */
#pragma once
#include "xs_core.h"

static inline bool xs_domid_priv(uint32_t domid)
{
	return domid == 0;
}

struct xs_domain *xs_dom_find(const struct xs_server *s, uint32_t domid);
/* Find, or start knowing, domid; NULL if out of memory. */
struct xs_domain *xs_dom_get(struct xs_server *s, uint32_t domid);
/* Stop knowing d (its nodes are gone; no connection uses it). */
void xs_dom_drop(struct xs_server *s, struct xs_domain *d);
/* Whether the hypervisor knows domid (the domain_exists hook). */
bool xs_dom_exists(const struct xs_server *s, uint32_t domid);

/* Count bytes held for domid.  With check, an unprivileged domain that
   would reach its memory quota is refused (XS_ENOMEM) and nothing counted. */
int xs_mem_charge(struct xs_server *s, uint32_t domid, uint64_t bytes, bool check);
void xs_mem_uncharge(struct xs_server *s, uint32_t domid, uint64_t bytes);
