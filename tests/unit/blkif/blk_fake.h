/*
 * A fake front end for host tests of blkback (tests/unit/blkif and
 * tests/fuzz/blkif): a ring page, a grant table of FAKE_GRANTS pages that
 * a test offers or withholds one by one, and a RAM disk of FAKE_SECTORS.
 * The grant copy refuses, as the hypervisor does, a reference out of range,
 * not offered, or read-only when the back end writes into it, and counts
 * every byte it moves, so a test can prove nothing moved.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "blkback.h"

#define FAKE_GRANTS  64
#define FAKE_SECTORS 256

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
};

/* Reset f: ring initialised by the "front end", every grant offered writable. */
void fake_init(struct fake *f, bool readonly_disk);
/* Queue one request in the next slot (not yet pushed). */
struct blkif_request *fake_queue(struct fake *f);
