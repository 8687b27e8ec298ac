/*
 * blkfront: a guest's block device over Xen's blkif protocol
 * (blkfront.c).  Opens device/vbd/<devid> the toolstack wrote, shares a
 * ring page and an event channel with the back end, and moves sectors by
 * granting the caller's own pages for each request.  Usable from
 * freestanding and newlib guests alike.
 */
#pragma once
#include "events.h"
#include "gnttab.h"
#include "public/io/blkif.h"
#include "ring.h"

#define BLKFRONT_TIMEOUT_NS 20000000000ull      /* a back end silent this long has failed */

struct blkfront {
	uint8_t ring_page[4096] __attribute__((aligned(4096)));
	struct blkif_sring *sring;
	struct ring_front ring;
	unsigned long devid;
	domid_t backend_id;
	char fe_dir[64], be_dir[128];
	grant_ref_t gref_base;          /* ring at gref_base, slot s's segments after it */
	evtchn_port_t port;
	uint64_t sectors;               /* from the back end: 512-byte units */
	unsigned sector_size;
	bool readonly, flush, barrier;
	struct {
		bool busy, done;
		uint8_t nseg;
		int16_t status;
	} slot[BLKIF_RING_SLOTS];
	unsigned in_flight;
	const char *broken;             /* the back end broke the protocol */
	const char *closed;             /* the back end closed the device or went away */
	char watch_token[24];           /* our watch on the back end's state node */
};

/* The first device number under our device/vbd (waiting up to
 * BLKFRONT_TIMEOUT_NS for the directory), or -1 when there is none. */
long blkfront_first_devid(void);

/* Connect to device/vbd/<devid>, using grant references gref_base ..
 * gref_base + 1 + 32 * 11 of our table (set up if it is not yet); 0, or
 * -1 with the reason printed. */
int blkfront_open(struct blkfront *f, unsigned long devid, grant_ref_t gref_base);

/* Queue one request of at most 11 pages: bytes (a multiple of 512) at buf
 * (512-aligned) to or from sector.  op READ, WRITE, FLUSH_DISKCACHE or
 * WRITE_BARRIER (bytes may be 0 for the last two).  The slot id, or -1 if
 * the ring is full or the request does not fit one. */
int blkfront_submit(struct blkfront *f, uint8_t op, uint64_t sector, void *buf, size_t bytes);
/* Publish the queued requests and notify the back end if it asks. */
void blkfront_kick(struct blkfront *f);
/* Wait for slot id's response and free the slot: its status, or
 * BLKIF_RSP_ERROR if the back end failed (f->broken), stayed silent, or
 * closed the device or went away meanwhile (f->closed: every request in
 * flight then fails, and so does every later one). */
int16_t blkfront_wait(struct blkfront *f, int id);
/* Look at the back end's state if our watch fired: true once the device
 * is closed (state Closing or Closed, or the node gone). */
bool blkfront_check_backend(struct blkfront *f);
/* Give the device up: fail what is in flight, write state Closed (6),
 * wait (bounded) until the back end lets go of the ring, then revoke
 * every grant and close the event channel.  0 if every grant came back
 * free, else the number still held by the back end. */
int blkfront_close(struct blkfront *f);
/* Move bytes (any multiple of 512) between buf and the disk from sector,
 * in requests of up to 11 pages with up to 32 in flight: BLKIF_RSP_OKAY or
 * the first status that was not. */
int16_t blkfront_io(struct blkfront *f, uint8_t op, uint64_t sector, void *buf, size_t bytes);
