/*
 * The split virtqueue, driver side (virtio 1.x "Split Virtqueues";
 * design/driver-domain.md 3.7): descriptor table, available ring (driver to
 * device) and used ring (device to driver), each in one DMA page of its own,
 * so a queue of up to VQ_MAX entries needs no machine-contiguous memory.
 *
 * Invariant: the driver's bookkeeping never lives in memory the device can
 * write.  The free list, each chain's descriptors, its token and how many
 * bytes the device may write into it are kept in struct virtq; the shared
 * descriptor table is only ever written.  Of what the device writes, the
 * used index and each used entry's id and len are read once and checked
 * before use (vq_get): an index that claims more completions than are
 * outstanding, an id that is not the head of an outstanding chain, or a
 * length beyond the chain's device-writable bytes marks the queue broken,
 * after which it yields nothing until the device is reset and the
 * outstanding chains are taken back with vq_reclaim.
 */
#pragma once
#include "plat.h"

#define VQ_MAX 256                      /* 16 * 256 bytes of descriptors: one page */

#define VQ_DESC_NEXT  1
#define VQ_DESC_WRITE 2
#define VQ_USED_NO_NOTIFY 1

struct vq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

/* One buffer of a request: its machine address, length, and whether the
   device writes it (all device-written buffers come after the read ones). */
struct vq_buf {
	uint64_t maddr;
	uint32_t len;
	bool device_writes;
};

struct vq_chain {
	void *token;                    /* NULL: this head is not outstanding */
	uint32_t writable;              /* bytes the device may write */
	uint16_t ndesc;
};

struct virtq {
	uint16_t size;                  /* entries, a power of two <= VQ_MAX */
	uint16_t index;                 /* the transport's: queue number */
	uint32_t notify_off;            /* the transport's: notify window offset */
	struct plat_dma_page page[3];   /* descriptors, available ring, used ring */
	volatile struct vq_desc *desc;
	volatile uint16_t *avail;       /* [0] flags, [1] idx, [2 + i] ring */
	volatile uint8_t *used;         /* flags @0, idx @2, {u32 id, u32 len} @4 + 8i */

	uint16_t avail_idx;             /* ours; never read back */
	uint16_t last_used;             /* next used entry to take */
	uint16_t in_flight;             /* chains outstanding */
	uint16_t nfree, free_head;
	uint16_t next[VQ_MAX];          /* free list and chain links, private */
	struct vq_chain chain[VQ_MAX];  /* by head descriptor */
	bool broken;
};

/* Lay a queue of `size` entries (a power of two, 1..VQ_MAX) over three
   zeroed DMA pages; -EINVAL for a bad size. */
int vq_init(struct virtq *vq, uint16_t size, const struct plat_dma_page page[3]);

/* Queue one request: n buffers (readable first), token non-NULL; the
   device sees it at once.  -EINVAL (bad shape), -ENOSPC (not enough free
   descriptors), -EIO (queue broken). */
int vq_add(struct virtq *vq, const struct vq_buf *bufs, unsigned n, void *token);

/* After vq_add: whether the device asked to be notified. */
bool vq_should_notify(struct virtq *vq);

/* Take one completion: 1 with *token and *len set, 0 when none, -EIO when
   the device wrote something impossible (the queue is then broken). */
int vq_get(struct virtq *vq, void **token, uint32_t *len);

/* After the device was reset: take back one outstanding request (1), or
   0 when none is left; the queue is then empty and usable again. */
int vq_reclaim(struct virtq *vq, void **token);
