/*
 * The rules a blkif request must pass before blkback touches a grant or a
 * sector (design/driver-domain.md 5.4, public io/blkif.h, Linux blkback's
 * dispatch checks):
 *
 *   - operation: READ, WRITE, WRITE_BARRIER or FLUSH_DISKCACHE (the ones
 *     this back end advertises); DISCARD, INDIRECT and anything else are
 *     EOPNOTSUPP, as Linux blkback answers an operation it lacks;
 *   - nr_segments: 1..11 for READ and WRITE, 0..11 for a barrier or flush
 *     (with segments it is a write followed by the flush);
 *   - each used segment: first_sect <= last_sect <= 7;
 *   - the sector range [sector_number, + sectors of all segments) lies
 *     inside the disk, computed without overflow; a flush or barrier
 *     without segments names no sector and its sector_number is ignored
 *     (Linux's blkfront sends whatever position the block layer gave a
 *     pure flush; Linux's blkback checks the range only when there are
 *     sectors);
 *   - no data goes to a read-only disk (ERROR, as Linux answers a write to
 *     a vbd opened read-only); a flush without data is harmless there.
 * Grant references are not judged here: the hypervisor checks each one
 * when blkback copies through it, and a refused copy fails the request.
 * `handle` is not checked (Linux blkback ignores it too).
 * Portable C.
 */
#include "blkif_check.h"

static int16_t refuse(int16_t status, const char *rule, const char **why)
{
	*why = rule;
	return status;
}

int16_t blkif_check(const struct blkif_request *rq, const struct blkif_disk *disk,
		    struct blkif_plan *plan, const char **why)
{
	bool flush;
	switch (rq->operation) {
	case BLKIF_OP_READ:
	case BLKIF_OP_WRITE:
		flush = false;
		break;
	case BLKIF_OP_WRITE_BARRIER:
	case BLKIF_OP_FLUSH_DISKCACHE:
		flush = true;
		break;
	default:
		return refuse(BLKIF_RSP_EOPNOTSUPP, "operation not offered", why);
	}
	unsigned nseg = rq->nr_segments;
	if (nseg > BLKIF_MAX_SEGMENTS_PER_REQUEST)
		return refuse(BLKIF_RSP_ERROR, "more than 11 segments", why);
	if (nseg == 0 && !flush)
		return refuse(BLKIF_RSP_ERROR, "read or write without segments", why);
	uint64_t total = 0;
	for (unsigned i = 0; i < nseg; i++) {
		const struct blkif_request_segment *s = &rq->seg[i];
		if (s->last_sect >= BLKIF_SECTORS_PER_PAGE)
			return refuse(BLKIF_RSP_ERROR, "segment sector beyond its page", why);
		if (s->first_sect > s->last_sect)
			return refuse(BLKIF_RSP_ERROR, "segment's first sector after its last", why);
		total += (uint64_t)(s->last_sect - s->first_sect + 1);
	}
	if (nseg && (rq->sector_number > disk->sectors || total > disk->sectors - rq->sector_number))
		return refuse(BLKIF_RSP_ERROR, "sectors beyond the disk", why);
	bool write = rq->operation != BLKIF_OP_READ && nseg > 0;
	if (write && disk->readonly)
		return refuse(BLKIF_RSP_ERROR, "write to a read-only disk", why);
	plan->write = write;
	plan->flush = flush;
	plan->nr_segments = nseg;
	plan->sector = rq->sector_number;
	plan->nr_sectors = total;
	*why = NULL;
	return BLKIF_RSP_OKAY;
}
