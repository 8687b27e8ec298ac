/*
 * A RAM disk behind the blk_store calls (blk_store.h): what the back end
 * serves a vbd from when no virtio-blk device is named for it.  The
 * data lives in the back-end domain's memory and is gone when it stops.
 * Every operation is done inside submit.  Ranges are checked again here,
 * so a caller's slip cannot reach outside the buffer.  Portable C.
 */
#include "blk_store.h"

static int move(struct blk_ramdisk *r, const struct blk_io *io)
{
	struct blk_store *s = &r->store;
	if (io->op == BLK_FLUSH) {
		r->flushes++;
		return 0;
	}
	if ((io->op == BLK_WRITE && s->readonly) || io->n > BLK_IO_PIECES)
		return -1;
	uint64_t sector = io->sector;
	for (unsigned i = 0; i < io->n; i++) {
		uint32_t count = io->piece[i].len / 512;
		if (io->piece[i].len % 512 || sector > s->sectors || count > s->sectors - sector)
			return -1;
		uint8_t *disk = r->mem + sector * 512;
		if (io->op == BLK_WRITE)
			__builtin_memcpy(disk, io->piece[i].buf, io->piece[i].len);
		else
			__builtin_memcpy(io->piece[i].buf, disk, io->piece[i].len);
		sector += count;
	}
	return 0;
}

static void rd_submit(struct blk_store *s, struct blk_io *io)
{
	io->done(io, move((struct blk_ramdisk *)s, io));
}

static void rd_kick(struct blk_store *s)
{
	(void)s;
}

void blk_ramdisk_init(struct blk_ramdisk *r, void *mem, uint64_t sectors, bool readonly)
{
	r->store = (struct blk_store){ sectors, readonly, rd_submit, rd_kick };
	r->mem = mem;
	r->flushes = 0;
}
