/*
 * Transactions (see xs_txn.h).  Invariants: every entry of a transaction
 * is in its map and on its first..last list exactly once; an entry's copy
 * (if any) is charged to the transaction's domain and to no one else; an
 * entry with check set records the generation the live store had when the
 * transaction first looked (XS_NO_GENERATION for "absent").
 */
#include "xs_domain.h"
#include "xs_quota.h"
#include "xs_store.h"
#include "xs_txn.h"
#include "xs_str.h"
#include "xs_watch.h"

static size_t entry_size(uint32_t plen)
{
	return sizeof(struct xs_tentry) + plen + 1;
}

int xs_txn_start(struct xs_conn *c, uint32_t *id)
{
	struct xs_server *s = c->srv;
	struct xs_txn *t;

	if (!c->priv && xs_quota_no_new_txn(&s->q, c->ntxns))
		return XS_ENOSPC;
	t = xs_mem_get(&s->a, sizeof(*t));
	if (!t)
		return XS_ENOMEM;
	*t = (struct xs_txn){ .conn = c };
	if (!xs_hmap_init(&t->entries, &s->a)) {
		xs_mem_put(&s->a, t, sizeof(*t));
		return XS_ENOMEM;
	}
	do
		t->id = c->next_txn_id++;
	while (!t->id || xs_txn_lookup(c, t->id));
	t->next = c->txns;
	c->txns = t;
	c->ntxns++;
	*id = t->id;
	return XS_OK;
}

struct xs_txn *xs_txn_lookup(struct xs_conn *c, uint32_t id)
{
	for (struct xs_txn *t = c->txns; t; t = t->next)
		if (t->id == id)
			return t;
	return NULL;
}

static void drop_copy(struct xs_txn *t, struct xs_tentry *e)
{
	struct xs_server *s = t->conn->srv;

	if (!e->node)
		return;
	xs_mem_uncharge(s, t->conn->domid, xs_node_mem_bytes(e->node));
	xs_node_free(&s->a, e->node);
	e->node = NULL;
}

static void txn_free(struct xs_txn *t)
{
	struct xs_conn *c = t->conn;
	struct xs_server *s = c->srv;
	struct xs_txn **pp = &c->txns;

	while (*pp != t)
		pp = &(*pp)->next;
	*pp = t->next;
	c->ntxns--;
	for (struct xs_tentry *e = t->first, *next; e; e = next) {
		next = e->next;
		drop_copy(t, e);
		xs_mem_put(&s->a, e, entry_size(e->plen));
	}
	xs_hmap_fini(&t->entries);
	xs_mem_put(&s->a, t, sizeof(*t));
}

void xs_txn_clear(struct xs_conn *c)
{
	while (c->txns)
		txn_free(c->txns);
}

static struct xs_tentry *entry_find(struct xs_txn *t, const char *p, size_t n)
{
	return (struct xs_tentry *)xs_hmap_find(&t->entries, p, n);
}

/* A new entry for p, or NULL (the transaction is then failed). */
static struct xs_tentry *entry_new(struct xs_ctx *c, const char *p, size_t n, int *err)
{
	struct xs_txn *t = c->txn;
	struct xs_server *s = c->srv;
	struct xs_tentry *e = NULL;

	*err = XS_OK;
	if (!c->priv && xs_quota_txn_full(&s->q, t->touched))
		*err = XS_ENOSPC;
	else if (!(e = xs_mem_get(&s->a, entry_size((uint32_t)n))))
		*err = XS_ENOMEM;
	if (*err) {
		t->failed = true;
		return NULL;
	}
	*e = (struct xs_tentry){ .plen = (uint32_t)n, .seen = XS_NO_GENERATION };
	memcpy(e->path, p, n);
	e->path[n] = 0;
	xs_hlink_set(&e->link, e->path, n);
	xs_hmap_add(&t->entries, &e->link);
	if (t->last)
		t->last->next = e;
	else
		t->first = e;
	t->last = e;
	t->touched++;
	return e;
}

int xs_txn_find(struct xs_ctx *c, const char *p, size_t n, const struct xs_node **out)
{
	struct xs_txn *t = c->txn;
	struct xs_server *s = c->srv;
	struct xs_tentry *e = entry_find(t, p, n);
	const struct xs_node *live;
	int err;

	if (!e) {
		live = xs_store_find(s, p, n);
		if (live && xs_mem_charge(s, c->domid, xs_node_mem_bytes(live), true)) {
			t->failed = true;
			return XS_ENOMEM;
		}
		e = entry_new(c, p, n, &err);
		if (e && live) {
			struct xs_node_parts parts;

			xs_node_parts_of(live, &parts);
			e->node = xs_node_new(&s->a, &parts);
			if (!e->node) {
				t->failed = true;
				err = XS_ENOMEM;
			} else {
				e->node->generation = live->generation;
			}
		}
		if (err) {
			if (live)
				xs_mem_uncharge(s, c->domid, xs_node_mem_bytes(live));
			return err;
		}
		e->check = true;
		e->seen = live ? live->generation : XS_NO_GENERATION;
	}
	*out = e->node;
	return e->node ? XS_OK : XS_ENOENT;
}

static bool owned_by(const struct xs_node *n, uint32_t domid)
{
	return n && n->perms[0].id == domid;
}

void xs_txn_put(struct xs_ctx *c, struct xs_node *n)
{
	struct xs_txn *t = c->txn;
	struct xs_server *s = c->srv;
	struct xs_tentry *e = entry_find(t, n->path, n->plen);
	int err;

	if (!e && !(e = entry_new(c, n->path, n->plen, &err))) {
		xs_node_free(&s->a, n);
		return;
	}
	t->own_nodes += owned_by(n, c->domid) - owned_by(e->node, c->domid);
	drop_copy(t, e);
	xs_mem_charge(s, c->domid, xs_node_mem_bytes(n), false);
	n->generation = s->generation++;
	e->node = n;
	e->modified = true;
}

void xs_txn_del(struct xs_ctx *c, const char *p, size_t n)
{
	struct xs_txn *t = c->txn;
	struct xs_tentry *e = entry_find(t, p, n);
	int err;

	if (!e && !(e = entry_new(c, p, n, &err)))
		return;
	t->own_nodes -= owned_by(e->node, c->domid);
	drop_copy(t, e);
	e->modified = true;
}

static int check_conflicts(struct xs_txn *t)
{
	struct xs_server *s = t->conn->srv;

	for (struct xs_tentry *e = t->first; e; e = e->next) {
		const struct xs_node *live;

		if (!e->check)
			continue;
		live = xs_store_find(s, e->path, e->plen);
		if ((live ? live->generation : XS_NO_GENERATION) != e->seen)
			return XS_EAGAIN;
	}
	return XS_OK;
}

static int check_nodes_quota(struct xs_txn *t)
{
	struct xs_conn *c = t->conn;

	if (c->priv || t->own_nodes <= 0)
		return XS_OK;
	if ((uint64_t)c->dom->acct.nodes + (uint32_t)t->own_nodes > c->srv->q.nodes)
		return XS_ENOSPC;
	return XS_OK;
}

static void apply(struct xs_txn *t)
{
	struct xs_conn *c = t->conn;
	struct xs_server *s = c->srv;

	for (struct xs_tentry *e = t->first; e; e = e->next) {
		const struct xs_node *live;

		if (!e->modified)
			continue;
		if (e->node) {
			struct xs_node *n = e->node;

			xs_mem_uncharge(s, c->domid, xs_node_mem_bytes(n));
			e->node = NULL;
			xs_store_put(s, n);
			xs_watch_fire(s, c, n->path, n->plen, n, NULL, false);
		} else if ((live = xs_store_find(s, e->path, e->plen))) {
			xs_watch_fire(s, c, e->path, e->plen, live, NULL, false);
			xs_store_del(s, e->path, e->plen);
		}
	}
}

int xs_txn_end(struct xs_txn *t, bool commit)
{
	int err = XS_OK;

	if (commit) {
		if (t->failed)
			err = XS_ENOMEM;
		if (!err)
			err = check_nodes_quota(t);
		if (!err)
			err = check_conflicts(t);
		if (!err)
			apply(t);
	}
	txn_free(t);
	return err;
}
