/*
 * A RAM disk behind the blk_store calls (blk_store.h): what the back end
 * serves a vbd from when no virtio-blk device is named for it.  The
 * data lives in the back-end domain's memory and is gone when it stops.
 * Ranges are checked again here, so a caller's slip cannot reach outside
 * the buffer.  Portable C.
 */
#include "blk_store.h"

static bool inside(const struct blk_store *s, uint64_t sector, uint32_t count)
{
	return sector <= s->sectors && count <= s->sectors - sector;
}

static int rd_read(struct blk_store *s, uint64_t sector, uint32_t count, void *buf)
{
	struct blk_ramdisk *r = (struct blk_ramdisk *)s;
	if (!inside(s, sector, count))
		return -1;
	__builtin_memcpy(buf, r->mem + sector * 512, (size_t)count * 512);
	return 0;
}

static int rd_write(struct blk_store *s, uint64_t sector, uint32_t count, const void *buf)
{
	struct blk_ramdisk *r = (struct blk_ramdisk *)s;
	if (s->readonly || !inside(s, sector, count))
		return -1;
	__builtin_memcpy(r->mem + sector * 512, buf, (size_t)count * 512);
	return 0;
}

static int rd_flush(struct blk_store *s)
{
	((struct blk_ramdisk *)s)->flushes++;
	return 0;
}

void blk_ramdisk_init(struct blk_ramdisk *r, void *mem, uint64_t sectors, bool readonly)
{
	r->store = (struct blk_store){ sectors, readonly, rd_read, rd_write, rd_flush };
	r->mem = mem;
	r->flushes = 0;
}
