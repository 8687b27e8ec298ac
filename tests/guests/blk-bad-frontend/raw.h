/*
 * The attacker's own use of a blkif ring (raw.c): requests written into
 * the shared slots exactly as given, whatever they say, and responses
 * taken by id.  blkfront_open does the handshake; nothing of blkfront's
 * request path is used.
 */
#pragma once
#include "blkfront.h"

#define RAW_NO_ANSWER  (-100)   /* no response in time */
#define RAW_BAD_ANSWER (-101)   /* a response for another id, or a broken ring */

/* Write rq into the next slot and publish it; notify unless quiet. */
void raw_post(struct blkfront *f, const struct blkif_request *rq, bool quiet);
/* The status of the response to id (taken from the ring), or RAW_NO_ANSWER
 * after timeout_ns, or RAW_BAD_ANSWER. */
int raw_wait(struct blkfront *f, uint64_t id, uint64_t timeout_ns);
/* Take every response there is, counting them by status (OKAY, ERROR,
 * EOPNOTSUPP, other); the number taken, or -1 if the ring is broken. */
int raw_reap(struct blkfront *f, uint64_t counts[4]);
/* The back end's state node, or -1 when it cannot be read. */
long raw_backend_state(struct blkfront *f);
/* Wait until the back end's state is want: true, or false after timeout_ns. */
bool raw_await_state(struct blkfront *f, long want, uint64_t timeout_ns);
/* A request of one segment (gref, sectors first..last of its page). */
struct blkif_request raw_rq(uint8_t op, uint64_t id, uint64_t sector, grant_ref_t gref, uint8_t first, uint8_t last);
