/*
 * The live store (see xs_store.h).  Accounting is done here and only
 * here, as a node enters, changes owner or leaves, so it cannot drift from
 * what the store holds.
 */
#include "xs_domain.h"
#include "xs_store.h"

const struct xs_node *xs_store_find(const struct xs_server *s, const char *p, size_t n)
{
	struct xs_hlink *l = xs_hmap_find(&s->nodes, p, n);

	return l ? (const struct xs_node *)l : NULL;
}

static void account(struct xs_server *s, const struct xs_node *n, int sign)
{
	struct xs_domain *d = xs_dom_find(s, n->perms[0].id);

	if (!d)
		return;
	if (sign > 0) {
		d->acct.nodes++;
		d->acct.memory += xs_node_mem_bytes(n);
	} else {
		d->acct.nodes--;
		d->acct.memory -= xs_node_mem_bytes(n);
	}
}

void xs_store_put(struct xs_server *s, struct xs_node *n)
{
	struct xs_node *old = (struct xs_node *)xs_hmap_find(&s->nodes, n->path, n->plen);

	if (old) {
		xs_hmap_del(&s->nodes, &old->link);
		account(s, old, -1);
		xs_node_free(&s->a, old);
	}
	n->generation = s->generation++;
	xs_hmap_add(&s->nodes, &n->link);
	account(s, n, +1);
}

void xs_store_del(struct xs_server *s, const char *p, size_t n)
{
	struct xs_node *old = (struct xs_node *)xs_hmap_find(&s->nodes, p, n);

	if (!old)
		return;
	s->generation++;
	xs_hmap_del(&s->nodes, &old->link);
	account(s, old, -1);
	xs_node_free(&s->a, old);
}

static void free_one(struct xs_hlink *l, void *arg)
{
	struct xs_server *s = arg;

	xs_hmap_del(&s->nodes, l);
	xs_node_free(&s->a, (struct xs_node *)l);
}

void xs_store_clear(struct xs_server *s)
{
	xs_hmap_each(&s->nodes, free_one, s);
}
