/*
 * blkback's request engine (blkback.c): takes requests from one front
 * end's blkif ring, checks them, moves their data between the front end's
 * granted pages and a blk_store, and answers each one.  The grant copies
 * are the caller's (GNTTABOP_copy in a domain, a fake grant table in host
 * tests), so this file is portable and fuzzed (tests/fuzz/blkif).
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

#define BLKBACK_BOUNCE_BYTES (BLKIF_MAX_SEGMENTS_PER_REQUEST * 4096u)

struct blkback {
	struct ring_back ring;
	struct blkif_sring *sring;
	struct blk_store *store;
	struct blkback_io io;
	uint8_t *bounce;                /* BLKBACK_BOUNCE_BYTES, page-aligned, the caller's */
	uint64_t answered, refused;     /* responses sent; of them, not OKAY */
	const char *last_refusal;       /* the rule the last refused request broke */
	const char *broken;             /* set when the front end broke the ring: serve no more */
};

void blkback_init(struct blkback *b, struct blkif_sring *sring, struct blk_store *store,
		  const struct blkback_io *io, uint8_t *bounce);

/*
 * Answer at most budget requests (fairness between front ends: the caller
 * comes back).  *notify is set when the front end must be signalled.
 * Returns the number answered, or -1 once the front end has broken the
 * ring's rules (b->broken says how): disconnect it, serve it no more.
 * Each request is copied out of the ring once and only the copy is used.
 */
int blkback_serve(struct blkback *b, unsigned budget, bool *notify);
