/*
 * Tree operations (see xs_tree.h).  Invariants kept here: a node exists
 * only under an existing parent that lists it; every record written for an
 * unprivileged asker is below the entry-size quota; a failed operation has
 * changed nothing (all records are built and all quotas checked before the
 * first change).
 */
#include "xs_domain.h"
#include "xs_path.h"
#include "xs_perms.h"
#include "xs_str.h"
#include "xs_tree.h"
#include "xs_view.h"
#include "xs_walk.h"
#include "xs_watch.h"

static bool lookup_fatal(int rc)
{
	return rc == XS_ENOMEM || rc == XS_ENOSPC;
}

static uint32_t access(const struct xs_ctx *c, const struct xs_node *n)
{
	return xs_perm_for(c, n->perms, n->nperms, n->generation);
}

/* The nearest existing proper ancestor of p[0..n) (the root always is). */
static int nearest_ancestor(struct xs_ctx *c, const char *p, uint32_t n,
                            const struct xs_node **out)
{
	uint32_t len = n;
	int rc;

	do {
		len = (uint32_t)xs_path_parent_len(p, len);
		rc = xs_view_find(c, p, len, out);
	} while (rc == XS_ENOENT && len > 1);
	return rc;
}

int xs_tree_get(struct xs_ctx *c, const char *p, uint32_t n, uint32_t perm,
                const struct xs_node **out)
{
	const struct xs_node *node, *anc;
	int rc;

	if (!xs_path_valid(p, n))
		return XS_EINVAL;
	rc = xs_view_find(c, p, n, &node);
	if (!rc && (access(c, node) & perm) != perm)
		rc = XS_EACCES;
	if (!rc) {
		*out = node;
		return XS_OK;
	}
	if (lookup_fatal(rc) || n == 1)
		return rc;
	{
		int arc = nearest_ancestor(c, p, n, &anc);

		if (arc)
			return lookup_fatal(arc) ? arc : XS_EACCES;
	}
	return (access(c, anc) & perm) ? rc : XS_EACCES;
}

static bool too_big(const struct xs_ctx *c, const struct xs_node *n)
{
	return !c->priv && xs_quota_entry_too_big(&c->srv->q, xs_node_entry_bytes(n));
}

/* New records are chained through their (not yet used) map links. */
static struct xs_node *node_of(struct xs_hlink *l)
{
	return (struct xs_node *)l;
}

static void free_chain(struct xs_server *s, struct xs_hlink *head)
{
	while (head) {
		struct xs_hlink *next = head->next;

		xs_node_free(&s->a, node_of(head));
		head = next;
	}
}

/* The new records for p[0..n) and its missing ancestors below anc, linked
   through link.next from the top; NULL and *err if one cannot be made. */
static struct xs_hlink *build_new(struct xs_ctx *c, const struct xs_node *anc,
                                 const char *p, uint32_t n, const char *value,
                                 uint32_t vlen, uint64_t *bytes, int *err)
{
	struct xs_server *s = c->srv;
	struct xs_hlink *head = NULL, **tail = &head;
	struct xs_perm *perms = xs_mem_get(&s->a, anc->nperms * sizeof(*perms));
	uint32_t start = anc->plen == 1 ? 1 : anc->plen + 1;

	*err = XS_ENOMEM;
	if (!perms)
		return NULL;
	memcpy(perms, anc->perms, anc->nperms * sizeof(*perms));
	xs_perms_mark_dead(s, perms, anc->nperms, anc->generation);
	if (!c->priv)
		perms[0].id = c->domid;
	*bytes = 0;
	*err = XS_OK;
	while (start < n) {
		struct xs_node_parts parts = { .path = p, .perms = perms, .nperms = anc->nperms };
		uint32_t end = start, clen = 0;
		struct xs_node *rec;

		while (end < n && p[end] != '/')
			end++;
		parts.plen = end;
		if (end < n) {
			while (end + 1 + clen < n && p[end + 1 + clen] != '/')
				clen++;
			parts.children = p + end + 1;
			parts.clen = clen + 1;
		} else {
			parts.value = value;
			parts.vlen = vlen;
		}
		rec = xs_node_new(&s->a, &parts);
		if (!rec) {
			*err = XS_ENOMEM;
			break;
		}
		if (end < n)
			rec->children[clen] = 0;
		rec->link.next = NULL;
		*tail = &rec->link;
		tail = &rec->link.next;
		*bytes += xs_node_mem_bytes(rec);
		if (too_big(c, rec)) {
			*err = XS_ENOSPC;
			break;
		}
		start = end + 1;
	}
	xs_mem_put(&s->a, perms, anc->nperms * sizeof(*perms));
	if (*err) {
		free_chain(s, head);
		return NULL;
	}
	return head;
}

static uint32_t count_chain(const struct xs_hlink *head)
{
	uint32_t k = 0;

	for (; head; head = head->next)
		k++;
	return k;
}

/* Create p[0..n) (absent in the view) with its missing ancestors. */
static int create(struct xs_ctx *c, const char *p, uint32_t n, const char *value,
                  uint32_t vlen, const struct xs_node **made)
{
	struct xs_server *s = c->srv;
	const struct xs_node *anc;
	struct xs_hlink *head;
	struct xs_node *top, *upd, *last = NULL;
	uint64_t bytes;
	uint32_t k, first_len;
	int rc = nearest_ancestor(c, p, n, &anc);

	if (rc)
		return rc == XS_ENOENT ? XS_EINVAL : rc;
	head = build_new(c, anc, p, n, value, vlen, &bytes, &rc);
	if (!head)
		return rc;
	k = count_chain(head);
	top = node_of(head);
	first_len = top->plen - (uint32_t)xs_path_base(top->path, top->plen);
	upd = xs_node_add_child(&s->a, anc, top->path + top->plen - first_len, first_len);
	if (!upd)
		rc = XS_ENOMEM;
	else if (too_big(c, upd))
		rc = XS_ENOSPC;
	else if (!c->priv && (uint64_t)xs_view_owned(c) + k > s->q.nodes)
		rc = XS_ENOSPC;
	else if (xs_view_mem_check(c, top->perms[0].id, (int64_t)bytes) ||
	         xs_view_mem_check(c, anc->perms[0].id,
	                           (int64_t)xs_node_mem_bytes(upd) - xs_node_mem_bytes(anc)))
		rc = XS_ENOMEM;
	if (rc) {
		xs_node_free(&s->a, upd);
		free_chain(s, head);
		return rc;
	}
	xs_perms_mark_dead(s, upd->perms, upd->nperms, anc->generation);
	while (head) {
		struct xs_hlink *next = head->next;

		last = node_of(head);
		xs_view_put(c, last);
		head = next;
	}
	xs_view_put(c, upd);
	*made = last;
	return XS_OK;
}

/* A record replacing old, built from parts, within the asker's quotas. */
static int changed_copy(struct xs_ctx *c, const struct xs_node *old,
                        const struct xs_node_parts *parts, struct xs_node **out)
{
	struct xs_node *rec = xs_node_new(&c->srv->a, parts);
	int64_t delta;
	int rc = XS_OK;

	if (!rec)
		return XS_ENOMEM;
	delta = (int64_t)xs_node_mem_bytes(rec) -
	        (old->perms[0].id == rec->perms[0].id ? xs_node_mem_bytes(old) : 0);
	if (too_big(c, rec))
		rc = XS_ENOSPC;
	else if (xs_view_mem_check(c, rec->perms[0].id, delta))
		rc = XS_ENOMEM;
	if (rc) {
		xs_node_free(&c->srv->a, rec);
		return rc;
	}
	*out = rec;
	return XS_OK;
}

static int set_value(struct xs_ctx *c, const struct xs_node *old, const char *value,
                     uint32_t vlen, const struct xs_node **made)
{
	struct xs_node_parts parts;
	struct xs_node *rec;
	int rc;

	xs_node_parts_of(old, &parts);
	parts.value = value;
	parts.vlen = vlen;
	rc = changed_copy(c, old, &parts, &rec);
	if (rc)
		return rc;
	xs_perms_mark_dead(c->srv, rec->perms, rec->nperms, old->generation);
	xs_view_put(c, rec);
	*made = rec;
	return XS_OK;
}

static void fire(struct xs_ctx *c, const char *p, uint32_t n, const struct xs_node *node,
                 const struct xs_node *old, bool exact)
{
	if (!c->txn)
		xs_watch_fire(c->srv, c->conn, p, n, node, old, exact);
}

int xs_tree_write(struct xs_ctx *c, const char *p, uint32_t n, const char *value,
                  uint32_t vlen)
{
	const struct xs_node *node, *made = NULL;
	int rc = xs_tree_get(c, p, n, XS_PERM_WRITE, &node);

	if (rc == XS_OK && !value)
		return XS_OK;
	if (rc == XS_OK)
		rc = set_value(c, node, value, vlen, &made);
	else if (rc == XS_ENOENT)
		rc = create(c, p, n, value, value ? vlen : 0, &made);
	if (rc)
		return rc;
	fire(c, p, n, made, NULL, false);
	return XS_OK;
}

struct rm_arg {
	uint32_t root_len;
};

static void rm_one(struct xs_ctx *c, const char *p, uint32_t n,
                   const struct xs_node *node, void *arg)
{
	const struct rm_arg *a = arg;

	fire(c, p, n, node, NULL, n != a->root_len);
	xs_view_del(c, p, n);
}

int xs_tree_remove(struct xs_ctx *c, const char *p, uint32_t n)
{
	static const struct xs_walk_ops ops = { .exit = rm_one };
	struct rm_arg arg = { .root_len = n };
	const struct xs_node *parent;
	struct xs_node *upd;
	uint32_t plen = (uint32_t)xs_path_parent_len(p, n), base, at;
	int rc = xs_view_find(c, p, plen, &parent);

	if (rc)
		return lookup_fatal(rc) ? rc : XS_EINVAL;
	base = (uint32_t)xs_path_base(p, n);
	at = xs_node_child_at(parent, p + base, n - base);
	if (at == parent->clen)
		return XS_EIO;
	upd = xs_node_del_child(&c->srv->a, parent, at);
	if (!upd)
		return XS_ENOMEM;
	rc = xs_walk(c, p, n, &ops, &arg);
	if (rc) {
		xs_node_free(&c->srv->a, upd);
		return rc;
	}
	xs_perms_mark_dead(c->srv, upd->perms, upd->nperms, parent->generation);
	xs_view_put(c, upd);
	return XS_OK;
}

int xs_tree_rm(struct xs_ctx *c, const char *p, uint32_t n)
{
	const struct xs_node *node, *parent;
	int rc = xs_tree_get(c, p, n, XS_PERM_WRITE, &node);

	if (rc == XS_ENOENT) {
		return xs_view_find(c, p, xs_path_parent_len(p, n), &parent);
	}
	if (rc)
		return rc;
	if (n == 1)
		return XS_EINVAL;
	return xs_tree_remove(c, p, n);
}

int xs_tree_set_perms(struct xs_ctx *c, const char *p, uint32_t n,
                      const struct xs_perm *perms, uint32_t np)
{
	const struct xs_node *old;
	struct xs_node_parts parts;
	struct xs_node *rec;
	int rc = xs_tree_get(c, p, n, XS_PERM_WRITE | XS_PERM_OWNER, &old);

	if (rc)
		return rc;
	if (!c->priv && perms[0].id != old->perms[0].id)
		return XS_EPERM;
	xs_node_parts_of(old, &parts);
	parts.perms = perms;
	parts.nperms = np;
	rc = changed_copy(c, old, &parts, &rec);
	if (rc)
		return rc;
	/* Fire while the old permissions still exist, judging the new ones at
	   the generation the put will give the record. */
	rec->generation = c->srv->generation;
	fire(c, p, n, rec, old, false);
	xs_view_put(c, rec);
	return XS_OK;
}
