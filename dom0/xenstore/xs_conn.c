/*
 * Connections (see xs_conn.h and xs_server.h).  Invariants: in_have is
 * the number of bytes of the current message received, at most 16 plus
 * the length its header announced, and that length is at most
 * XENSTORE_PAYLOAD_MAX; an ignored connection takes no bytes and holds no
 * watch, transaction or output.
 */
#include "xs_conn.h"
#include "xs_domain.h"
#include "xs_ops.h"
#include "xs_out.h"
#include "xs_str.h"
#include "xs_txn.h"
#include "xs_watch.h"

struct xs_conn *xs_conn_new(struct xs_server *s, uint32_t domid,
                            struct xenstore_domain_interface *ring,
                            uint32_t local_port)
{
	struct xs_domain *d = xs_dom_get(s, domid);
	struct xs_conn *c;

	if (!d)
		return NULL;
	c = xs_mem_get(&s->a, sizeof(*c));
	if (!c)
		return NULL;
	memset(c, 0, sizeof(*c));
	c->srv = s;
	c->domid = domid;
	c->priv = xs_domid_priv(domid);
	c->dom = d;
	c->ring = ring;
	c->port = local_port;
	d->nconns++;
	if (s->conns_tail)
		s->conns_tail->next = c;
	else
		s->conns = c;
	s->conns_tail = c;
	return c;
}

void xs_conn_reset(struct xs_conn *c)
{
	xs_watch_clear(c);
	xs_txn_clear(c);
	xs_out_clear(c);
	c->in_have = 0;
}

void xs_conn_free(struct xs_conn *c)
{
	struct xs_server *s = c->srv;
	struct xs_conn **pp = &s->conns, *prev = NULL;

	xs_conn_reset(c);
	while (*pp != c) {
		prev = *pp;
		pp = &(*pp)->next;
	}
	*pp = c->next;
	if (s->conns_tail == c)
		s->conns_tail = prev;
	c->dom->nconns--;
	if (c->dom->conn == c)
		c->dom->conn = NULL;
	xs_mem_put(&s->a, c, sizeof(*c));
}

void xs_conn_ignore(struct xs_conn *c, uint32_t err)
{
	c->ignored = true;
	if (c->ring)
		c->ring->error = err;
	xs_conn_reset(c);
}

bool xs_conn_ignored(const struct xs_conn *c)
{
	return c->ignored;
}

uint32_t xs_conn_want(const struct xs_conn *c)
{
	if (c->ignored || c->nomem_queued)
		return 0;
	if (!c->priv && xs_quota_stalled(&c->srv->q, &c->dom->acct))
		return 0;
	if (c->in_have < XS_HDR_SIZE)
		return XS_HDR_SIZE - c->in_have;
	return XS_HDR_SIZE + c->in_hdr.len - c->in_have;
}

static void serve(struct xs_conn *c)
{
	struct xsd_sockmsg h = c->in_hdr;
	char *payload = (char *)c->in_buf + XS_HDR_SIZE;

	payload[h.len] = 0;
	c->in_have = 0;
	xs_ops_serve(c, &h, payload);
}

size_t xs_conn_feed(struct xs_conn *c, const void *bytes, size_t n)
{
	const uint8_t *b = bytes;
	size_t used = 0;
	uint32_t want;

	while (used < n && (want = xs_conn_want(c))) {
		uint32_t take = want < n - used ? want : (uint32_t)(n - used);
		bool had_hdr = c->in_have >= XS_HDR_SIZE;

		memcpy(c->in_buf + c->in_have, b + used, take);
		c->in_have += take;
		used += take;
		if (!had_hdr && c->in_have == XS_HDR_SIZE) {
			xs_hdr_decode(&c->in_hdr, c->in_buf);
			if (xs_hdr_too_long(&c->in_hdr)) {
				xs_conn_ignore(c, XENSTORE_ERROR_PROTO);
				break;
			}
		}
		if (c->in_have == XS_HDR_SIZE + c->in_hdr.len && c->in_have >= XS_HDR_SIZE)
			serve(c);
	}
	return used;
}

size_t xs_conn_write(struct xs_conn *c, const void *buf, size_t n)
{
	return xs_conn_feed(c, buf, n);
}

size_t xs_conn_read(struct xs_conn *c, void *buf, size_t n)
{
	uint8_t *out = buf;
	size_t done = 0, have;
	const uint8_t *p;

	while (done < n && (have = xs_out_peek(c, &p))) {
		if (have > n - done)
			have = n - done;
		memcpy(out + done, p, have);
		xs_out_taken(c, have);
		done += have;
	}
	return done;
}
