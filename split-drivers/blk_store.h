/*
 * The storage blkback serves a front end from: sectors of 512 bytes, a
 * capacity, a read-only flag, and operations started by submit and
 * finished later (a device) or at once (RAM).  An operation reads or
 * writes `n` pieces of memory, each a non-empty multiple of 512 bytes
 * inside one page, from `sector` on, in order; or flushes.  blkback
 * submits only ranges blkif_check has proved inside the capacity, and
 * writes never to a read-only store.  done runs exactly once, perhaps
 * before submit returns, with 0 or -1 (an I/O error, answered
 * BLKIF_RSP_ERROR); until it has run the store may use the pieces, so
 * their memory is not given back before.  kick starts what was submitted
 * since the last kick (a device is told once per batch); what a done
 * submits, the store starts by itself.
 * Implemented over RAM by blk_ramdisk.c, and over the driver domain's
 * virtio-blk (the disk's image file) by
 * split-drivers/blkback-domain/bbd_virtio.c.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BLK_IO_PIECES 11                /* a blkif request's segments */

enum blk_op { BLK_READ, BLK_WRITE, BLK_FLUSH };

struct blk_piece {
	void *buf;
	uint32_t len;
};

struct blk_io {
	enum blk_op op;
	uint64_t sector;
	unsigned n;                     /* pieces; 0 for a flush */
	struct blk_piece piece[BLK_IO_PIECES];
	void (*done)(struct blk_io *io, int status);
};

struct blk_store {
	uint64_t sectors;
	bool readonly;
	void (*submit)(struct blk_store *s, struct blk_io *io);
	void (*kick)(struct blk_store *s);
};

/* A RAM disk over mem (sectors * 512 bytes, owned by the caller): every
 * operation finishes inside submit. */
struct blk_ramdisk {
	struct blk_store store;
	uint8_t *mem;
	uint64_t flushes;
};

void blk_ramdisk_init(struct blk_ramdisk *r, void *mem, uint64_t sectors, bool readonly);
