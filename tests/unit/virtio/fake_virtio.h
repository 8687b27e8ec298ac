/*
 * A virtio 1.x device model for the driver tests, written from the
 * specification's layouts (its offsets are its own, not the driver's
 * constants): the common configuration, the ISR byte, the device-specific
 * configuration, notifications, and split-virtqueue consumers for a block
 * device (reads and writes on a RAM disk, flush) and a network device
 * (transmitted frames are logged, received frames injected by the test).
 *
 * The model checks the driver as a strict device would: status bits set in
 * the specification's order, only offered features accepted, rings and
 * buffers at machine addresses the driver owns, descriptor indices inside
 * the queue, device-readable buffers before device-writable ones, a chain
 * no longer than the queue.  The first violation is kept in `error`.
 *
 * Completions may be deferred (`defer`) and then released in any order
 * (fv_complete), and the test may write raw used entries (fv_push_used) to
 * play a hostile device.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define FV_QUEUES   3
#define FV_PENDING  512
#define FV_FRAMES   64

struct fv_queue {
	uint16_t max, size;
	uint16_t notify_off;
	bool enabled;
	uint64_t desc, avail, used;
	uint16_t last_avail, used_idx;
	unsigned notifies;
};

struct fv_done {                        /* a deferred completion */
	uint16_t queue, head;
	uint32_t len;
};

struct fake_virtio {
	unsigned type;                  /* 1 net, 2 block */
	unsigned gsi;
	uint64_t offered, accepted;
	uint64_t refuse;                /* accepting any of these clears FEATURES_OK */
	uint32_t dfsel, gfsel;
	uint8_t status;
	uint8_t status_log[16];
	unsigned nstatus;
	uint8_t generation;
	bool unstable_generation;       /* every read of it differs */
	uint16_t qsel;
	struct fv_queue q[FV_QUEUES];
	unsigned nqueues;
	uint8_t isr;
	uint8_t config[64];
	unsigned resets;
	char error[200];

	/* block */
	uint8_t *disk;
	uint64_t disk_bytes;
	unsigned flushes;
	bool defer;
	bool skip_status;               /* complete without writing the status byte */
	struct fv_done pending[FV_PENDING];
	unsigned npending;

	/* network */
	uint8_t tx[FV_FRAMES][1600];
	uint32_t tx_len[FV_FRAMES];
	unsigned ntx;
};

/* A block device of `sectors` 512-byte sectors over a zeroed RAM disk. */
void fv_init_blk(struct fake_virtio *d, uint64_t sectors, uint64_t offered);
/* A network device with this MAC and link status. */
void fv_init_net(struct fake_virtio *d, const uint8_t mac[6], uint16_t status, uint64_t offered);
void fv_free(struct fake_virtio *d);

/* Register accesses at an offset of BAR 4 (fake_machine.c calls them). */
uint32_t fv_read(struct fake_virtio *d, uint32_t off, unsigned width);
void fv_write(struct fake_virtio *d, uint32_t off, unsigned width, uint32_t val);

/* Release deferred completion i (its used entry goes out now). */
void fv_complete(struct fake_virtio *d, unsigned i);
/* Write a raw used entry {id, len} at the queue's used index and advance
   it by `advance` (a hostile device). */
void fv_push_used(struct fake_virtio *d, unsigned q, uint32_t id, uint32_t len, uint16_t advance);
/* Hand the driver a received frame through the next posted receive
   buffer; false when none is posted.  hdr_len_override != 0 reports that
   used length instead of 12 + len. */
bool fv_inject(struct fake_virtio *d, const void *frame, uint32_t len, uint32_t used_len_override);
