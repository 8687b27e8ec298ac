/*
 * The table of known domains and their accounting (see xs_domain.h).
 * Invariant: at most one entry per domid; an entry's counters never go
 * below zero (an uncharge larger than the charge is a library bug, and the
 * unit tests recompute every counter from the store to catch one).
 */
#include "xs_domain.h"

struct xs_domain *xs_dom_find(const struct xs_server *s, uint32_t domid)
{
	for (struct xs_domain *d = s->domains; d; d = d->next)
		if (d->domid == domid)
			return d;
	return NULL;
}

struct xs_domain *xs_dom_get(struct xs_server *s, uint32_t domid)
{
	struct xs_domain *d = xs_dom_find(s, domid);

	if (d)
		return d;
	d = xs_mem_get(&s->a, sizeof(*d));
	if (!d)
		return NULL;
	*d = (struct xs_domain){
		.next = s->domains,
		.domid = domid,
		.generation = s->generation++,
		.target = XS_NO_TARGET,
	};
	s->domains = d;
	return d;
}

void xs_dom_drop(struct xs_server *s, struct xs_domain *d)
{
	struct xs_domain **pp = &s->domains;

	while (*pp != d)
		pp = &(*pp)->next;
	*pp = d->next;
	xs_mem_put(&s->a, d, sizeof(*d));
}

bool xs_dom_exists(const struct xs_server *s, uint32_t domid)
{
	return !s->h.domain_exists || s->h.domain_exists(s->h.ctx, domid);
}

int xs_mem_charge(struct xs_server *s, uint32_t domid, uint64_t bytes, bool check)
{
	struct xs_domain *d = xs_dom_find(s, domid);

	if (!d)
		return XS_OK;
	if (check && !xs_domid_priv(domid) &&
	    xs_quota_memory_over(&s->q, d->acct.memory + bytes))
		return XS_ENOMEM;
	d->acct.memory += bytes;
	return XS_OK;
}

void xs_mem_uncharge(struct xs_server *s, uint32_t domid, uint64_t bytes)
{
	struct xs_domain *d = xs_dom_find(s, domid);

	if (d)
		d->acct.memory -= bytes;
}
