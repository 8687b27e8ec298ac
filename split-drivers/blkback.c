/*
 * blkback's request engine.  For every request the front end published:
 *
 *   1. the ring's indices are checked (ring_back_requests: req_prod within
 *      one ring of the responses produced), else the front end is cut off;
 *   2. the request slot is copied into private memory in one read and only
 *      the copy is used afterwards (no double fetch, XSA-155);
 *   3. the copy is checked (blkif_check: operation, segment count, each
 *      segment's sectors, the range inside the disk, read-only);
 *   4. data moves through the bounce buffer: segment i's sectors sit at
 *      page i, at the same offset as in the front end's page, so no copy
 *      crosses a page.  A write copies every segment in from the grants
 *      first and writes the disk only if all copies succeeded; a read
 *      reads the disk first and copies out; a refused grant (the
 *      hypervisor's check: not the front end's, not granted to us,
 *      read-only for a read) fails the request with BLKIF_RSP_ERROR;
 *   5. the response slot is zeroed whole before id, operation and status
 *      are written (no stale bytes in the padding, XSA-216), and published.
 * One response per request, in the order taken.
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
	b->answered = b->refused = 0;
	b->last_refusal = NULL;
	b->broken = NULL;
}

/* Segment i of rq as a piece of the bounce buffer. */
static struct blkback_seg piece(const struct blkback *b, const struct blkif_request *rq, unsigned i)
{
	const struct blkif_request_segment *s = &rq->seg[i];
	uint16_t off = (uint16_t)(s->first_sect * BLKIF_SECTOR_SIZE);
	return (struct blkback_seg){
		.gref = s->gref, .offset = off,
		.len = (uint16_t)((s->last_sect - s->first_sect + 1) * BLKIF_SECTOR_SIZE),
		.local = b->bounce + i * 4096u + off,
	};
}

/* Move the data of a checked request; 0 or -1. */
static int move(struct blkback *b, const struct blkif_request *rq, const struct blkif_plan *p)
{
	struct blkback_seg segs[BLKIF_MAX_SEGMENTS_PER_REQUEST];
	for (unsigned i = 0; i < p->nr_segments; i++)
		segs[i] = piece(b, rq, i);
	struct blk_store *st = b->store;
	uint64_t sector = p->sector;
	if (p->write) {
		if (b->io.copy(b->io.ctx, segs, p->nr_segments, false))
			return -1;
		for (unsigned i = 0; i < p->nr_segments; i++) {
			uint32_t n = segs[i].len / BLKIF_SECTOR_SIZE;
			if (st->write(st, sector, n, segs[i].local))
				return -1;
			sector += n;
		}
	} else if (p->nr_segments) {
		for (unsigned i = 0; i < p->nr_segments; i++) {
			uint32_t n = segs[i].len / BLKIF_SECTOR_SIZE;
			if (st->read(st, sector, n, segs[i].local))
				return -1;
			sector += n;
		}
		if (b->io.copy(b->io.ctx, segs, p->nr_segments, true))
			return -1;
	}
	return p->flush ? st->flush(st) : 0;
}

static int16_t handle(struct blkback *b, const struct blkif_request *rq)
{
	struct blkif_disk disk = { b->store->sectors, b->store->readonly };
	struct blkif_plan plan;
	const char *why;
	int16_t status = blkif_check(rq, &disk, &plan, &why);
	if (status == BLKIF_RSP_OKAY && move(b, rq, &plan)) {
		status = BLKIF_RSP_ERROR;
		why = "grant copy or disk I/O failed";
	}
	if (status != BLKIF_RSP_OKAY) {
		b->refused++;
		b->last_refusal = why;
	}
	return status;
}

static void respond(struct blkback *b, uint64_t id, uint8_t op, int16_t status)
{
	union blkif_sring_entry *e = &b->sring->ring[ring_slot(b->ring.slots, b->ring.rsp_prod_pvt)];
	__builtin_memset(e, 0, sizeof(*e));
	e->rsp.id = id;
	e->rsp.operation = op;
	e->rsp.status = status;
	b->ring.rsp_prod_pvt++;
	b->answered++;
}

int blkback_serve(struct blkback *b, unsigned budget, bool *notify)
{
	unsigned done = 0;
	if (b->broken)
		return -1;
	for (;;) {
		RING_IDX prod;
		int ready = ring_back_requests(&b->ring, &prod);
		if (ready < 0) {
			b->broken = "req_prod out of range (more than a ring ahead of the responses)";
			return -1;
		}
		for (; ready > 0 && done < budget; ready--, done++) {
			struct blkif_request rq;
			const union blkif_sring_entry *e =
				&b->sring->ring[ring_slot(b->ring.slots, b->ring.req_cons)];
			__builtin_memcpy(&rq, &e->req, sizeof(rq));
			__asm__ volatile("" ::: "memory");      /* only the copy from here on */
			b->ring.req_cons++;
			respond(b, rq.id, rq.operation, handle(b, &rq));
		}
		if (ring_back_push(&b->ring))
			*notify = true;
		if (done >= budget || !ring_back_final_check(&b->ring))
			return (int)done;
	}
}
