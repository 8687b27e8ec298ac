/*
 * Node records (see xs_node.h).  Invariant: a record is one allocation of
 * exactly record_size() bytes, its arrays live inside it, and nperms >= 1
 * for every record built here; nothing ever changes a record in place
 * except its generation and the IGNORE marks of its permissions.
 */
#include "xs_node.h"
#include "xs_str.h"

static size_t record_size(uint32_t plen, uint32_t nperms, uint32_t vlen, uint32_t clen)
{
	return sizeof(struct xs_node) + (size_t)nperms * sizeof(struct xs_perm) +
	       plen + 1 + vlen + clen;
}

struct xs_node *xs_node_new(const struct xs_alloc *a, const struct xs_node_parts *p)
{
	struct xs_node *n = xs_mem_get(a, record_size(p->plen, p->nperms, p->vlen, p->clen));
	char *at;

	if (!n)
		return NULL;
	n->generation = 0;
	n->plen = p->plen;
	n->nperms = p->nperms;
	n->vlen = p->vlen;
	n->clen = p->clen;
	n->perms = (struct xs_perm *)(n + 1);
	memcpy(n->perms, p->perms, p->nperms * sizeof(struct xs_perm));
	at = (char *)(n->perms + p->nperms);
	n->path = at;
	memcpy(at, p->path, p->plen);
	at[p->plen] = 0;
	at += p->plen + 1;
	n->value = at;
	if (p->vlen && p->value)
		memcpy(at, p->value, p->vlen);
	at += p->vlen;
	n->children = at;
	if (p->clen && p->children)
		memcpy(at, p->children, p->clen);
	xs_hlink_set(&n->link, n->path, n->plen);
	return n;
}

void xs_node_free(const struct xs_alloc *a, struct xs_node *n)
{
	if (n)
		xs_mem_put(a, n, record_size(n->plen, n->nperms, n->vlen, n->clen));
}

void xs_node_parts_of(const struct xs_node *n, struct xs_node_parts *p)
{
	p->path = n->path;
	p->plen = n->plen;
	p->perms = n->perms;
	p->nperms = n->nperms;
	p->value = n->value;
	p->vlen = n->vlen;
	p->children = n->children;
	p->clen = n->clen;
}

uint32_t xs_node_entry_bytes(const struct xs_node *n)
{
	return XS_NODE_HDR_BYTES + XS_NODE_PERM_BYTES * n->nperms + n->vlen + n->clen;
}

uint32_t xs_node_mem_bytes(const struct xs_node *n)
{
	return n->plen + xs_node_entry_bytes(n);
}

uint32_t xs_node_child_at(const struct xs_node *n, const char *name, uint32_t len)
{
	uint32_t at = 0;

	while (at < n->clen) {
		uint32_t l = (uint32_t)xs_nul_at(n->children + at, n->clen - at);

		if (l == len && !memcmp(n->children + at, name, len))
			return at;
		at += l + 1;
	}
	return n->clen;
}

static struct xs_node *with_children(const struct xs_alloc *a, const struct xs_node *n,
                                     const char *c1, uint32_t l1,
                                     const char *c2, uint32_t l2)
{
	struct xs_node_parts p;
	struct xs_node *copy;

	xs_node_parts_of(n, &p);
	p.children = NULL;
	p.clen = l1 + l2;
	copy = xs_node_new(a, &p);
	if (!copy)
		return NULL;
	memcpy(copy->children, c1, l1);
	memcpy(copy->children + l1, c2, l2);
	copy->generation = n->generation;
	return copy;
}

struct xs_node *xs_node_add_child(const struct xs_alloc *a, const struct xs_node *n,
                                  const char *name, uint32_t len)
{
	struct xs_node *copy = with_children(a, n, n->children, n->clen, name, len + 1);

	if (copy)
		copy->children[copy->clen - 1] = 0;
	return copy;
}

struct xs_node *xs_node_del_child(const struct xs_alloc *a, const struct xs_node *n,
                                  uint32_t at)
{
	uint32_t l = (uint32_t)xs_nul_at(n->children + at, n->clen - at) + 1;

	return with_children(a, n, n->children, at, n->children + at + l,
	                     n->clen - at - l);
}
