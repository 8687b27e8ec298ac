/*
 * Subtree walks (see xs_walk.h).  Invariant: path holds the node at the
 * current depth and off[d] is how far the child list of the node at depth
 * d has been read; a child list entry naming a node that does not exist is
 * passed over.
 */
#include "xs_path.h"
#include "xs_str.h"
#include "xs_view.h"
#include "xs_walk.h"

#define MAX_DEPTH (XENSTORE_ABS_PATH_MAX / 2 + 2)
#define DONE UINT32_MAX

struct walk {
	struct xs_path path;
	uint32_t off[MAX_DEPTH];
};

static int find(struct xs_ctx *c, struct walk *w, const struct xs_node **node)
{
	int rc = xs_view_find(c, w->path.s, w->path.len, node);

	if (rc == XS_ENOENT) {
		*node = NULL;
		rc = XS_OK;
	}
	return rc;
}

static void pop(struct walk *w)
{
	w->path.len = (uint32_t)xs_path_parent_len(w->path.s, w->path.len);
	w->path.s[w->path.len] = 0;
}

/* Go down to the next child of node; false if there is none to visit. */
static bool push(struct walk *w, uint32_t depth, const struct xs_node *node,
                 uint32_t *namelen)
{
	const char *name = node->children + w->off[depth];
	uint32_t nl = (uint32_t)xs_nul_at(name, node->clen - w->off[depth]);
	uint32_t len = w->path.len;

	w->off[depth] += nl + 1;
	if (depth + 1 >= MAX_DEPTH || len + 1 + nl >= XS_PATH_CAP)
		return false;
	if (len > 1)
		w->path.s[len++] = '/';
	memcpy(w->path.s + len, name, nl);
	w->path.len = len + nl;
	w->path.s[w->path.len] = 0;
	*namelen = nl;
	return true;
}

static int enter(struct xs_ctx *c, struct walk *w, const struct xs_walk_ops *ops,
                 const struct xs_node *node, void *arg)
{
	return ops->enter ? ops->enter(c, w->path.s, w->path.len, node, arg) : XS_WALK_GO;
}

int xs_walk(struct xs_ctx *c, const char *root, uint32_t rlen,
            const struct xs_walk_ops *ops, void *arg)
{
	struct walk *w = xs_mem_get(&c->srv->a, sizeof(*w));
	const struct xs_node *node;
	uint32_t depth = 0, nl;
	int rc, r;

	if (!w)
		return XS_ENOMEM;
	memcpy(w->path.s, root, rlen);
	w->path.s[rlen] = 0;
	w->path.len = rlen;
	w->off[0] = 0;
	rc = find(c, w, &node);
	if (rc || !node)
		goto out;
	r = enter(c, w, ops, node, arg);
	if (r == XS_WALK_REMOVED)
		goto out;
	if (r == XS_WALK_SKIP)
		w->off[0] = DONE;
	for (;;) {
		if ((rc = find(c, w, &node)))
			break;
		if (node && w->off[depth] < node->clen) {
			if (!push(w, depth, node, &nl))
				continue;
			w->off[++depth] = 0;
			if ((rc = find(c, w, &node)))
				break;
			r = node ? enter(c, w, ops, node, arg) : XS_WALK_REMOVED;
			if (r == XS_WALK_SKIP)
				w->off[depth] = DONE;
			if (r == XS_WALK_REMOVED) {
				pop(w);
				depth--;
				if (node)
					w->off[depth] -= nl + 1;
			}
			continue;
		}
		if (node && ops->exit)
			ops->exit(c, w->path.s, w->path.len, node, arg);
		if (!depth)
			break;
		pop(w);
		depth--;
	}
out:
	xs_mem_put(&c->srv->a, w, sizeof(*w));
	return rc;
}
