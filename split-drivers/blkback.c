/*
 * blkback's request engine.  For every request the front end published:
 *
 *   1. the ring's indices are checked (ring_back_requests: req_prod within
 *      one ring of the responses produced), else the front end is cut off;
 *   2. the request slot is copied into private memory in one read and only
 *      the copy is used afterwards (no double fetch, XSA-155);
 *   3. the copy is checked (blkif_check: operation, segment count, each
 *      segment's sectors, the range inside the disk, read-only);
 *   4. it takes a free pending entry (at most BLKBACK_PENDING at the
 *      store; with none free the rest waits on the ring) and its own 11
 *      pages of the bounce buffer: segment i's sectors sit at page i, at
 *      the same offset as in the front end's page, so no piece crosses a
 *      page.  A write copies every segment in from the grants first and
 *      goes to the store only if all copies succeeded; a read goes to the
 *      store first and is copied out when the store has finished it; a
 *      flush (alone, or after a write's data) is one more store operation.
 *      A refused grant (the hypervisor's check: not the front end's, not
 *      granted to us, read-only for a read) fails the request with
 *      BLKIF_RSP_ERROR, as does a store error;
 *   5. the response slot is zeroed whole before id, operation and status
 *      are written (no stale bytes in the padding, XSA-216), when the
 *      request is finished, in the order requests finish, and published
 *      at once (the slot is the front end's again only then: a front end
 *      still writing it cannot tear an answer it was given).
 * One response per request.  The store is kicked once per round for the
 * requests started in it; each publication checks the front end's
 * rsp_event (RING_PUSH_RESPONSES_AND_CHECK_NOTIFY's rule), and the
 * notifications asked for since the last round become one, at its end.
 * Invariant: a pending entry (and so its bounce pages) is reused only
 * after the store's done for it ran; the caller keeps the bounce buffer
 * and the ring until blkback_in_flight is 0.
 * Portable C.
 */
#include "blkback.h"

void blkback_init(struct blkback *b, struct blkif_sring *sring, struct blk_store *store,
		  const struct blkback_io *io, uint8_t *bounce)
{
	ring_back_init(&b->ring, &sring->hdr, BLKIF_RING_SLOTS);
	b->sring = sring;
	b->store = store;
	b->io = *io;
	b->bounce = bounce;
	__builtin_memset(b->req, 0, sizeof(b->req));
	b->in_flight = 0;
	b->notify = false;
	b->answered = b->refused = 0;
	b->last_refusal = NULL;
	b->broken = NULL;
}

static void respond(struct blkback *b, uint64_t id, uint8_t op, int16_t status, const char *why)
{
	union blkif_sring_entry *e = &b->sring->ring[ring_slot(b->ring.slots, b->ring.rsp_prod_pvt)];
	__builtin_memset(e, 0, sizeof(*e));
	e->rsp.id = id;
	e->rsp.operation = op;
	e->rsp.status = status;
	b->ring.rsp_prod_pvt++;
	if (ring_back_push(&b->ring))           /* published at once, as Xen's make_response does */
		b->notify = true;
	b->answered++;
	if (status != BLKIF_RSP_OKAY) {
		b->refused++;
		b->last_refusal = why;
	}
}

/* Answer r and free its entry. */
static void finish(struct blkback_req *r, bool ok)
{
	struct blkback *b = r->b;
	respond(b, r->id, r->operation, ok ? BLKIF_RSP_OKAY : BLKIF_RSP_ERROR,
		ok ? NULL : "grant copy or disk I/O failed");
	r->busy = false;
	b->in_flight--;
}

/* The store finished r's data or its flush. */
static void stored(struct blk_io *io, int status)
{
	struct blkback_req *r = (struct blkback_req *)io;
	struct blkback *b = r->b;
	bool ok = status == 0;
	if (ok && r->read && b->io.copy(b->io.ctx, r->seg, r->nseg, true))
		ok = false;
	if (ok && io->op != BLK_FLUSH && r->flush_after) {
		*io = (struct blk_io){ .op = BLK_FLUSH, .done = stored };
		b->store->submit(b->store, io);
		return;
	}
	finish(r, ok);
}

/* Start a checked request in the free entry r. */
static void start(struct blkback *b, struct blkback_req *r, const struct blkif_request *rq,
		  const struct blkif_plan *p)
{
	uint8_t *pages = b->bounce + (unsigned)(r - b->req) * BLKBACK_REQ_BYTES;
	*r = (struct blkback_req){
		.b = b, .id = rq->id, .operation = rq->operation, .busy = true,
		.read = !p->write && p->nr_segments, .flush_after = p->flush, .nseg = p->nr_segments,
	};
	b->in_flight++;
	struct blk_io *io = &r->io;
	io->op = p->nr_segments == 0 ? BLK_FLUSH : p->write ? BLK_WRITE : BLK_READ;
	io->sector = p->sector;
	io->n = p->nr_segments;
	io->done = stored;
	for (unsigned i = 0; i < p->nr_segments; i++) {
		const struct blkif_request_segment *s = &rq->seg[i];
		uint16_t off = (uint16_t)(s->first_sect * BLKIF_SECTOR_SIZE);
		uint16_t len = (uint16_t)((s->last_sect - s->first_sect + 1) * BLKIF_SECTOR_SIZE);
		r->seg[i] = (struct blkback_seg){ .gref = s->gref, .offset = off, .len = len,
						  .local = pages + i * 4096u + off };
		io->piece[i] = (struct blk_piece){ r->seg[i].local, len };
	}
	if (p->write && b->io.copy(b->io.ctx, r->seg, r->nseg, false))
		return finish(r, false);
	b->store->submit(b->store, io);
}

static struct blkback_req *free_entry(struct blkback *b)
{
	for (unsigned i = 0; i < BLKBACK_PENDING; i++)
		if (!b->req[i].busy)
			return &b->req[i];
	return NULL;
}

/* Take the request at req_cons; true if it went to the store. */
static bool take(struct blkback *b, struct blkback_req *r)
{
	struct blkif_request rq;
	const union blkif_sring_entry *e = &b->sring->ring[ring_slot(b->ring.slots, b->ring.req_cons)];
	__builtin_memcpy(&rq, &e->req, sizeof(rq));
	__asm__ volatile("" ::: "memory");      /* only the copy from here on */
	b->ring.req_cons++;
	struct blkif_disk disk = { b->store->sectors, b->store->readonly };
	struct blkif_plan plan;
	const char *why;
	int16_t status = blkif_check(&rq, &disk, &plan, &why);
	if (status != BLKIF_RSP_OKAY) {
		respond(b, rq.id, rq.operation, status, why);
		return false;
	}
	start(b, r, &rq, &plan);
	return true;
}

int blkback_serve(struct blkback *b, unsigned budget, bool *notify)
{
	unsigned done = 0;
	bool started = false;
	if (b->broken)
		return -1;
	for (;;) {
		RING_IDX prod;
		int ready = ring_back_requests(&b->ring, &prod);
		if (ready < 0) {
			b->broken = "req_prod out of range (more than a ring ahead of the responses)";
			break;
		}
		struct blkback_req *r;
		for (; ready > 0 && done < budget && (r = free_entry(b)); ready--, done++)
			started |= take(b, r);
		if (done >= budget || !free_entry(b) || !ring_back_final_check(&b->ring))
			break;
	}
	if (started)
		b->store->kick(b->store);
	*notify |= b->notify;
	b->notify = false;
	return b->broken ? -1 : (int)done;
}
