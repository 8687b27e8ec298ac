/*
 * Output queues (see xs_out.h).  Invariants: a queued message is charged
 * to its connection's domain memory until freed; the domain's
 * acct.outstanding counts its queued replies plus its requests whose
 * events are still queued anywhere; the nomem slot is never freed.
 */
#include "xs_domain.h"
#include "xs_out.h"
#include "xs_str.h"

/* Payloads up to this size fit the reply reserved for every request. */
#define SHORT_REPLY 32u

static size_t msg_alloc_size(uint32_t cap)
{
	return sizeof(struct xs_msg) + cap;
}

static struct xs_msg *msg_new(struct xs_server *s, uint32_t size)
{
	struct xs_msg *m = xs_mem_get(&s->a, msg_alloc_size(size));

	if (m) {
		m->bytes = (uint8_t *)(m + 1);
		m->cap = size;
	}
	return m;
}

bool xs_out_reserve(struct xs_conn *c)
{
	c->reserve = msg_new(c->srv, XS_HDR_SIZE + SHORT_REPLY);
	return c->reserve != NULL;
}

static void enqueue(struct xs_conn *c, struct xs_msg *m)
{
	m->next = NULL;
	if (c->out_tail)
		c->out_tail->next = m;
	else
		c->out_head = m;
	c->out_tail = m;
}

static void fill_hdr(struct xs_msg *m, uint32_t type, uint32_t req_id,
                     uint32_t tx_id, uint32_t len)
{
	struct xsd_sockmsg h = { .type = type, .req_id = req_id, .tx_id = tx_id, .len = len };

	xs_hdr_encode(m->bytes, &h);
}

static void queue_nomem(struct xs_conn *c)
{
	static const char name[] = "ENOMEM";
	struct xs_msg *m = &c->nomem;

	m->bytes = c->nomem_bytes;
	m->cap = sizeof(c->nomem_bytes);
	m->ref = NULL;
	m->event = false;
	m->size = XS_HDR_SIZE + sizeof(name);
	fill_hdr(m, XS_ERROR, c->req->req_id, c->req->tx_id, sizeof(name));
	memcpy(m->bytes + XS_HDR_SIZE, name, sizeof(name));
	c->nomem_queued = true;
	c->dom->acct.outstanding++;
	enqueue(c, m);
}

void xs_out_reply2(struct xs_conn *c, uint32_t type, const void *p1, uint32_t l1,
                   const void *p2, uint32_t l2)
{
	uint32_t len = l1 + l2, size;
	struct xs_msg *m;

	if (len > XENSTORE_PAYLOAD_MAX) {
		xs_out_error(c, XS_E2BIG);
		return;
	}
	size = XS_HDR_SIZE + len;
	if (len <= SHORT_REPLY && c->reserve) {
		m = c->reserve;
		c->reserve = NULL;
	} else if (!(m = msg_new(c->srv, size))) {
		queue_nomem(c);
		return;
	}
	m->ref = NULL;
	m->event = false;
	m->size = size;
	fill_hdr(m, type, c->req->req_id, c->req->tx_id, len);
	if (l1)
		memcpy(m->bytes + XS_HDR_SIZE, p1, l1);
	if (l2)
		memcpy(m->bytes + XS_HDR_SIZE + l1, p2, l2);
	xs_mem_charge(c->srv, c->domid, size, false);
	c->dom->acct.outstanding++;
	enqueue(c, m);
}

void xs_out_reply(struct xs_conn *c, uint32_t type, const void *p, uint32_t len)
{
	xs_out_reply2(c, type, p, len, NULL, 0);
}

void xs_out_ok(struct xs_conn *c, uint32_t type)
{
	xs_out_reply(c, type, "OK", 3);
}

void xs_out_error(struct xs_conn *c, int err)
{
	const char *name = xs_err_name(err);

	xs_out_reply(c, XS_ERROR, name, (uint32_t)xs_strlen(name) + 1);
}

static bool queued_already(const struct xs_conn *c, const uint8_t *payload, uint32_t len)
{
	for (const struct xs_msg *m = c->out_head; m; m = m->next)
		if (m->event && m->size == XS_HDR_SIZE + len &&
		    !memcmp(m->bytes + XS_HDR_SIZE, payload, len))
			return true;
	return false;
}

/* The record that keeps by's current request outstanding, made on the
   first event it causes; NULL if by is privileged or nothing tracks it. */
static struct xs_reqref *request_ref(struct xs_conn *by)
{
	struct xs_reqref *r;

	if (!by || by->priv || !by->in_request)
		return NULL;
	if (by->reqref)
		return by->reqref;
	r = xs_mem_get(&by->srv->a, sizeof(*r));
	if (!r)
		return NULL;
	*r = (struct xs_reqref){
		.domid = by->domid, .dom_generation = by->dom->generation, .refs = 1,
	};
	by->dom->acct.outstanding++;
	by->reqref = r;
	return r;
}

static void ref_drop(struct xs_server *s, struct xs_reqref *r)
{
	struct xs_domain *d;

	if (--r->refs)
		return;
	d = xs_dom_find(s, r->domid);
	if (d && d->generation == r->dom_generation)
		d->acct.outstanding--;
	xs_mem_put(&s->a, r, sizeof(*r));
}

void xs_out_event(struct xs_conn *c, const char *path, uint32_t plen,
                  const char *token, uint32_t tlen, struct xs_conn *by)
{
	uint32_t len = plen + 1 + tlen + 1, size = XS_HDR_SIZE + len;
	struct xs_msg *m;

	if (len > XENSTORE_PAYLOAD_MAX)
		return;
	m = msg_new(c->srv, size);
	if (!m)
		return;
	memcpy(m->bytes + XS_HDR_SIZE, path, plen);
	m->bytes[XS_HDR_SIZE + plen] = 0;
	memcpy(m->bytes + XS_HDR_SIZE + plen + 1, token, tlen);
	m->bytes[size - 1] = 0;
	if ((path[0] != '@' && queued_already(c, m->bytes + XS_HDR_SIZE, len)) ||
	    xs_mem_charge(c->srv, c->domid, size, true)) {
		xs_mem_put(&c->srv->a, m, msg_alloc_size(m->cap));
		return;
	}
	fill_hdr(m, XS_WATCH_EVENT, 0, 0, len);
	m->event = true;
	m->size = size;
	m->ref = request_ref(by);
	if (m->ref)
		m->ref->refs++;
	enqueue(c, m);
}

static void msg_free(struct xs_conn *c, struct xs_msg *m)
{
	struct xs_server *s = c->srv;

	if (m->event) {
		if (m->ref)
			ref_drop(s, m->ref);
	} else {
		c->dom->acct.outstanding--;
	}
	if (m == &c->nomem) {
		c->nomem_queued = false;
		return;
	}
	xs_mem_uncharge(s, c->domid, m->size);
	xs_mem_put(&s->a, m, msg_alloc_size(m->cap));
}

size_t xs_out_peek(const struct xs_conn *c, const uint8_t **p)
{
	if (!c->out_head)
		return 0;
	*p = c->out_head->bytes + c->out_off;
	return c->out_head->size - c->out_off;
}

void xs_out_taken(struct xs_conn *c, size_t n)
{
	struct xs_msg *m = c->out_head;

	c->out_off += (uint32_t)n;
	if (c->out_off < m->size)
		return;
	c->out_off = 0;
	c->out_head = m->next;
	if (!c->out_head)
		c->out_tail = NULL;
	msg_free(c, m);
}

void xs_out_clear(struct xs_conn *c)
{
	while (c->out_head) {
		struct xs_msg *m = c->out_head;

		c->out_head = m->next;
		msg_free(c, m);
	}
	c->out_tail = NULL;
	c->out_off = 0;
}

void xs_out_request_done(struct xs_conn *c)
{
	struct xs_reqref *r = c->reqref;

	if (c->reserve) {
		xs_mem_put(&c->srv->a, c->reserve, msg_alloc_size(c->reserve->cap));
		c->reserve = NULL;
	}
	c->reqref = NULL;
	c->in_request = false;
	if (r)
		ref_drop(c->srv, r);
}
