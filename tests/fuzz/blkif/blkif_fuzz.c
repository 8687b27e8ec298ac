/*
 * libFuzzer target for blkback's engine (split-drivers/blkback.c) against
 * a fake front end (tests/unit/blkif/blk_fake.c) that writes random and
 * mutated requests into its ring, sometimes a req_prod far off, offers or
 * withholds grants, and rewrites the request slot while blkback copies its
 * data (a double fetch would then act on the rewritten values).  After
 * every round the oracle replays the requests as they were when published
 * against a shadow disk: each response must carry that request's id and
 * operation and the status blkif_check and the grants give it, the disk
 * must equal the shadow (nothing outside an accepted request's range
 * changes; a read-only disk never changes), and a broken ring must be cut
 * off before any slot of it is used.
 */
#include <string.h>
#include "blk_fake.h"
#include "fuzz_input.h"

#define FUZZ_FAIL(...) do { fprintf(stderr, "blkif fuzz: " __VA_ARGS__); __builtin_trap(); } while (0)
#include <stdio.h>

static struct fake F;
static uint8_t shadow[FAKE_SECTORS * 512];
static bool scribble;
static uint8_t scribble_byte;

static int (*real_copy)(void *, const struct blkback_seg *, unsigned, bool);

static int copy_and_scribble(void *ctx, const struct blkback_seg *segs, unsigned n, bool to_front)
{
	if (scribble) {
		union blkif_sring_entry *e = &F.sring.ring[ring_slot(BLKIF_RING_SLOTS, F.bb.ring.req_cons - 1)];
		memset(e, scribble_byte, sizeof(*e));
	}
	return real_copy(ctx, segs, n, to_front);
}

static bool grants_ok(const struct blkif_request *rq, bool to_front)
{
	for (unsigned i = 0; i < rq->nr_segments; i++) {
		uint32_t g = rq->seg[i].gref;
		if (g >= FAKE_GRANTS || !F.offered[g] || (to_front && F.readonly[g]))
			return false;
	}
	return true;
}

/* The model of one request as published: its expected status; the shadow updated. */
static int16_t model(const struct blkif_request *rq)
{
	struct blkif_disk disk = { FAKE_SECTORS, F.disk.store.readonly };
	struct blkif_plan p;
	const char *why;
	int16_t st = blkif_check(rq, &disk, &p, &why);
	if (st != BLKIF_RSP_OKAY)
		return st;
	if (!grants_ok(rq, !p.write && p.nr_segments))
		return BLKIF_RSP_ERROR;
	uint64_t sector = p.sector;
	for (unsigned i = 0; i < p.nr_segments && p.write; i++) {
		const struct blkif_request_segment *s = &rq->seg[i];
		unsigned n = s->last_sect - s->first_sect + 1u;
		memcpy(shadow + sector * 512, F.pages[s->gref] + s->first_sect * 512, n * 512);
		sector += n;
	}
	return BLKIF_RSP_OKAY;
}

static void fill(struct input *in, struct blkif_request *rq)
{
	rq->operation = next8(in) % 8;
	rq->nr_segments = next8(in) % 13;
	rq->id = next64(in);
	rq->sector_number = next8(in) & 0x80 ? next64(in) : next_le(in, 2) % (FAKE_SECTORS + 24);
	for (unsigned i = 0; i < BLKIF_MAX_SEGMENTS_PER_REQUEST; i++) {
		uint8_t g = next8(in);
		rq->seg[i].gref = g & 0x80 ? next32(in) : g % 70;
		rq->seg[i].first_sect = next8(in) % 10;
		rq->seg[i].last_sect = next8(in) % 10;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	fake_init(&F, next8(&in) & 1);
	real_copy = F.bb.io.copy;
	F.bb.io.copy = copy_and_scribble;
	uint64_t offered = next64(&in), ro = next64(&in);
	for (unsigned g = 0; g < FAKE_GRANTS; g++) {
		F.offered[g] = (offered >> g) & 1;
		F.readonly[g] = (ro >> g) & 1;
		memset(F.pages[g], (int)(g * 37 + 1), 4096);
	}
	memset(shadow, 0, sizeof(shadow));
	for (unsigned round = 0; round < 12 && in.n; round++) {
		unsigned k = next8(&in) % 40;
		for (unsigned j = 0; j < k && ring_front_free(&F.front) > 0; j++)
			fill(&in, fake_queue(&F));
		ring_front_push(&F.front);
		uint8_t mode = next8(&in);
		if (mode >= 0xF0)
			F.sring.hdr.req_prod = next32(&in);
		scribble = mode & 1;
		scribble_byte = next8(&in);
		RING_IDX from = F.bb.ring.req_cons, prod = F.sring.hdr.req_prod;
		struct blkif_request snap[BLKIF_RING_SLOTS];
		unsigned pending = (RING_IDX)(prod - from) <= BLKIF_RING_SLOTS ? prod - from : 0;
		for (unsigned j = 0; j < pending; j++)
			snap[j] = F.sring.ring[ring_slot(BLKIF_RING_SLOTS, from + j)].req;
		bool notify = false;
		bool far = (RING_IDX)(prod - F.bb.ring.rsp_prod_pvt) > BLKIF_RING_SLOTS;
		int n = blkback_serve(&F.bb, 1 + next8(&in) % 40, &notify);
		if (far != (n < 0))
			FUZZ_FAIL("req_prod %u vs %u answered: serve %d\n", prod, F.bb.ring.rsp_prod_pvt, n);
		if (n < 0) {
			if (F.bb.ring.req_cons != from)
				FUZZ_FAIL("a broken ring was read\n");
			break;
		}
		if ((unsigned)n > pending)
			FUZZ_FAIL("%d answered of %u pending\n", n, pending);
		for (int j = 0; j < n; j++) {
			const struct blkif_response *r = &F.sring.ring[ring_slot(BLKIF_RING_SLOTS, from + (unsigned)j)].rsp;
			int16_t want = model(&snap[j]);
			if (r->id != snap[j].id || r->operation != snap[j].operation || r->status != want)
				FUZZ_FAIL("response %d: id %llx op %u status %d, wanted id %llx op %u status %d\n", j,
					  (unsigned long long)r->id, r->operation, r->status,
					  (unsigned long long)snap[j].id, snap[j].operation, want);
		}
		if (memcmp(shadow, F.disk_mem, sizeof(shadow)) != 0)
			FUZZ_FAIL("disk differs from the model after round %u\n", round);
		F.front.rsp_cons = F.sring.hdr.rsp_prod;
		F.front.req_prod_pvt = F.bb.ring.req_cons;      /* the front end resyncs after a skipped push */
		F.sring.hdr.req_prod = F.bb.ring.req_cons;
	}
	return 0;
}
