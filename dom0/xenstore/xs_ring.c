/*
 * Serving a domain's xenstore_domain_interface page (xs_conn_process).
 *
 * The guest writes the page at any time, so each pass reads the two
 * indices of a ring exactly once into locals, checks them (the producer
 * may be at most one ring ahead of the consumer: anything else is a bad
 * index and the connection is ignored with XENSTORE_ERROR_RINGIDX, as
 * xenstored does), and uses only the locals.  Data is copied out of (or
 * into) the page before the index that hands it over moves, with a full
 * barrier in between, and each copy stays within one wrap of the ring.
 * Requests are taken only as far as the connection wants them (a stalled
 * connection leaves the guest's bytes in its ring).
 */
#include "xs_conn.h"
#include "xs_out.h"
#include "xs_str.h"

static uint32_t read_idx(const XENSTORE_RING_IDX *p)
{
	return *(const volatile XENSTORE_RING_IDX *)p;
}

static void write_idx(XENSTORE_RING_IDX *p, uint32_t v)
{
	*(volatile XENSTORE_RING_IDX *)p = v;
}

static uint32_t min3(uint32_t a, uint32_t b, uint32_t c)
{
	uint32_t m = a < b ? a : b;

	return m < c ? m : c;
}

/* Read one ring's indices once; false (and the connection ignored) if the
   producer is more than a ring ahead of the consumer. */
static bool indices(struct xs_conn *c, const XENSTORE_RING_IDX *cons_p,
                    const XENSTORE_RING_IDX *prod_p, uint32_t *cons, uint32_t *prod)
{
	*cons = read_idx(cons_p);
	*prod = read_idx(prod_p);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (*prod - *cons > XENSTORE_RING_SIZE) {
		xs_conn_ignore(c, XENSTORE_ERROR_RINGIDX);
		return false;
	}
	return true;
}

/* Take request bytes; false when nothing moved. */
static bool take_requests(struct xs_conn *c)
{
	struct xenstore_domain_interface *r = c->ring;
	uint32_t want = xs_conn_want(c), cons, prod, n;

	if (!want || !indices(c, &r->req_cons, &r->req_prod, &cons, &prod))
		return false;
	n = min3(prod - cons, XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(cons), want);
	if (!n)
		return false;
	xs_conn_feed(c, r->req + MASK_XENSTORE_IDX(cons), n);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	write_idx(&r->req_cons, cons + n);
	return true;
}

/* Hand out reply and event bytes; false when nothing moved. */
static bool give_responses(struct xs_conn *c)
{
	struct xenstore_domain_interface *r = c->ring;
	const uint8_t *p;
	uint32_t have = (uint32_t)xs_out_peek(c, &p), cons, prod, n;

	if (!have || !indices(c, &r->rsp_cons, &r->rsp_prod, &cons, &prod))
		return false;
	n = min3(XENSTORE_RING_SIZE - (prod - cons),
	         XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(prod), have);
	if (!n)
		return false;
	memcpy(r->rsp + MASK_XENSTORE_IDX(prod), p, n);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	write_idx(&r->rsp_prod, prod + n);
	xs_out_taken(c, n);
	return true;
}

/* Steps one call takes at most, so that a guest refilling its ring as fast
   as it is read cannot hold the server on its connection alone. */
#define MAX_STEPS 256

bool xs_conn_process(struct xs_conn *c)
{
	bool moved = false, step;
	int steps = 0;

	if (!c->ring || c->ignored)
		return false;
	do {
		step = take_requests(c);
		step |= give_responses(c);
		moved |= step;
	} while (step && !c->ignored && ++steps < MAX_STEPS);
	if (moved && c->port && c->srv->h.notify)
		c->srv->h.notify(c->srv->h.ctx, c->port);
	return moved;
}
