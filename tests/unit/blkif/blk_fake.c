/* The fake front end of blk_fake.h. */
#include <string.h>
#include "blk_fake.h"

static int fake_copy(void *ctx, const struct blkback_seg *segs, unsigned n, bool to_front)
{
	struct fake *f = ctx;
	for (unsigned i = 0; i < n; i++) {
		const struct blkback_seg *s = &segs[i];
		if (s->gref >= FAKE_GRANTS || !f->offered[s->gref] || (to_front && f->readonly[s->gref]) ||
		    s->offset + s->len > 4096)
			return -1;
		uint8_t *bounce_end = f->bounce + sizeof(f->bounce), *l = s->local;
		if (l < f->bounce || l + s->len > bounce_end ||
		    ((uintptr_t)l & ~4095ul) != ((uintptr_t)(l + s->len - 1) & ~4095ul))
			return -1;              /* a local side crossing a page: the engine's bug */
		if (to_front) {
			memcpy(f->pages[s->gref] + s->offset, l, s->len);
			f->bytes_to_front += s->len;
		} else {
			memcpy(l, f->pages[s->gref] + s->offset, s->len);
			f->bytes_from_front += s->len;
		}
		f->copies++;
	}
	return 0;
}

void fake_init(struct fake *f, bool readonly_disk)
{
	memset(f, 0, sizeof(*f));
	for (unsigned i = 0; i < FAKE_GRANTS; i++)
		f->offered[i] = true;
	blk_ramdisk_init(&f->disk, f->disk_mem, FAKE_SECTORS, readonly_disk);
	ring_front_init(&f->front, &f->sring.hdr, BLKIF_RING_SLOTS);
	struct blkback_io io = { fake_copy, f };
	blkback_init(&f->bb, &f->sring, &f->disk.store, &io, f->bounce);
}

struct blkif_request *fake_queue(struct fake *f)
{
	struct blkif_request *rq = &f->sring.ring[ring_slot(BLKIF_RING_SLOTS, f->front.req_prod_pvt++)].req;
	memset(rq, 0, sizeof(*rq));
	return rq;
}
