/*
 * The server object (see xs_server.h): creation with xenstored's initial
 * tree, teardown, and serving rings on events.  Invariant: after
 * xs_server_free every allocation the library made has been returned.
 */
#include "xs_conn.h"
#include "xs_domain.h"
#include "xs_out.h"
#include "xs_store.h"
#include "xs_str.h"

static const struct xs_perm dom0_only = { .id = 0, .bits = XS_PERM_NONE };

static struct xs_node *make(struct xs_server *s, const char *path, const char *child)
{
	struct xs_node_parts p = {
		.path = path, .plen = (uint32_t)xs_strlen(path), .perms = &dom0_only,
		.nperms = 1, .children = child,
		.clen = child ? (uint32_t)xs_strlen(child) + 1 : 0,
	};

	return xs_node_new(&s->a, &p);
}

static bool initial_tree(struct xs_server *s)
{
	struct xs_node *n[3] = { make(s, "/", "tool"), make(s, "/tool", "xenstored"),
	                         make(s, "/tool/xenstored", NULL) };
	bool ok = n[0] && n[1] && n[2];

	for (int i = 0; i < 3; i++) {
		if (ok)
			xs_store_put(s, n[i]);
		else
			xs_node_free(&s->a, n[i]);
	}
	return ok;
}

static bool special_nodes(struct xs_server *s)
{
	s->special[XS_SPECIAL_INTRODUCE] = make(s, "@introduceDomain", NULL);
	s->special[XS_SPECIAL_RELEASE] = make(s, "@releaseDomain", NULL);
	return s->special[0] && s->special[1];
}

struct xs_server *xs_server_new(const struct xs_alloc *a, const struct xs_hooks *h)
{
	struct xs_server *s = xs_mem_get(a, sizeof(*s));
	struct xs_domain *dom0;

	if (!s)
		return NULL;
	memset(s, 0, sizeof(*s));
	s->a = *a;
	if (h)
		s->h = *h;
	xs_quota_defaults(&s->q);
	if (!xs_hmap_init(&s->nodes, &s->a)) {
		xs_mem_put(a, s, sizeof(*s));
		return NULL;
	}
	dom0 = xs_dom_get(s, 0);
	if (!dom0 || !special_nodes(s) || !initial_tree(s)) {
		xs_server_free(s);
		return NULL;
	}
	dom0->introduced = true;
	return s;
}

void xs_server_free(struct xs_server *s)
{
	if (!s)
		return;
	for (struct xs_domain *d = s->domains; d; d = d->next) {
		if (!d->conn)
			continue;
		if (d->conn->port && s->h.unbind)
			s->h.unbind(s->h.ctx, d->conn->port);
		if (s->h.unmap_ring)
			s->h.unmap_ring(s->h.ctx, d->domid, d->conn->ring);
	}
	while (s->conns)
		xs_conn_free(s->conns);
	while (s->domains)
		xs_dom_drop(s, s->domains);
	if (s->nodes.b) {
		xs_store_clear(s);
		xs_hmap_fini(&s->nodes);
	}
	xs_node_free(&s->a, s->special[0]);
	xs_node_free(&s->a, s->special[1]);
	xs_mem_put(&s->a, s, sizeof(*s));
}

struct xs_quota *xs_server_quota(struct xs_server *s)
{
	return &s->q;
}

/* Passes over all rings before poll returns with work possibly left. */
#define POLL_PASSES 64

bool xs_server_poll(struct xs_server *s)
{
	for (int pass = 0; pass < POLL_PASSES; pass++) {
		bool moved = false;

		for (struct xs_conn *c = s->conns; c; c = c->next)
			moved |= xs_conn_process(c);
		if (!moved)
			return false;
	}
	return true;
}

bool xs_server_event(struct xs_server *s, uint32_t local_port)
{
	for (struct xs_conn *c = s->conns; c; c = c->next)
		if (c->ring && c->port == local_port)
			xs_conn_process(c);
	return xs_server_poll(s);
}
