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

static struct fake *holder;

static void held_submit(struct blk_store *s, struct blk_io *io)
{
	(void)s;
	if (holder->nheld == FAKE_HELD)
		return io->done(io, -1);
	holder->io[holder->nheld++] = io;
}

static void held_kick(struct blk_store *s)
{
	(void)s;
	holder->kicks++;
}

void fake_hold(struct fake *f)
{
	holder = f;
	f->held = (struct blk_store){ f->disk.store.sectors, f->disk.store.readonly, held_submit, held_kick };
	f->bb.store = &f->held;
}

static int ram_status;

static void ram_done(struct blk_io *io, int status)
{
	(void)io;
	ram_status = status;
}

void fake_finish(struct fake *f, unsigned i, int status)
{
	struct blk_io *io = f->io[i];
	for (unsigned j = i; j + 1 < f->nheld; j++)
		f->io[j] = f->io[j + 1];
	f->nheld--;
	if (status == 0) {                      /* the RAM disk moves the data now */
		void (*done)(struct blk_io *, int) = io->done;
		io->done = ram_done;
		f->disk.store.submit(&f->disk.store, io);
		io->done = done;
		status = ram_status;
	}
	io->done(io, status);
}
