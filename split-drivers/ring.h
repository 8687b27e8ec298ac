/*
 * The accounting and notification rules of Xen's shared I/O rings
 * (public io/ring.h; xen-pv-abi.md 12.2-12.3), for both ends, over the
 * 64-byte header of include/public/io/ring.h.  Each end keeps its private
 * indices here; the shared indices are read once per look (an atomic load)
 * and never trusted beyond the ring's size.
 *
 * Invariants:
 *   - a front end never has more than `slots` requests outstanding
 *     (ring_front_free);
 *   - a back end consumes a request only if the front end's req_prod is
 *     within `slots` of the responses it has produced; beyond that the
 *     front end is broken (ring_back_requests returns -1) and nothing in
 *     the ring is read;
 *   - a producer publishes slot contents before the index (release) and
 *     the index before it reads the peer's event threshold (full fence),
 *     and notifies exactly when the new index passed that threshold.
 * Portable C: compiled into guests and host tests alike.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "public/io/ring.h"

struct ring_front {
	struct xen_sring_hdr *sh;
	uint32_t slots;                 /* a power of two */
	RING_IDX req_prod_pvt;          /* next request slot to fill */
	RING_IDX rsp_cons;              /* next response to take */
};

struct ring_back {
	struct xen_sring_hdr *sh;
	uint32_t slots;
	RING_IDX rsp_prod_pvt;          /* next response slot to fill */
	RING_IDX req_cons;              /* next request to take */
};

/* Front end: reset the shared header (indices 0, events 1, padding zero)
 * and its private indices. */
void ring_front_init(struct ring_front *f, struct xen_sring_hdr *sh, uint32_t slots);
/* Back end: attach to a ring the front end initialised (private indices 0). */
void ring_back_init(struct ring_back *b, struct xen_sring_hdr *sh, uint32_t slots);

/* Request slots the front end may still fill. */
uint32_t ring_front_free(const struct ring_front *f);
/* Publish the requests filled up to req_prod_pvt; true if the back end
 * must be notified. */
bool ring_front_push(struct ring_front *f);
/* Responses ready to take (rsp_prod read once into *prod), or -1 if the
 * back end claims more than a ring's worth (a broken back end). */
int ring_front_responses(const struct ring_front *f, RING_IDX *prod);
/* Nothing left to take: ask for a notification at the next response and
 * look again; true if a response slipped in meanwhile. */
bool ring_front_final_check(struct ring_front *f);

/* Requests ready to take (req_prod read once into *prod), bounded by the
 * free response slots; -1 if req_prod is more than `slots` ahead of the
 * responses produced or behind the requests taken (a broken front end). */
int ring_back_requests(const struct ring_back *b, RING_IDX *prod);
/* Publish the responses filled up to rsp_prod_pvt; true if the front end
 * must be notified. */
bool ring_back_push(struct ring_back *b);
/* Nothing left to take: ask for a notification at the next request and
 * look again; true if a request slipped in meanwhile (or the ring broke). */
bool ring_back_final_check(struct ring_back *b);

/* The slot index of free-running index i. */
static inline uint32_t ring_slot(uint32_t slots, RING_IDX i)
{
	return i & (slots - 1);
}
