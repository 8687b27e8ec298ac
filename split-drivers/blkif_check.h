/*
 * blkback's check of one blkif request (blkif_check.c): the private copy
 * of a request a front end wrote, judged against the disk it may reach,
 * before any of it is used (design/driver-domain.md 5.4).
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "public/io/blkif.h"

struct blkif_disk {
	uint64_t sectors;               /* capacity in 512-byte sectors */
	bool readonly;
};

/* What a request that passed asks for. */
struct blkif_plan {
	bool write;                     /* data goes from the front end to the disk */
	bool flush;                     /* flush the disk's cache after the data */
	unsigned nr_segments;
	uint64_t sector;                /* first sector on the disk */
	uint64_t nr_sectors;            /* sectors moved, over all segments */
};

/*
 * The status to answer: BLKIF_RSP_OKAY (and *plan filled) when rq may be
 * served on disk, BLKIF_RSP_EOPNOTSUPP for an operation this back end does
 * not offer, BLKIF_RSP_ERROR for anything else wrong; *why names the rule
 * broken (a static string) unless OKAY.
 */
int16_t blkif_check(const struct blkif_request *rq, const struct blkif_disk *disk,
		    struct blkif_plan *plan, const char **why);
