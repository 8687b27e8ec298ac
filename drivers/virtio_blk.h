/*
 * virtio-blk driver (virtio 1.x "Block Device"; design/driver-domain.md
 * 3.8): one request queue, several requests in flight, completion by
 * callback from vblk_poll / vblk_interrupt / vblk_wait.
 *
 * A request is one descriptor chain: a 16-byte header {u32 type, u32
 * ioprio, u64 sector} the device reads, the caller's data segments (the
 * device writes them for a read, reads them for a write, none for a flush),
 * and a status byte the device writes.  Headers and status bytes live in
 * the driver's own DMA page, one 32-byte slot per request in flight.
 * Sectors are 512 bytes whatever the device's block size.
 *
 * Invariant: a request reaches the device only when its sectors lie inside
 * the capacity, every segment is a non-empty multiple of 512 bytes, the
 * segment count respects seg_max, writes are refused on a read-only device
 * and flushes on a device without VIRTIO_BLK_F_FLUSH.  Its callback runs
 * exactly once: with the device's status (0, -EIO, -EOPNOTSUPP; a status
 * byte the device did not write reads as an error, as it is preset to
 * 0xFF), or with -EIO for every request outstanding when the device proved
 * broken (virtio_ring.h), after which the device is reset and refuses new
 * requests until vblk_init is called again.
 */
#pragma once
#include "virtio_pci.h"

#define VBLK_SLOTS    64                /* requests in flight, 32 bytes each in one page */
#define VBLK_MAX_SEGS 32
#define VBLK_QUEUE    256

#define VIRTIO_BLK_F_SIZE_MAX (1ull << 1)
#define VIRTIO_BLK_F_SEG_MAX  (1ull << 2)
#define VIRTIO_BLK_F_RO       (1ull << 5)
#define VIRTIO_BLK_F_BLK_SIZE (1ull << 6)
#define VIRTIO_BLK_F_FLUSH    (1ull << 9)

enum vblk_op { VBLK_READ = 0, VBLK_WRITE = 1, VBLK_FLUSH = 4 };

typedef void vblk_done(void *arg, int status);

struct vblk_seg {
	uint64_t maddr;
	uint32_t len;
};

struct vblk_slot {
	vblk_done *done;                /* NULL: free */
	void *arg;
};

struct vblk {
	struct virtio_dev vd;
	struct virtq vq;
	struct plat_dma_page slot_page; /* headers and status bytes */
	struct vblk_slot slot[VBLK_SLOTS];
	unsigned in_flight;
	uint64_t capacity;              /* 512-byte sectors */
	uint32_t blk_size, seg_max, size_max;
	bool read_only, can_flush, dead;
	bool unkicked;                  /* queued since the last notification */
};

/* Bring up the virtio-blk function d.  0 or a negative errno. */
int vblk_init(struct vblk *b, struct plat *p, const struct pci_dev *d);

/* Stop the device (reset), fail what is outstanding with -EIO, and give
   back the driver's DMA pages; vblk_init may follow. */
void vblk_close(struct vblk *b);

/* Queue a request.  -EINVAL (bad shape or sectors), -EROFS, -EOPNOTSUPP
   (flush not offered), -EAGAIN (no free slot or descriptors: poll first),
   -EIO (device dead). */
int vblk_submit(struct vblk *b, enum vblk_op op, uint64_t sector, const struct vblk_seg *segs,
                unsigned nseg, vblk_done *done, void *arg);

/* vblk_submit without telling the device: queue several, then one
   vblk_kick (the device sees a queued request at the latest then). */
int vblk_queue(struct vblk *b, enum vblk_op op, uint64_t sector, const struct vblk_seg *segs,
               unsigned nseg, vblk_done *done, void *arg);
/* Notify the device of what was queued, if it asks to be. */
void vblk_kick(struct vblk *b);

/* Deliver finished requests' callbacks: how many, or -EIO if the device
   turned out broken (every outstanding request then got -EIO). */
int vblk_poll(struct vblk *b);

/* After the device's interrupt: read the ISR (which deasserts INTx),
   re-read the capacity on a configuration change, then vblk_poll. */
int vblk_interrupt(struct vblk *b);

/* Wait up to timeout_ns for the interrupt, handle it and end it:
   vblk_interrupt's result, 0 on timeout, or the platform's error. */
int vblk_wait(struct vblk *b, uint64_t timeout_ns);
