/*
 * The invariant checker (see xs_check.h).  It reads the library's
 * structures directly and walks everything, so it is slow on purpose:
 * it shares no code with what it checks.
 */
#include <stdio.h>
#include <string.h>
#include "xs_check.h"

struct tally {
	uint32_t domid;
	uint64_t nodes, memory, watches, outstanding;
};

#define MAX_DOMS 64

struct check {
	const struct xs_server *s;
	struct tally t[MAX_DOMS];
	int nt;
	char *why;
	size_t n;
	bool bad;
};

static void fail(struct check *k, const char *fmt, const char *a, long long b)
{
	if (k->bad)
		return;
	k->bad = true;
	snprintf(k->why, k->n, fmt, a, b);
}

static struct tally *tally(struct check *k, uint32_t domid)
{
	for (int i = 0; i < k->nt; i++)
		if (k->t[i].domid == domid)
			return &k->t[i];
	if (k->nt == MAX_DOMS)
		return NULL;
	k->t[k->nt] = (struct tally){ .domid = domid };
	return &k->t[k->nt++];
}

static const struct xs_node *find(const struct xs_server *s, const char *p, size_t n)
{
	for (uint32_t b = 0; b < s->nodes.nb; b++)
		for (const struct xs_hlink *l = s->nodes.b[b]; l; l = l->next)
			if (l->klen == n && !memcmp(l->key, p, n))
				return (const struct xs_node *)l;
	return NULL;
}

static bool known(const struct xs_server *s, uint32_t domid)
{
	for (const struct xs_domain *d = s->domains; d; d = d->next)
		if (d->domid == domid)
			return true;
	return false;
}

static void check_node(struct check *k, const struct xs_node *n)
{
	char path[XENSTORE_ABS_PATH_MAX + 2];
	struct tally *t;
	uint32_t at = 0;

	if (n->nperms < 1 || strlen(n->path) != n->plen)
		fail(k, "node %s: bad record (%lld perms)", n->path, n->nperms);
	if (!known(k->s, n->perms[0].id))
		fail(k, "node %s owned by unknown domain %lld", n->path, n->perms[0].id);
	if (n->clen && n->children[n->clen - 1])
		fail(k, "node %s: child list not NUL-terminated (%lld)", n->path, n->clen);
	while (at < n->clen) {
		const char *c = n->children + at;
		size_t cl = strnlen(c, n->clen - at);
		int len = snprintf(path, sizeof(path), "%s/%.*s", n->plen == 1 ? "" : n->path,
		                   (int)cl, c);

		if (len >= (int)sizeof(path) || !find(k->s, path, (size_t)len))
			fail(k, "child %s listed but missing (%lld)", path, len);
		for (uint32_t o = at + (uint32_t)cl + 1; o < n->clen; o += (uint32_t)strlen(n->children + o) + 1)
			if (!strcmp(n->children + o, c))
				fail(k, "child %s listed twice (%lld)", c, o);
		at += (uint32_t)cl + 1;
	}
	if (n->plen > 1) {
		const char *slash = strrchr(n->path, '/');
		size_t plen = slash == n->path ? 1 : (size_t)(slash - n->path);
		const struct xs_node *parent = find(k->s, n->path, plen);
		bool listed = false;

		for (uint32_t o = 0; parent && o < parent->clen;
		     o += (uint32_t)strlen(parent->children + o) + 1)
			listed |= !strcmp(parent->children + o, slash + 1);
		if (!listed)
			fail(k, "node %s not listed by a parent (%lld)", n->path, parent != NULL);
	}
	t = tally(k, n->perms[0].id);
	if (t) {
		t->nodes++;
		t->memory += xs_node_mem_bytes(n);
	}
}

static void check_conn(struct check *k, const struct xs_conn *c)
{
	struct tally *t = tally(k, c->domid);

	if (!t)
		return;
	if (c->dom->domid != c->domid)
		fail(k, "connection of %s%lld speaks for another domain", "", c->domid);
	for (const struct xs_watch *w = c->watches; w; w = w->next) {
		t->watches++;
		t->memory += w->plen + w->tlen;
	}
	if (c->ignored && (c->watches || c->txns || c->out_head))
		fail(k, "ignored connection %s%lld holds state", "", c->domid);
	for (const struct xs_msg *m = c->out_head; m; m = m->next) {
		struct xsd_sockmsg h;

		memcpy(&h, m->bytes, sizeof(h));
		if (h.len + 16 != m->size || h.len > XENSTORE_PAYLOAD_MAX)
			fail(k, "queued message %s with bad header (len %lld)", "", h.len);
		if (m != &c->nomem)
			t->memory += m->size;
		if (!m->event) {
			t->outstanding++;
		} else if (m->ref) {
			struct tally *r = tally(k, m->ref->domid);
			bool first = true;

			for (const struct xs_msg *e = c->out_head; e != m; e = e->next)
				first &= e->ref != m->ref;
			for (const struct xs_conn *o = k->s->conns; o != c && first; o = o->next)
				for (const struct xs_msg *e = o->out_head; e; e = e->next)
					first &= e->ref != m->ref;
			if (r && first)
				r->outstanding++;
		}
	}
}

static void check_txn_copies(struct check *k, const struct xs_conn *c)
{
	struct tally *t = tally(k, c->domid);

	for (const struct xs_txn *x = c->txns; x && t; x = x->next)
		for (uint32_t b = 0; b < x->entries.nb; b++)
			for (const struct xs_hlink *l = x->entries.b[b]; l; l = l->next) {
				const struct xs_tentry *e = (const struct xs_tentry *)l;

				if (e->node)
					t->memory += xs_node_mem_bytes(e->node);
			}
}

bool xs_check(const struct xs_server *s, char *why, size_t n)
{
	struct check k = { .s = s, .why = why, .n = n };

	for (uint32_t b = 0; b < s->nodes.nb; b++)
		for (const struct xs_hlink *l = s->nodes.b[b]; l; l = l->next)
			check_node(&k, (const struct xs_node *)l);
	if (!find(s, "/", 1))
		fail(&k, "no root %s%lld", "", 0);
	for (const struct xs_conn *c = s->conns; c; c = c->next) {
		check_conn(&k, c);
		check_txn_copies(&k, c);
	}
	for (const struct xs_domain *d = s->domains; d; d = d->next) {
		struct tally *t = tally(&k, d->domid);

		if (!t)
			continue;
		if (t->nodes != d->acct.nodes)
			fail(&k, "domain %s%lld: node count wrong", "", d->domid);
		if (t->watches != d->acct.watches)
			fail(&k, "domain %s%lld: watch count wrong", "", d->domid);
		if (t->memory != d->acct.memory)
			fail(&k, "domain %s%lld: memory count wrong", "", d->domid);
		if (t->outstanding != d->acct.outstanding)
			fail(&k, "domain %s%lld: outstanding count wrong", "", d->domid);
	}
	return !k.bad;
}
