/*
 * The attacker's ring access (raw.h): the slot written as the caller
 * made it, the index published by the ring rules, and responses taken one
 * by one with the back end's statuses counted.  Deliberately unchecked on
 * the request side: the back end is the one under test.
 */
#include "raw.h"
#include "test.h"
#include "xs_client.h"

void raw_post(struct blkfront *f, const struct blkif_request *rq, bool quiet)
{
	struct blkif_request *slot = &f->sring->ring[ring_slot(f->ring.slots, f->ring.req_prod_pvt)].req;
	memcpy(slot, rq, sizeof(*rq));
	f->ring.req_prod_pvt++;
	ring_front_push(&f->ring);
	if (!quiet)
		evtchn_send(f->port);
}

static bool take(struct blkfront *f, struct blkif_response *r, bool *broken)
{
	RING_IDX prod;
	int n = ring_front_responses(&f->ring, &prod);
	*broken = n < 0;
	if (n <= 0)
		return false;
	memcpy(r, &f->sring->ring[ring_slot(f->ring.slots, f->ring.rsp_cons)].rsp, sizeof(*r));
	f->ring.rsp_cons++;
	return true;
}

static void nap(struct blkfront *f, uint64_t deadline)
{
	uint64_t slice = system_time_ns() + 20000000ull;
	evtchn_poll(&f->port, 1, slice < deadline ? slice : deadline);
	events_clear(f->port);
}

int raw_wait(struct blkfront *f, uint64_t id, uint64_t timeout_ns)
{
	uint64_t deadline = system_time_ns() + timeout_ns;
	for (;;) {
		struct blkif_response r;
		bool broken;
		if (take(f, &r, &broken))
			return r.id == id ? r.status : RAW_BAD_ANSWER;
		if (broken)
			return RAW_BAD_ANSWER;
		if (ring_front_final_check(&f->ring))
			continue;
		if (system_time_ns() >= deadline)
			return RAW_NO_ANSWER;
		nap(f, deadline);
	}
}

int raw_reap(struct blkfront *f, uint64_t counts[4])
{
	struct blkif_response r;
	bool broken;
	int n = 0;
	while (take(f, &r, &broken)) {
		n++;
		counts[r.status == BLKIF_RSP_OKAY ? 0 : r.status == BLKIF_RSP_ERROR ? 1
		       : r.status == BLKIF_RSP_EOPNOTSUPP ? 2 : 3]++;
	}
	return broken ? -1 : n;
}

long raw_backend_state(struct blkfront *f)
{
	char p[160], v[16];
	snprintf(p, sizeof(p), "%s/state", f->be_dir);
	if (xs_client_path(XS_READ, p, v, sizeof(v)) != XS_READ || v[0] < '0' || v[0] > '9' || v[1])
		return -1;
	return v[0] - '0';
}

bool raw_await_state(struct blkfront *f, long want, uint64_t timeout_ns)
{
	uint64_t deadline = system_time_ns() + timeout_ns;
	while (raw_backend_state(f) != want) {
		if (system_time_ns() >= deadline)
			return false;
		nap(f, deadline);
	}
	return true;
}

struct blkif_request raw_rq(uint8_t op, uint64_t id, uint64_t sector, grant_ref_t gref, uint8_t first, uint8_t last)
{
	struct blkif_request rq;
	memset(&rq, 0, sizeof(rq));
	rq.operation = op;
	rq.nr_segments = 1;
	rq.handle = 0;
	rq.id = id;
	rq.sector_number = sector;
	rq.seg[0].gref = gref;
	rq.seg[0].first_sect = first;
	rq.seg[0].last_sect = last;
	return rq;
}
