/*
 * The storage blkback serves a front end from: sectors of 512 bytes, a
 * capacity, a read-only flag, and read, write and flush.  blkback calls
 * them only with ranges blkif_check has proved inside the capacity, and
 * write never on a read-only store.  Each returns 0 or -1 (an I/O error,
 * answered BLKIF_RSP_ERROR).  Implemented over RAM by blk_ramdisk.c, and
 * over the driver domain's virtio-blk (the disk's image file) by
 * split-drivers/blkback-domain/bbd_virtio.c.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct blk_store {
	uint64_t sectors;
	bool readonly;
	int (*read)(struct blk_store *s, uint64_t sector, uint32_t count, void *buf);
	int (*write)(struct blk_store *s, uint64_t sector, uint32_t count, const void *buf);
	int (*flush)(struct blk_store *s);
};

/* A RAM disk over mem (sectors * 512 bytes, owned by the caller). */
struct blk_ramdisk {
	struct blk_store store;
	uint8_t *mem;
	uint64_t flushes;
};

void blk_ramdisk_init(struct blk_ramdisk *r, void *mem, uint64_t sectors, bool readonly);
