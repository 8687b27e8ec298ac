/*
 * A fake front end for host tests of blkback (tests/unit/blkif and
 * tests/fuzz/blkif): a ring page, a grant table of FAKE_GRANTS pages that
 * a test offers or withholds one by one, and a RAM disk of FAKE_SECTORS.
 * The grant copy refuses, as the hypervisor does, a reference out of range,
 * not offered, or read-only when the back end writes into it, and counts
 * every byte it moves, so a test can prove nothing moved.  fake_hold puts
 * a store in front of the RAM disk that keeps every operation until the
 * test finishes it (in any order, with any status), as a device does.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "blkback.h"

#define FAKE_GRANTS  64
#define FAKE_SECTORS 256
#define FAKE_HELD    64

struct fake {
	union {
		struct blkif_sring sring;
		uint8_t ring_page[4096];
	};
	uint8_t pages[FAKE_GRANTS][4096];
	bool offered[FAKE_GRANTS], readonly[FAKE_GRANTS];
	uint8_t disk_mem[FAKE_SECTORS * 512];
	uint8_t bounce[BLKBACK_BOUNCE_BYTES] __attribute__((aligned(4096)));
	struct blk_ramdisk disk;
	struct blkback bb;
	struct ring_front front;
	uint64_t copies, bytes_to_front, bytes_from_front;
	struct blk_store held;          /* fake_hold's store */
	struct blk_io *io[FAKE_HELD];   /* operations it holds, in submission order */
	unsigned nheld, kicks;
};

/* Reset f: ring initialised by the "front end", every grant offered writable. */
void fake_init(struct fake *f, bool readonly_disk);
/* Queue one request in the next slot (not yet pushed). */
struct blkif_request *fake_queue(struct fake *f);
/* From now on blkback's store holds every operation until fake_finish. */
void fake_hold(struct fake *f);
/* Finish held operation i (moving its data on the RAM disk when status is
 * 0, nothing otherwise) and forget it; the operations after it move down. */
void fake_finish(struct fake *f, unsigned i, int status);
