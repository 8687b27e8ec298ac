/*
 * Views (see xs_view.h): a switch between the live store and a
 * transaction, plus the quota questions whose answer depends on which.
 */
#include "xs_domain.h"
#include "xs_store.h"
#include "xs_txn.h"
#include "xs_view.h"

int xs_view_find(struct xs_ctx *c, const char *p, size_t n, const struct xs_node **out)
{
	if (c->txn)
		return xs_txn_find(c, p, n, out);
	*out = xs_store_find(c->srv, p, n);
	return *out ? XS_OK : XS_ENOENT;
}

void xs_view_put(struct xs_ctx *c, struct xs_node *n)
{
	if (c->txn)
		xs_txn_put(c, n);
	else
		xs_store_put(c->srv, n);
}

void xs_view_del(struct xs_ctx *c, const char *p, size_t n)
{
	if (c->txn)
		xs_txn_del(c, p, n);
	else
		xs_store_del(c->srv, p, n);
}

uint32_t xs_view_owned(const struct xs_ctx *c)
{
	const struct xs_domain *d = xs_dom_find(c->srv, c->domid);
	int64_t n = d ? d->acct.nodes : 0;

	if (c->txn)
		n += c->txn->own_nodes;
	return n < 0 ? 0 : (uint32_t)n;
}

int xs_view_mem_check(const struct xs_ctx *c, uint32_t owner, int64_t delta)
{
	uint32_t who = c->txn ? c->domid : owner;
	const struct xs_domain *d = xs_dom_find(c->srv, who);

	if (delta <= 0 || xs_domid_priv(who) || !d)
		return XS_OK;
	if (xs_quota_memory_over(&c->srv->q, d->acct.memory + (uint64_t)delta))
		return XS_ENOMEM;
	return XS_OK;
}
