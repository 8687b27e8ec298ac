/*
 * Watches (see xs_watch.h).  Invariants: each domain's acct.watches counts
 * the watches of its connections and acct.memory includes the bytes of
 * each path and token; a connection never holds two watches with the same
 * path and token.
 */
#include "xs_domain.h"
#include "xs_out.h"
#include "xs_path.h"
#include "xs_perms.h"
#include "xs_store.h"
#include "xs_str.h"
#include "xs_watch.h"

static size_t watch_size(uint32_t plen, uint32_t tlen)
{
	return sizeof(struct xs_watch) + plen + 1 + tlen + 1;
}

int xs_watch_add(struct xs_conn *c, const char *path, uint32_t plen,
                 const char *token, uint32_t tlen, bool relative)
{
	struct xs_server *s = c->srv;
	struct xs_watch *w, **tail;

	for (w = c->watches; w; w = w->next)
		if (w->plen == plen && w->tlen == tlen && !memcmp(w->path, path, plen) &&
		    !memcmp(w->token, token, tlen))
			return XS_EEXIST;
	if (!c->priv && xs_quota_no_new_watch(&s->q, c->dom->acct.watches))
		return XS_E2BIG;
	if (xs_mem_charge(s, c->domid, plen + tlen, true))
		return XS_ENOMEM;
	w = xs_mem_get(&s->a, watch_size(plen, tlen));
	if (!w) {
		xs_mem_uncharge(s, c->domid, plen + tlen);
		return XS_ENOMEM;
	}
	w->next = NULL;
	w->relative = relative;
	w->plen = plen;
	w->tlen = tlen;
	w->path = w->mem;
	w->token = w->mem + plen + 1;
	memcpy(w->path, path, plen);
	w->path[plen] = 0;
	memcpy(w->token, token, tlen);
	w->token[tlen] = 0;
	for (tail = &c->watches; *tail; tail = &(*tail)->next)
		;
	*tail = w;
	c->dom->acct.watches++;
	return XS_OK;
}

static void watch_free(struct xs_conn *c, struct xs_watch *w)
{
	xs_mem_uncharge(c->srv, c->domid, w->plen + w->tlen);
	c->dom->acct.watches--;
	xs_mem_put(&c->srv->a, w, watch_size(w->plen, w->tlen));
}

int xs_watch_del(struct xs_conn *c, const char *path, uint32_t plen,
                 const char *token, uint32_t tlen)
{
	for (struct xs_watch **pp = &c->watches; *pp; pp = &(*pp)->next) {
		struct xs_watch *w = *pp;

		if (w->plen == plen && w->tlen == tlen && !memcmp(w->path, path, plen) &&
		    !memcmp(w->token, token, tlen)) {
			*pp = w->next;
			watch_free(c, w);
			return XS_OK;
		}
	}
	return XS_ENOENT;
}

void xs_watch_clear(struct xs_conn *c)
{
	while (c->watches) {
		struct xs_watch *w = c->watches;

		c->watches = w->next;
		watch_free(c, w);
	}
}

void xs_watch_event(struct xs_conn *c, const struct xs_watch *w,
                    const char *path, uint32_t plen, struct xs_conn *by)
{
	char home[32];
	size_t hlen;

	if (w->relative) {
		hlen = xs_home_path(home, c->domid);
		if (plen >= hlen && !memcmp(path, home, hlen)) {
			path += hlen;
			plen -= (uint32_t)hlen;
			if (plen && path[0] == '/') {
				path++;
				plen--;
			}
		}
	}
	xs_out_event(c, path, plen, w->token, w->tlen, by);
}

static struct xs_ctx ctx_of(struct xs_conn *c)
{
	return (struct xs_ctx){
		.srv = c->srv, .conn = c, .domid = c->domid, .priv = c->priv,
		.target = c->dom->target,
	};
}

static bool may_read(const struct xs_ctx *x, const struct xs_node *n)
{
	return xs_perm_for(x, n->perms, n->nperms, n->generation) & XS_PERM_READ;
}

/* xenstored's watch_permitted: the node, its old permissions, or its
   parent must be readable by the watcher. */
static bool permitted(struct xs_conn *c, const char *path, uint32_t plen,
                      const struct xs_node *node, const struct xs_node *old)
{
	struct xs_ctx x = ctx_of(c);
	const struct xs_node *parent;

	if (old && may_read(&x, old))
		return true;
	if (node && may_read(&x, node))
		return true;
	if (plen <= 1)
		return false;
	parent = xs_store_find(c->srv, path, xs_path_parent_len(path, plen));
	return parent && may_read(&x, parent);
}

void xs_watch_fire(struct xs_server *s, struct xs_conn *by, const char *path,
                   uint32_t plen, const struct xs_node *node,
                   const struct xs_node *old_perms, bool exact)
{
	for (struct xs_conn *c = s->conns; c; c = c->next) {
		bool checked = false, ok = false;

		for (struct xs_watch *w = c->watches; w; w = w->next) {
			bool hit = exact ? (w->plen == plen && !memcmp(w->path, path, plen))
			                 : xs_path_at_or_below(path, plen, w->path, w->plen);

			if (!hit)
				continue;
			if (!checked) {
				ok = permitted(c, path, plen, node, old_perms);
				checked = true;
			}
			if (ok)
				xs_watch_event(c, w, path, plen, by);
		}
	}
}

void xs_watch_fire_special(struct xs_server *s, int which)
{
	const struct xs_node *sp = s->special[which];

	for (struct xs_conn *c = s->conns; c; c = c->next) {
		struct xs_ctx x = ctx_of(c);

		if (!may_read(&x, sp))
			continue;
		for (struct xs_watch *w = c->watches; w; w = w->next)
			if (w->plen == sp->plen && !memcmp(w->path, sp->path, sp->plen))
				xs_watch_event(c, w, sp->path, sp->plen, NULL);
	}
}
