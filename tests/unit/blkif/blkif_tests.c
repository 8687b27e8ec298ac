/*
 * Host unit tests of split-drivers/: the shared ring's accounting and
 * notification rules, blkif request checks (one rule per case), blkback's
 * engine against a fake front end (data round trip, responses with zeroed
 * padding, refused grants moving nothing, a broken ring cut off, the
 * per-round budget; against a store that holds its operations: answers in
 * the order the store finishes, a failure amid a batch, the bound on
 * requests at the store and their bounce pages never shared, a flush only
 * after the data, grants revoked while the store holds a read), the vbd
 * xenbus decisions, and the vbd node layout
 * and device numbers Xen's toolstack uses.
 */
#include <stdio.h>
#include <string.h>
#include "blk_fake.h"
#include "unit_check.h"
#include "vbd_nodes.h"
#include "xenbus.h"

static struct fake F;

static void fresh(void)
{
	fake_init(&F, false);
}

/* ---- ring ---- */

static void ring_init_layout(struct unit *u)
{
	struct xen_sring_hdr h;
	memset(&h, 0xAA, sizeof(h));
	struct ring_front f;
	ring_front_init(&f, &h, 32);
	UNIT_CHECK_EQ(u, h.req_prod, 0);
	UNIT_CHECK_EQ(u, h.rsp_prod, 0);
	UNIT_CHECK_EQ(u, h.req_event, 1);
	UNIT_CHECK_EQ(u, h.rsp_event, 1);
	for (unsigned i = 0; i < sizeof(h.pad); i++)
		UNIT_CHECK_EQ(u, h.pad[i], 0);
	UNIT_CHECK_EQ(u, ring_front_free(&f), 32);
}

static void ring_notify_only_past_event(struct unit *u)
{
	struct ring_front *f = &F.front;
	f->req_prod_pvt = 1;
	UNIT_CHECK(u, ring_front_push(f));             /* req_event 1: passed */
	F.sring.hdr.req_event = 5;
	f->req_prod_pvt = 3;
	UNIT_CHECK(u, !ring_front_push(f));            /* 1 -> 3 does not reach 5 */
	f->req_prod_pvt = 5;
	UNIT_CHECK(u, ring_front_push(f));             /* 3 -> 5 passes 5 */
	/* across the 2^32 wrap */
	F.sring.hdr.req_prod = 0xFFFFFFFEu;
	F.sring.hdr.req_event = 0xFFFFFFFFu + 2;        /* = 1 */
	f->req_prod_pvt = 2;
	UNIT_CHECK(u, ring_front_push(f));
}

static void ring_back_refuses_req_prod_too_far(struct unit *u)
{
	RING_IDX prod;
	F.sring.hdr.req_prod = 32;
	UNIT_CHECK_EQ(u, ring_back_requests(&F.bb.ring, &prod), 32);
	F.sring.hdr.req_prod = 33;
	UNIT_CHECK_EQ(u, ring_back_requests(&F.bb.ring, &prod), -1);
	F.sring.hdr.req_prod = 0x80000000u;
	UNIT_CHECK_EQ(u, ring_back_requests(&F.bb.ring, &prod), -1);
}

static void ring_back_refuses_req_prod_moved_back(struct unit *u)
{
	RING_IDX prod;
	F.bb.ring.req_cons = 4;                         /* 4 taken, 2 answered */
	F.bb.ring.rsp_prod_pvt = 2;
	F.sring.hdr.req_prod = 3;
	UNIT_CHECK_EQ(u, ring_back_requests(&F.bb.ring, &prod), -1);
	F.sring.hdr.req_prod = 6;
	UNIT_CHECK_EQ(u, ring_back_requests(&F.bb.ring, &prod), 2);
}

static void ring_front_refuses_rsp_prod_too_far(struct unit *u)
{
	RING_IDX prod;
	F.front.req_prod_pvt = 2;
	F.sring.hdr.rsp_prod = 2;
	UNIT_CHECK_EQ(u, ring_front_responses(&F.front, &prod), 2);
	F.sring.hdr.rsp_prod = 3;                       /* more responses than requests */
	UNIT_CHECK_EQ(u, ring_front_responses(&F.front, &prod), -1);
}

static void ring_final_check_arms_event(struct unit *u)
{
	F.bb.ring.req_cons = F.bb.ring.rsp_prod_pvt = 7;
	F.sring.hdr.req_prod = 7;
	UNIT_CHECK(u, !ring_back_final_check(&F.bb.ring));
	UNIT_CHECK_EQ(u, F.sring.hdr.req_event, 8);
	F.sring.hdr.req_prod = 8;
	UNIT_CHECK(u, ring_back_final_check(&F.bb.ring));
}

/* ---- blkif_check ---- */

static struct blkif_request rq;
static struct blkif_disk disk = { 1000, false };

static int16_t check(void)
{
	struct blkif_plan p;
	const char *why;
	return blkif_check(&rq, &disk, &p, &why);
}

static void rw(uint8_t op, uint64_t sector, unsigned nseg)
{
	memset(&rq, 0, sizeof(rq));
	rq.operation = op;
	rq.sector_number = sector;
	rq.nr_segments = (uint8_t)nseg;
	for (unsigned i = 0; i < nseg && i < BLKIF_MAX_SEGMENTS_PER_REQUEST; i++)
		rq.seg[i].last_sect = 7;
	disk.readonly = false;
}

static void check_operation_offered(struct unit *u)
{
	static const uint8_t no[] = { BLKIF_OP_RESERVED_1, BLKIF_OP_DISCARD, BLKIF_OP_INDIRECT, 7, 200, 255 };
	for (unsigned i = 0; i < sizeof(no); i++) {
		rw(no[i], 0, 1);
		UNIT_CHECK_EQ(u, check(), BLKIF_RSP_EOPNOTSUPP);
	}
	rw(BLKIF_OP_READ, 0, 1);
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_OKAY);
	rw(BLKIF_OP_WRITE, 0, 1);
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_OKAY);
}

static void check_segment_count(struct unit *u)
{
	rw(BLKIF_OP_READ, 0, 12);
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_ERROR);
	rw(BLKIF_OP_WRITE, 0, 255);
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_ERROR);
	rw(BLKIF_OP_READ, 0, 0);
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_ERROR);
	rw(BLKIF_OP_WRITE, 0, 11);
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_OKAY);
	rw(BLKIF_OP_FLUSH_DISKCACHE, 0, 0);
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_OKAY);
	rw(BLKIF_OP_WRITE_BARRIER, 0, 0);
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_OKAY);
}

static void check_segment_sectors(struct unit *u)
{
	rw(BLKIF_OP_READ, 0, 2);
	rq.seg[1].last_sect = 8;
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_ERROR);
	rw(BLKIF_OP_READ, 0, 2);
	rq.seg[1].first_sect = 5;
	rq.seg[1].last_sect = 4;
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_ERROR);
	rw(BLKIF_OP_READ, 0, 1);
	rq.seg[0].first_sect = 255;
	rq.seg[0].last_sect = 255;
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_ERROR);
	rw(BLKIF_OP_READ, 0, 1);
	rq.seg[0].first_sect = 7;
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_OKAY);
	/* entries beyond nr_segments are not looked at */
	rw(BLKIF_OP_READ, 0, 1);
	rq.seg[5].first_sect = 9;
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_OKAY);
}

static void check_range_inside_disk(struct unit *u)
{
	rw(BLKIF_OP_READ, 1000 - 16, 2);                /* ends exactly at the end */
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_OKAY);
	rw(BLKIF_OP_READ, 1000 - 15, 2);
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_ERROR);
	rw(BLKIF_OP_WRITE, 1000, 1);
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_ERROR);
	rw(BLKIF_OP_WRITE, UINT64_MAX - 3, 1);         /* wraps if added naively */
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_ERROR);
	rw(BLKIF_OP_FLUSH_DISKCACHE, UINT64_MAX, 1);
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_ERROR);
	/* A flush without data names no sector: Linux's blkfront sends the
	 * block layer's position of a pure flush, whatever it is, and Linux's
	 * blkback checks the range only when there are sectors. */
	rw(BLKIF_OP_FLUSH_DISKCACHE, UINT64_MAX, 0);
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_OKAY);
	rw(BLKIF_OP_WRITE_BARRIER, 5000, 0);
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_OKAY);
}

static void check_readonly_disk_takes_no_data(struct unit *u)
{
	rw(BLKIF_OP_WRITE, 0, 1);
	disk.readonly = true;
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_ERROR);
	rw(BLKIF_OP_FLUSH_DISKCACHE, 0, 1);
	disk.readonly = true;
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_ERROR);
	rw(BLKIF_OP_WRITE_BARRIER, 0, 1);
	disk.readonly = true;
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_ERROR);
	rw(BLKIF_OP_READ, 0, 1);
	disk.readonly = true;
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_OKAY);
	rw(BLKIF_OP_FLUSH_DISKCACHE, 0, 0);
	disk.readonly = true;
	UNIT_CHECK_EQ(u, check(), BLKIF_RSP_OKAY);
}

/* ---- the engine ---- */

static int serve(unsigned budget)
{
	bool notify = false;
	ring_front_push(&F.front);
	return blkback_serve(&F.bb, budget, &notify);
}

static const struct blkif_response *response(RING_IDX i)
{
	return &F.sring.ring[ring_slot(BLKIF_RING_SLOTS, i)].rsp;
}

static void engine_write_then_read_back(struct unit *u)
{
	for (unsigned g = 0; g < 3; g++)
		for (unsigned b = 0; b < 4096; b++)
			F.pages[g][b] = (uint8_t)(g * 7 + b * 13);
	struct blkif_request *w = fake_queue(&F);      /* 3 + 8 + 2 sectors from sector 10 */
	*w = (struct blkif_request){ .operation = BLKIF_OP_WRITE, .nr_segments = 3, .id = 77, .sector_number = 10 };
	w->seg[0] = (struct blkif_request_segment){ .gref = 0, .first_sect = 5, .last_sect = 7 };
	w->seg[1] = (struct blkif_request_segment){ .gref = 1, .first_sect = 0, .last_sect = 7 };
	w->seg[2] = (struct blkif_request_segment){ .gref = 2, .first_sect = 0, .last_sect = 1 };
	UNIT_CHECK_EQ(u, serve(32), 1);
	UNIT_CHECK_EQ(u, response(0)->status, BLKIF_RSP_OKAY);
	UNIT_CHECK_EQ(u, response(0)->id, 77);
	UNIT_CHECK(u, memcmp(F.disk_mem + 10 * 512, F.pages[0] + 5 * 512, 3 * 512) == 0);
	UNIT_CHECK(u, memcmp(F.disk_mem + 13 * 512, F.pages[1], 4096) == 0);
	UNIT_CHECK(u, memcmp(F.disk_mem + 21 * 512, F.pages[2], 1024) == 0);
	struct blkif_request *r = fake_queue(&F);      /* 13 sectors into one grant + more */
	*r = (struct blkif_request){ .operation = BLKIF_OP_READ, .nr_segments = 2, .id = 78, .sector_number = 10 };
	r->seg[0] = (struct blkif_request_segment){ .gref = 10, .first_sect = 0, .last_sect = 7 };
	r->seg[1] = (struct blkif_request_segment){ .gref = 11, .first_sect = 3, .last_sect = 7 };
	UNIT_CHECK_EQ(u, serve(32), 1);
	UNIT_CHECK_EQ(u, response(1)->status, BLKIF_RSP_OKAY);
	UNIT_CHECK(u, memcmp(F.pages[10], F.disk_mem + 10 * 512, 4096) == 0);
	UNIT_CHECK(u, memcmp(F.pages[11] + 3 * 512, F.disk_mem + 18 * 512, 5 * 512) == 0);
	UNIT_CHECK_EQ(u, F.sring.hdr.rsp_prod, 2);
}

static void engine_response_padding_zeroed(struct unit *u)
{
	memset(&F.sring.ring[0], 0xAA, sizeof(F.sring.ring[0]));
	struct blkif_request *rq0 = fake_queue(&F);
	rq0->operation = 99;
	rq0->nr_segments = 1;
	rq0->id = 0x1122334455667788ull;
	UNIT_CHECK_EQ(u, serve(32), 1);
	const union blkif_sring_entry *e = &F.sring.ring[0];
	UNIT_CHECK_EQ(u, e->rsp.id, 0x1122334455667788ull);
	UNIT_CHECK_EQ(u, e->rsp.operation, 99);
	UNIT_CHECK_EQ(u, e->rsp.status, BLKIF_RSP_EOPNOTSUPP);
	const uint8_t *b = (const uint8_t *)e;
	UNIT_CHECK_EQ(u, b[9], 0);
	for (unsigned i = 12; i < sizeof(*e); i++)
		UNIT_CHECK_EQ(u, b[i], 0);
}

static void engine_bad_grant_writes_nothing(struct unit *u)
{
	F.offered[5] = false;
	struct blkif_request *w = fake_queue(&F);
	*w = (struct blkif_request){ .operation = BLKIF_OP_WRITE, .nr_segments = 2, .id = 1, .sector_number = 0 };
	memset(F.pages[4], 0x55, 4096);
	w->seg[0] = (struct blkif_request_segment){ .gref = 4, .last_sect = 7 };
	w->seg[1] = (struct blkif_request_segment){ .gref = 5, .last_sect = 7 };
	struct blkif_request *w2 = fake_queue(&F);
	*w2 = (struct blkif_request){ .operation = BLKIF_OP_WRITE, .nr_segments = 1, .id = 2, .sector_number = 0 };
	w2->seg[0] = (struct blkif_request_segment){ .gref = 100000, .last_sect = 7 };
	UNIT_CHECK_EQ(u, serve(32), 2);
	UNIT_CHECK_EQ(u, response(0)->status, BLKIF_RSP_ERROR);
	UNIT_CHECK_EQ(u, response(1)->status, BLKIF_RSP_ERROR);
	for (unsigned i = 0; i < 16 * 512; i++)
		UNIT_CHECK_EQ(u, F.disk_mem[i], 0);
	UNIT_CHECK_EQ(u, F.bb.refused, 2);
}

static void engine_read_into_readonly_grant_refused(struct unit *u)
{
	F.readonly[3] = true;
	struct blkif_request *r = fake_queue(&F);
	*r = (struct blkif_request){ .operation = BLKIF_OP_READ, .nr_segments = 1, .id = 9 };
	r->seg[0] = (struct blkif_request_segment){ .gref = 3, .last_sect = 7 };
	UNIT_CHECK_EQ(u, serve(32), 1);
	UNIT_CHECK_EQ(u, response(0)->status, BLKIF_RSP_ERROR);
	UNIT_CHECK_EQ(u, F.bytes_to_front, 0);
}

static void engine_readonly_disk_unchanged(struct unit *u)
{
	fake_init(&F, true);
	struct blkif_request *w = fake_queue(&F);
	memset(F.pages[0], 0x66, 4096);
	*w = (struct blkif_request){ .operation = BLKIF_OP_WRITE, .nr_segments = 1, .id = 3 };
	w->seg[0] = (struct blkif_request_segment){ .gref = 0, .last_sect = 7 };
	UNIT_CHECK_EQ(u, serve(32), 1);
	UNIT_CHECK_EQ(u, response(0)->status, BLKIF_RSP_ERROR);
	UNIT_CHECK_EQ(u, F.bytes_from_front, 0);
	UNIT_CHECK_EQ(u, F.disk_mem[0], 0);
}

static void engine_broken_ring_cut_off(struct unit *u)
{
	F.sring.hdr.req_prod = 1000;                    /* far ahead of anything answered */
	bool notify = false;
	UNIT_CHECK_EQ(u, blkback_serve(&F.bb, 32, &notify), -1);
	UNIT_CHECK(u, F.bb.broken != NULL);
	UNIT_CHECK_EQ(u, F.copies, 0);
	UNIT_CHECK_EQ(u, F.sring.hdr.rsp_prod, 0);
	F.sring.hdr.req_prod = 0;                       /* repenting changes nothing */
	UNIT_CHECK_EQ(u, blkback_serve(&F.bb, 32, &notify), -1);
}

static void engine_budget_bounds_a_round(struct unit *u)
{
	for (unsigned i = 0; i < 32; i++) {
		struct blkif_request *f = fake_queue(&F);
		f->operation = BLKIF_OP_FLUSH_DISKCACHE;
		f->id = i;
	}
	UNIT_CHECK_EQ(u, serve(5), 5);
	UNIT_CHECK_EQ(u, F.sring.hdr.rsp_prod, 5);
	UNIT_CHECK_EQ(u, serve(32), 27);
	UNIT_CHECK_EQ(u, response(31)->id, 31);
	UNIT_CHECK_EQ(u, F.disk.flushes, 32);
}


/* ---- the engine with a store that finishes later ---- */

static void read_req(uint64_t id, uint64_t sector, uint32_t gref)
{
	struct blkif_request *r = fake_queue(&F);
	*r = (struct blkif_request){ .operation = BLKIF_OP_READ, .nr_segments = 1, .id = id, .sector_number = sector };
	r->seg[0] = (struct blkif_request_segment){ .gref = gref, .last_sect = 7 };
}

static void engine_async_answers_as_finished(struct unit *u)
{
	for (unsigned i = 0; i < 24; i++)
		F.disk_mem[i * 512] = (uint8_t)(0x40 + i);
	fake_hold(&F);
	read_req(100, 0, 0);
	read_req(101, 8, 1);
	read_req(102, 16, 2);
	UNIT_CHECK_EQ(u, serve(32), 3);
	UNIT_CHECK_EQ(u, F.nheld, 3);
	UNIT_CHECK_EQ(u, F.kicks, 1);                  /* one kick for the batch */
	UNIT_CHECK_EQ(u, blkback_in_flight(&F.bb), 3);
	UNIT_CHECK_EQ(u, F.sring.hdr.rsp_prod, 0);     /* nothing answered before the store finished */
	UNIT_CHECK_EQ(u, F.bytes_to_front, 0);
	fake_finish(&F, 2, 0);                          /* 102 first, then 100 */
	UNIT_CHECK_EQ(u, F.sring.hdr.rsp_prod, 1);     /* published as soon as written */
	fake_finish(&F, 0, 0);
	UNIT_CHECK_EQ(u, F.sring.hdr.rsp_prod, 2);
	bool notify = false;
	UNIT_CHECK_EQ(u, blkback_serve(&F.bb, 32, &notify), 0);
	UNIT_CHECK(u, notify);                          /* the event asked for between rounds, sent now */
	notify = false;
	UNIT_CHECK_EQ(u, blkback_serve(&F.bb, 32, &notify), 0);
	UNIT_CHECK(u, !notify);                         /* once */
	UNIT_CHECK_EQ(u, response(0)->id, 102);
	UNIT_CHECK_EQ(u, response(1)->id, 100);
	UNIT_CHECK_EQ(u, response(0)->status, BLKIF_RSP_OKAY);
	UNIT_CHECK_EQ(u, F.pages[2][0], 0x40 + 16);
	UNIT_CHECK_EQ(u, F.pages[0][0], 0x40);
	UNIT_CHECK_EQ(u, F.pages[1][0], 0);             /* 101 still at the store: nothing copied */
	fake_finish(&F, 0, 0);
	UNIT_CHECK_EQ(u, serve(32), 0);
	UNIT_CHECK_EQ(u, response(2)->id, 101);
	UNIT_CHECK_EQ(u, F.pages[1][0], 0x40 + 8);
	UNIT_CHECK_EQ(u, blkback_in_flight(&F.bb), 0);
}

static void engine_async_failure_mid_batch(struct unit *u)
{
	fake_hold(&F);
	for (unsigned i = 0; i < 3; i++) {
		memset(F.pages[i], 0x11 * (int)(i + 1), 4096);
		struct blkif_request *w = fake_queue(&F);
		*w = (struct blkif_request){ .operation = BLKIF_OP_WRITE, .nr_segments = 1, .id = 10 + i,
					     .sector_number = 8 * i };
		w->seg[0] = (struct blkif_request_segment){ .gref = i, .last_sect = 7 };
	}
	UNIT_CHECK_EQ(u, serve(32), 3);
	fake_finish(&F, 0, 0);
	fake_finish(&F, 0, -1);                         /* the device fails the middle one */
	fake_finish(&F, 0, 0);
	UNIT_CHECK_EQ(u, serve(32), 0);
	UNIT_CHECK_EQ(u, response(0)->id, 10);
	UNIT_CHECK_EQ(u, response(0)->status, BLKIF_RSP_OKAY);
	UNIT_CHECK_EQ(u, response(1)->id, 11);
	UNIT_CHECK_EQ(u, response(1)->status, BLKIF_RSP_ERROR);
	UNIT_CHECK_EQ(u, response(2)->id, 12);
	UNIT_CHECK_EQ(u, response(2)->status, BLKIF_RSP_OKAY);
	UNIT_CHECK_EQ(u, F.bb.refused, 1);
	UNIT_CHECK_EQ(u, F.disk_mem[0], 0x11);
	UNIT_CHECK_EQ(u, F.disk_mem[8 * 512], 0);       /* the failed write left the disk alone */
	UNIT_CHECK_EQ(u, F.disk_mem[16 * 512], 0x33);
}

/* Does op's memory overlap any other held operation's? */
static bool shares_pages(const struct blk_io *op)
{
	for (unsigned j = 0; j < F.nheld; j++) {
		const struct blk_io *o = F.io[j];
		if (o == op)
			continue;
		for (unsigned a = 0; a < op->n; a++)
			for (unsigned c = 0; c < o->n; c++)
				if (((uintptr_t)op->piece[a].buf & ~4095ul) == ((uintptr_t)o->piece[c].buf & ~4095ul))
					return true;
	}
	return false;
}

static void engine_async_bounded_and_apart(struct unit *u)
{
	fake_hold(&F);
	for (unsigned i = 0; i < BLKIF_RING_SLOTS; i++)
		read_req(i, i % 32, i % 8);
	UNIT_CHECK_EQ(u, serve(BLKIF_RING_SLOTS), BLKBACK_PENDING);   /* the rest waits on the ring */
	UNIT_CHECK_EQ(u, F.nheld, BLKBACK_PENDING);
	UNIT_CHECK_EQ(u, F.bb.ring.req_cons, BLKBACK_PENDING);
	for (unsigned j = 0; j < F.nheld; j++)
		UNIT_CHECK(u, !shares_pages(F.io[j]));
	UNIT_CHECK_EQ(u, serve(BLKIF_RING_SLOTS), 0);                 /* still full: nothing taken */
	fake_finish(&F, 5, 0);
	fake_finish(&F, 0, 0);
	UNIT_CHECK_EQ(u, serve(BLKIF_RING_SLOTS), 2);                 /* two entries free: two taken */
	UNIT_CHECK_EQ(u, F.nheld, BLKBACK_PENDING);
	for (unsigned j = 0; j < F.nheld; j++)
		UNIT_CHECK(u, !shares_pages(F.io[j]));
	while (F.nheld)
		fake_finish(&F, F.nheld - 1, 0);
	UNIT_CHECK_EQ(u, serve(BLKIF_RING_SLOTS), BLKIF_RING_SLOTS - BLKBACK_PENDING - 2);
	while (F.nheld)
		fake_finish(&F, 0, 0);
	UNIT_CHECK_EQ(u, serve(BLKIF_RING_SLOTS), 0);
	UNIT_CHECK_EQ(u, F.sring.hdr.rsp_prod, BLKIF_RING_SLOTS);
	UNIT_CHECK_EQ(u, F.bb.refused, 0);
}

static void engine_async_flush_after_data(struct unit *u)
{
	fake_hold(&F);
	memset(F.pages[3], 0x77, 4096);
	struct blkif_request *w = fake_queue(&F);
	*w = (struct blkif_request){ .operation = BLKIF_OP_WRITE_BARRIER, .nr_segments = 1, .id = 5, .sector_number = 40 };
	w->seg[0] = (struct blkif_request_segment){ .gref = 3, .last_sect = 7 };
	UNIT_CHECK_EQ(u, serve(32), 1);
	UNIT_CHECK_EQ(u, F.nheld, 1);
	UNIT_CHECK_EQ(u, F.io[0]->op, BLK_WRITE);
	fake_finish(&F, 0, 0);
	UNIT_CHECK_EQ(u, F.nheld, 1);                   /* now the flush, not yet an answer */
	UNIT_CHECK_EQ(u, F.io[0]->op, BLK_FLUSH);
	UNIT_CHECK_EQ(u, F.disk.flushes, 0);
	UNIT_CHECK_EQ(u, serve(32), 0);
	UNIT_CHECK_EQ(u, F.sring.hdr.rsp_prod, 0);
	fake_finish(&F, 0, 0);
	UNIT_CHECK_EQ(u, serve(32), 0);
	UNIT_CHECK_EQ(u, F.sring.hdr.rsp_prod, 1);
	UNIT_CHECK_EQ(u, response(0)->status, BLKIF_RSP_OKAY);
	UNIT_CHECK_EQ(u, F.disk.flushes, 1);
	UNIT_CHECK_EQ(u, F.disk_mem[40 * 512], 0x77);
}

/* The front end revokes its grants (it is going away) while the store
 * holds its reads: the engine keeps the requests (and their pages) until
 * the store is done, then copies nothing to the front end and answers
 * ERROR. */
static void engine_async_front_gone_in_flight(struct unit *u)
{
	fake_hold(&F);
	read_req(1, 0, 6);
	read_req(2, 8, 7);
	UNIT_CHECK_EQ(u, serve(32), 2);
	F.offered[6] = F.offered[7] = false;
	UNIT_CHECK_EQ(u, blkback_in_flight(&F.bb), 2);
	fake_finish(&F, 1, 0);
	UNIT_CHECK_EQ(u, blkback_in_flight(&F.bb), 1);
	UNIT_CHECK(u, F.bb.req[0].busy || F.bb.req[1].busy);   /* the held one keeps its entry */
	fake_finish(&F, 0, 0);
	UNIT_CHECK_EQ(u, blkback_in_flight(&F.bb), 0);
	UNIT_CHECK_EQ(u, serve(32), 0);
	UNIT_CHECK_EQ(u, response(0)->status, BLKIF_RSP_ERROR);
	UNIT_CHECK_EQ(u, response(1)->status, BLKIF_RSP_ERROR);
	UNIT_CHECK_EQ(u, F.bytes_to_front, 0);
}

/* ---- xenbus ---- */

static void xenbus_back_decisions(struct unit *u)
{
	UNIT_CHECK_EQ(u, vbd_back_next(XenbusStateInitialising, XenbusStateInitialising), VBD_INIT_WAIT);
	UNIT_CHECK_EQ(u, vbd_back_next(XenbusStateInitWait, XenbusStateInitialising), VBD_WAIT);
	UNIT_CHECK_EQ(u, vbd_back_next(XenbusStateInitWait, XenbusStateInitialised), VBD_CONNECT);
	UNIT_CHECK_EQ(u, vbd_back_next(XenbusStateInitWait, XenbusStateConnected), VBD_CONNECT);
	UNIT_CHECK_EQ(u, vbd_back_next(XenbusStateConnected, XenbusStateConnected), VBD_WAIT);
	UNIT_CHECK_EQ(u, vbd_back_next(XenbusStateConnected, XenbusStateClosing), VBD_CLOSING);
	UNIT_CHECK_EQ(u, vbd_back_next(XenbusStateClosing, XenbusStateClosing), VBD_WAIT);
	UNIT_CHECK_EQ(u, vbd_back_next(XenbusStateClosing, XenbusStateConnected), VBD_WAIT);
	UNIT_CHECK_EQ(u, vbd_back_next(XenbusStateClosing, XenbusStateClosed), VBD_CLOSED);
	UNIT_CHECK_EQ(u, vbd_back_next(XenbusStateConnected, XenbusStateClosed), VBD_CLOSED);
	UNIT_CHECK_EQ(u, vbd_back_next(XenbusStateConnected, XenbusStateUnknown), VBD_CLOSED);
	UNIT_CHECK_EQ(u, vbd_back_next(XenbusStateClosed, XenbusStateClosed), VBD_WAIT);
	UNIT_CHECK_EQ(u, vbd_back_next(XenbusStateClosed, XenbusStateInitialising), VBD_REWAIT);
	enum xenbus_state s;
	UNIT_CHECK(u, xenbus_parse_state("4", &s) && s == XenbusStateConnected);
	UNIT_CHECK(u, !xenbus_parse_state("9", &s));
	UNIT_CHECK(u, !xenbus_parse_state("44", &s));
	UNIT_CHECK(u, !xenbus_parse_state("", &s));
	UNIT_CHECK(u, !xenbus_parse_state("-1", &s));
	uint64_t v;
	UNIT_CHECK(u, xenbus_parse_u("51712", UINT32_MAX, &v) && v == 51712);
	UNIT_CHECK(u, xenbus_parse_u("18446744073709551615", UINT64_MAX, &v) && v == UINT64_MAX);
	UNIT_CHECK(u, !xenbus_parse_u("18446744073709551616", UINT64_MAX, &v));
	UNIT_CHECK(u, !xenbus_parse_u("4294967296", UINT32_MAX, &v));
	UNIT_CHECK(u, !xenbus_parse_u("", UINT64_MAX, &v));
	UNIT_CHECK(u, !xenbus_parse_u("12a", UINT64_MAX, &v));
	UNIT_CHECK(u, !xenbus_parse_u("-1", UINT64_MAX, &v));
	UNIT_CHECK(u, !xenbus_parse_u(" 1", UINT64_MAX, &v));
}

/* ---- node layout ---- */

static void vbd_device_numbers(struct unit *u)
{
	UNIT_CHECK_EQ(u, vbd_devid("xvda"), 51712);
	UNIT_CHECK_EQ(u, vbd_devid("xvdb"), 51728);
	UNIT_CHECK_EQ(u, vbd_devid("xvdp"), (202 << 8) | (15 << 4));
	UNIT_CHECK_EQ(u, vbd_devid("xvdq"), (1 << 28) | (16 << 8));
	UNIT_CHECK_EQ(u, vbd_devid("xvdaa"), (1 << 28) | (26 << 8));
	UNIT_CHECK_EQ(u, vbd_devid("hda"), 3 << 8);
	UNIT_CHECK_EQ(u, vbd_devid("hdb"), (3 << 8) | 64);
	UNIT_CHECK_EQ(u, vbd_devid("hdc"), 22 << 8);
	UNIT_CHECK_EQ(u, vbd_devid("hdd"), (22 << 8) | 64);
	UNIT_CHECK_EQ(u, vbd_devid("hde"), -1);
	UNIT_CHECK_EQ(u, vbd_devid("sda"), 8 << 8);
	UNIT_CHECK_EQ(u, vbd_devid("sdp"), (8 << 8) | (15 << 4));
	UNIT_CHECK_EQ(u, vbd_devid("sdq"), -1);
	UNIT_CHECK_EQ(u, vbd_devid("xvd"), -1);
	UNIT_CHECK_EQ(u, vbd_devid("xvdA"), -1);
	UNIT_CHECK_EQ(u, vbd_devid("xvdaaaa"), -1);
	UNIT_CHECK_EQ(u, vbd_devid("vda"), -1);
}

static void vbd_toolstack_layout(struct unit *u)
{
	struct vbd_node n[VBD_TOOLSTACK_NODES];
	struct vbd_desc d = { .frontend = 3, .backend = 1, .target = "xvdb", .params = "/img/b.img", .readonly = true };
	UNIT_CHECK_EQ(u, vbd_toolstack_nodes(&d, n, VBD_TOOLSTACK_NODES), VBD_TOOLSTACK_NODES);
	static const char *want[][3] = {
		{ "f", "backend", "/local/domain/1/backend/vbd/3/51728" }, { "f", "backend-id", "1" },
		{ "f", "state", "1" }, { "f", "virtual-device", "51728" }, { "f", "device-type", "disk" },
		{ "f", "trusted", "1" },
		{ "b", "frontend", "/local/domain/3/device/vbd/51728" }, { "b", "frontend-id", "3" },
		{ "b", "online", "1" }, { "b", "state", "1" }, { "b", "params", "/img/b.img" }, { "b", "mode", "r" },
		{ "b", "device-type", "disk" }, { "b", "removable", "0" }, { "b", "bootable", "1" },
		{ "b", "dev", "xvdb" }, { "b", "type", "phy" },
	};
	for (unsigned i = 0; i < VBD_TOOLSTACK_NODES; i++) {
		UNIT_CHECK_EQ(u, n[i].backend, want[i][0][0] == 'b');
		UNIT_CHECK(u, strcmp(n[i].key, want[i][1]) == 0);
		UNIT_CHECK(u, strcmp(n[i].value, want[i][2]) == 0);
	}
	d.readonly = false;
	vbd_toolstack_nodes(&d, n, VBD_TOOLSTACK_NODES);
	UNIT_CHECK(u, strcmp(n[11].value, "w") == 0);
	d.target = "vdz";
	UNIT_CHECK_EQ(u, vbd_toolstack_nodes(&d, n, VBD_TOOLSTACK_NODES), 0);
	UNIT_CHECK_EQ(u, vbd_toolstack_nodes(&d, n, 3), 0);
	char big[VBD_VALUE_MAX + 10];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	d.target = "xvda";
	d.params = big;
	UNIT_CHECK_EQ(u, vbd_toolstack_nodes(&d, n, VBD_TOOLSTACK_NODES), 0);
}

/* The back end's reading of dom0's pci-device node: one exact shape. */
static void vbd_pci_device_parsed_strictly(struct unit *u)
{
	uint16_t bdf = 0;
	UNIT_CHECK(u, vbd_parse_pci("0000:00:10.0", &bdf));
	UNIT_CHECK_EQ(u, bdf, 0x80);
	UNIT_CHECK(u, vbd_parse_pci("0000:02:1F.7", &bdf));
	UNIT_CHECK_EQ(u, bdf, 0x2FF);
	static const char *bad[] = { "", "0000:00:10", "0000:00:10.0 ", "0001:00:10.0", "0000:00:20.0",
				     "0000:00:10.8", "000:00:10.0", "0000-00:10.0", "0000:00:1g.0", "0000:00:10.0\n" };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		bdf = 0x1234;
		UNIT_CHECK(u, !vbd_parse_pci(bad[i], &bdf));
		UNIT_CHECK_EQ(u, bdf, 0x1234);
	}
}

int main(void)
{
	static const struct unit_case cases[] = {
		{ "blkif/ring-init-layout", ring_init_layout },
		{ "blkif/ring-notify-only-past-event", ring_notify_only_past_event },
		{ "blkif/ring-back-refuses-req-prod-too-far", ring_back_refuses_req_prod_too_far },
		{ "blkif/ring-back-refuses-req-prod-moved-back", ring_back_refuses_req_prod_moved_back },
		{ "blkif/ring-front-refuses-rsp-prod-too-far", ring_front_refuses_rsp_prod_too_far },
		{ "blkif/ring-final-check-arms-event", ring_final_check_arms_event },
		{ "blkif/check-operation-offered", check_operation_offered },
		{ "blkif/check-segment-count", check_segment_count },
		{ "blkif/check-segment-sectors", check_segment_sectors },
		{ "blkif/check-range-inside-disk", check_range_inside_disk },
		{ "blkif/check-readonly-disk-takes-no-data", check_readonly_disk_takes_no_data },
		{ "blkif/engine-write-then-read-back", engine_write_then_read_back },
		{ "blkif/engine-response-padding-zeroed", engine_response_padding_zeroed },
		{ "blkif/engine-bad-grant-writes-nothing", engine_bad_grant_writes_nothing },
		{ "blkif/engine-read-into-readonly-grant-refused", engine_read_into_readonly_grant_refused },
		{ "blkif/engine-readonly-disk-unchanged", engine_readonly_disk_unchanged },
		{ "blkif/engine-broken-ring-cut-off", engine_broken_ring_cut_off },
		{ "blkif/engine-budget-bounds-a-round", engine_budget_bounds_a_round },
		{ "blkif/engine-async-answers-as-finished", engine_async_answers_as_finished },
		{ "blkif/engine-async-failure-mid-batch", engine_async_failure_mid_batch },
		{ "blkif/engine-async-bounded-and-apart", engine_async_bounded_and_apart },
		{ "blkif/engine-async-flush-after-data", engine_async_flush_after_data },
		{ "blkif/engine-async-front-gone-in-flight", engine_async_front_gone_in_flight },
		{ "blkif/xenbus-back-decisions", xenbus_back_decisions },
		{ "blkif/vbd-device-numbers", vbd_device_numbers },
		{ "blkif/vbd-toolstack-layout", vbd_toolstack_layout },
		{ "blkif/vbd-pci-device-parsed-strictly", vbd_pci_device_parsed_strictly },
	};
	return unit_run(cases, sizeof(cases) / sizeof(cases[0]), fresh, NULL) ? 1 : 0;
}
