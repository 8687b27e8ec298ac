/*
 * Domain lifecycle (see xs_intro.h).  Invariants: a domain is introduced
 * exactly when it has a ring connection that the library mapped and bound;
 * releasing undoes both through the hooks; after a domain is forgotten no
 * node is owned by it.
 */
#include "xs_conn.h"
#include "xs_domain.h"
#include "xs_intro.h"
#include "xs_tree.h"
#include "xs_walk.h"
#include "xs_watch.h"

/* xenstored's domain_conn_reset: drop what the connection holds and start
   both streams at 0.  (A connection once ignored stays ignored.) */
static void reset_ring(struct xs_conn *c)
{
	xs_conn_reset(c);
	c->ring->req_cons = c->ring->req_prod = 0;
	c->ring->rsp_cons = c->ring->rsp_prod = 0;
}

static int bind_port(struct xs_server *s, uint32_t domid, uint32_t port, uint32_t *local)
{
	*local = 0;
	return s->h.bind ? s->h.bind(s->h.ctx, domid, port, local) : XS_OK;
}

int xs_introduce(struct xs_server *s, uint32_t domid, uint64_t mfn, uint32_t port)
{
	struct xenstore_domain_interface *ring;
	struct xs_domain *d;
	uint32_t local;
	int rc;

	if (xs_domid_priv(domid) || domid >= XS_DOMID_SELF || !port)
		return XS_EINVAL;
	d = xs_dom_get(s, domid);
	if (!d)
		return XS_ENOMEM;
	if (d->introduced) {
		if (d->conn->port && s->h.unbind)
			s->h.unbind(s->h.ctx, d->conn->port);
		if (bind_port(s, domid, port, &local))
			local = 0;
		d->conn->port = local;
		reset_ring(d->conn);
		return XS_OK;
	}
	ring = s->h.map_ring ? s->h.map_ring(s->h.ctx, domid, mfn) : NULL;
	if (!ring)
		return XS_EINVAL;
	rc = bind_port(s, domid, port, &local);
	if (!rc && !(d->conn = xs_conn_new(s, domid, ring, local))) {
		rc = XS_ENOMEM;
		if (local && s->h.unbind)
			s->h.unbind(s->h.ctx, local);
	}
	if (rc) {
		if (s->h.unmap_ring)
			s->h.unmap_ring(s->h.ctx, domid, ring);
		return rc;
	}
	d->introduced = true;
	d->shutdown = false;
	reset_ring(d->conn);
	ring->connection = XENSTORE_CONNECTED;
	if (s->h.notify && local)
		s->h.notify(s->h.ctx, local);
	xs_watch_fire_special(s, XS_SPECIAL_INTRODUCE);
	return XS_OK;
}

static int remove_owned(struct xs_ctx *c, const char *p, uint32_t n,
                        const struct xs_node *node, void *arg)
{
	const uint32_t *domid = arg;

	if (node->perms[0].id != *domid)
		return XS_WALK_GO;
	return xs_tree_remove(c, p, n) ? XS_WALK_SKIP : XS_WALK_REMOVED;
}

static void reset_special(struct xs_server *s, uint32_t domid)
{
	for (int i = 0; i < 2; i++) {
		struct xs_node *sp = s->special[i];

		if (sp->perms[0].id == domid) {
			sp->perms[0].id = 0;
			sp->perms[0].bits = XS_PERM_NONE;
		}
	}
}

/* Remove every node domid owns and forget it (unless a connection still
   speaks for it). */
static void forget(struct xs_server *s, struct xs_domain *d)
{
	static const struct xs_walk_ops ops = { .enter = remove_owned };
	struct xs_ctx c = { .srv = s, .domid = 0, .priv = true, .target = XS_NO_TARGET };
	uint32_t domid = d->domid;

	if (d->acct.nodes)
		xs_walk(&c, "/", 1, &ops, &domid);
	reset_special(s, domid);
	for (struct xs_domain *t = s->domains; t; t = t->next)
		if (t->target == domid)
			t->target = XS_NO_TARGET;
	if (!d->nconns && !d->introduced && !d->acct.nodes)
		xs_dom_drop(s, d);
}

static void close_ring(struct xs_server *s, struct xs_domain *d)
{
	struct xs_conn *c = d->conn;
	struct xenstore_domain_interface *ring = c->ring;
	uint32_t port = c->port;

	xs_watch_clear(c);
	xs_conn_free(c);
	if (port && s->h.unbind)
		s->h.unbind(s->h.ctx, port);
	if (s->h.unmap_ring)
		s->h.unmap_ring(s->h.ctx, d->domid, ring);
	d->introduced = false;
	d->conn = NULL;
}

int xs_release(struct xs_server *s, uint32_t domid)
{
	struct xs_domain *d;

	if (xs_domid_priv(domid))
		return XS_EINVAL;
	d = xs_dom_find(s, domid);
	if (!d || !d->introduced)
		return XS_ENOENT;
	close_ring(s, d);
	forget(s, d);
	xs_watch_fire_special(s, XS_SPECIAL_RELEASE);
	return XS_OK;
}

void xs_domain_shutdown(struct xs_server *s, uint32_t domid)
{
	struct xs_domain *d = xs_dom_find(s, domid);

	if (!d || !d->introduced || d->shutdown)
		return;
	d->shutdown = true;
	xs_watch_fire_special(s, XS_SPECIAL_RELEASE);
}

void xs_domain_gone(struct xs_server *s, uint32_t domid)
{
	struct xs_domain *d = xs_dom_find(s, domid);

	if (!d || xs_domid_priv(domid))
		return;
	if (d->introduced) {
		xs_release(s, domid);
		return;
	}
	forget(s, d);
}

bool xs_domain_introduced(const struct xs_server *s, uint32_t domid)
{
	const struct xs_domain *d = xs_dom_find(s, domid);

	return d && d->introduced;
}

/* xenstored's find_connected_domain. */
static int connected(struct xs_server *s, uint32_t domid, struct xs_domain **out)
{
	struct xs_domain *d = xs_dom_find(s, domid);

	if (!d || !d->introduced)
		return XS_ENOENT;
	*out = d;
	return XS_OK;
}

int xs_intro_resume(struct xs_server *s, uint32_t domid)
{
	struct xs_domain *d;
	int rc;

	if (xs_domid_priv(domid))
		return XS_EINVAL;
	rc = connected(s, domid, &d);
	if (!rc)
		d->shutdown = false;
	return rc;
}

int xs_intro_set_target(struct xs_server *s, uint32_t domid, uint32_t target)
{
	struct xs_domain *d, *t;
	int rc = connected(s, domid, &d);

	if (!rc)
		rc = connected(s, target, &t);
	if (!rc)
		d->target = target;
	return rc;
}
