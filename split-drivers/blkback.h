/*
 * blkback's request engine (blkback.c): takes requests from one front
 * end's blkif ring, checks them, moves their data between the front end's
 * granted pages and a blk_store, and answers each one when the store has
 * finished it, several at a time.  The grant copies are the caller's
 * (GNTTABOP_copy in a domain, a fake grant table in host tests), so this
 * file is portable and fuzzed (tests/fuzz/blkif).
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "blk_store.h"
#include "blkif_check.h"
#include "ring.h"

/* One piece of a segment: len bytes at offset in the front end's grant
 * gref, to or from local (within one page of the bounce buffer). */
struct blkback_seg {
	uint32_t gref;
	uint16_t offset;
	uint16_t len;
	void *local;
};

struct blkback_io {
	/* Copy n pieces (to_front: local -> grant, else grant -> local);
	 * 0 if every copy succeeded, -1 otherwise. */
	int (*copy)(void *ctx, const struct blkback_seg *segs, unsigned n, bool to_front);
	void *ctx;
};

#define BLKBACK_PENDING      16         /* requests at the store at once */
#define BLKBACK_REQ_BYTES    (BLKIF_MAX_SEGMENTS_PER_REQUEST * 4096u)
#define BLKBACK_BOUNCE_BYTES (BLKBACK_PENDING * BLKBACK_REQ_BYTES)

struct blkback;

/* A request taken off the ring and not yet answered: its own pages of
 * the bounce buffer, held while the store has it. */
struct blkback_req {
	struct blk_io io;               /* first: the store hands it back */
	struct blkback *b;
	uint64_t id;
	uint8_t operation;
	bool busy, read, flush_after;
	unsigned nseg;
	struct blkback_seg seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};

struct blkback {
	struct ring_back ring;
	struct blkif_sring *sring;
	struct blk_store *store;
	struct blkback_io io;
	uint8_t *bounce;                /* BLKBACK_BOUNCE_BYTES, page-aligned, the caller's */
	struct blkback_req req[BLKBACK_PENDING];
	unsigned in_flight;             /* requests the store holds */
	bool notify;                    /* a response published since the last round asked for an event */
	uint64_t answered, refused;     /* responses sent; of them, not OKAY */
	const char *last_refusal;       /* the rule the last refused request broke */
	const char *broken;             /* set when the front end broke the ring: serve no more */
};

void blkback_init(struct blkback *b, struct blkif_sring *sring, struct blk_store *store,
		  const struct blkback_io *io, uint8_t *bounce);

/*
 * Take at most budget requests (fairness between front ends: the caller
 * comes back), while fewer than BLKBACK_PENDING are at the store; kick
 * the store once for those started.  Every response is published when
 * written (those the store finishes between rounds too); *notify is set
 * when one of them since the last call asked for the front end to be
 * signalled.  Returns the
 * number taken, or -1 once the front end has broken the ring's rules
 * (b->broken says how): disconnect it, serve it no more.  Each request is
 * copied out of the ring once and only the copy is used.
 */
int blkback_serve(struct blkback *b, unsigned budget, bool *notify);

/* Requests the store still holds: the bounce buffer and the ring stay
 * until none is left (blkback writes each one's response when the store
 * finishes it). */
static inline unsigned blkback_in_flight(const struct blkback *b)
{
	return b->in_flight;
}
