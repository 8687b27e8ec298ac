/*
 * virtio-blk driver (virtio_blk.h).
 *
 * Device configuration (virtio 1.x "Block Device"): capacity @0 (u64, in
 * 512-byte sectors), size_max @8 and seg_max @12 (u32, with SIZE_MAX /
 * SEG_MAX), blk_size @20 (u32, with BLK_SIZE).  Request types IN 0, OUT 1,
 * FLUSH 4; status OK 0, IOERR 1, UNSUPP 2.
 *
 * The slot of a request is its index in b->slot; its header sits at
 * slot * 32 in the slot page and its status byte at slot * 32 + 16, so the
 * device never writes outside bytes that belong to that request.
 */
#include <errno.h>
#include <string.h>
#include "virtio_blk.h"

#define SLOT_BYTES 32
#define STATUS_AT  16
#define SECTOR     512u

enum { CFG_CAPACITY = 0, CFG_SIZE_MAX = 8, CFG_SEG_MAX = 12, CFG_BLK_SIZE = 20 };
enum { S_OK = 0, S_IOERR = 1, S_UNSUPP = 2 };

static uint32_t config32(struct vblk *b, uint64_t feature, uint32_t off, uint32_t dflt)
{
	uint64_t v;
	if (!(b->vd.features & feature) || virtio_config(&b->vd, off, 4, &v) < 0)
		return dflt;
	return (uint32_t)v;
}

static int read_config(struct vblk *b)
{
	int rc = virtio_config(&b->vd, CFG_CAPACITY, 8, &b->capacity);
	if (rc < 0)
		return rc;
	b->seg_max = config32(b, VIRTIO_BLK_F_SEG_MAX, CFG_SEG_MAX, VBLK_MAX_SEGS);
	if (b->seg_max == 0 || b->seg_max > VBLK_MAX_SEGS)
		b->seg_max = VBLK_MAX_SEGS;
	b->size_max = config32(b, VIRTIO_BLK_F_SIZE_MAX, CFG_SIZE_MAX, UINT32_MAX);
	b->blk_size = config32(b, VIRTIO_BLK_F_BLK_SIZE, CFG_BLK_SIZE, SECTOR);
	return 0;
}

int vblk_init(struct vblk *b, struct plat *p, const struct pci_dev *d)
{
	memset(b, 0, sizeof(*b));
	int rc = virtio_open(&b->vd, p, d);
	if (rc == 0 && b->vd.type != VIRTIO_TYPE_BLOCK)
		rc = -ENODEV;
	if (rc < 0)
		return rc;
	rc = virtio_negotiate(&b->vd, VIRTIO_BLK_F_SIZE_MAX | VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_RO |
	                      VIRTIO_BLK_F_BLK_SIZE | VIRTIO_BLK_F_FLUSH, 0);
	if (rc < 0)
		return rc;
	b->read_only = b->vd.features & VIRTIO_BLK_F_RO;
	b->can_flush = b->vd.features & VIRTIO_BLK_F_FLUSH;
	if ((rc = read_config(b)) < 0)
		goto fail;
	if ((rc = p->dma_alloc(p, &b->slot_page)) < 0)
		goto fail;
	if ((rc = virtio_queue_setup(&b->vd, &b->vq, 0, VBLK_QUEUE)) < 0) {
		p->dma_free(p, &b->slot_page);
		goto fail;
	}
	virtio_driver_ok(&b->vd);
	return 0;
fail:
	virtio_fail(&b->vd);
	return rc;
}

static int check_request(struct vblk *b, enum vblk_op op, uint64_t sector,
                         const struct vblk_seg *segs, unsigned nseg)
{
	if (b->dead)
		return -EIO;
	if (op == VBLK_FLUSH)
		return nseg ? -EINVAL : b->can_flush ? 0 : -EOPNOTSUPP;
	if (op != VBLK_READ && op != VBLK_WRITE)
		return -EINVAL;
	if (op == VBLK_WRITE && b->read_only)
		return -EROFS;
	if (nseg == 0 || nseg > b->seg_max)
		return -EINVAL;
	uint64_t sectors = 0;
	for (unsigned i = 0; i < nseg; i++) {
		if (segs[i].len == 0 || segs[i].len % SECTOR || segs[i].len > b->size_max)
			return -EINVAL;
		sectors += segs[i].len / SECTOR;
	}
	if (sector > b->capacity || sectors > b->capacity - sector)
		return -EINVAL;
	return 0;
}

int vblk_queue(struct vblk *b, enum vblk_op op, uint64_t sector, const struct vblk_seg *segs,
               unsigned nseg, vblk_done *done, void *arg)
{
	int rc = check_request(b, op, sector, segs, nseg);
	if (rc < 0)
		return rc;
	if (!done)
		return -EINVAL;
	unsigned s = 0;
	while (s < VBLK_SLOTS && b->slot[s].done)
		s++;
	if (s == VBLK_SLOTS)
		return -EAGAIN;

	uint8_t *hdr = (uint8_t *)b->slot_page.va + s * SLOT_BYTES;
	uint32_t type = op;
	uint32_t ioprio = 0;
	memcpy(hdr, &type, 4);
	memcpy(hdr + 4, &ioprio, 4);
	memcpy(hdr + 8, &sector, 8);
	hdr[STATUS_AT] = 0xFF;

	struct vq_buf bufs[VBLK_MAX_SEGS + 2];
	uint64_t base = b->slot_page.maddr + s * SLOT_BYTES;
	unsigned n = 0;
	bufs[n++] = (struct vq_buf){ base, 16, false };
	for (unsigned i = 0; i < nseg; i++)
		bufs[n++] = (struct vq_buf){ segs[i].maddr, segs[i].len, op == VBLK_READ };
	bufs[n++] = (struct vq_buf){ base + STATUS_AT, 1, true };

	rc = vq_add(&b->vq, bufs, n, &b->slot[s]);
	if (rc == -ENOSPC)
		return -EAGAIN;
	if (rc < 0)
		return rc;
	b->slot[s] = (struct vblk_slot){ done, arg };
	b->in_flight++;
	b->unkicked = true;
	return 0;
}

void vblk_kick(struct vblk *b)
{
	if (b->unkicked && !b->dead && vq_should_notify(&b->vq))
		virtio_notify(&b->vd, &b->vq);
	b->unkicked = false;
}

int vblk_submit(struct vblk *b, enum vblk_op op, uint64_t sector, const struct vblk_seg *segs,
                unsigned nseg, vblk_done *done, void *arg)
{
	int rc = vblk_queue(b, op, sector, segs, nseg, done, arg);
	if (rc == 0)
		vblk_kick(b);
	return rc;
}

static int status_errno(uint8_t status)
{
	return status == S_OK ? 0 : status == S_UNSUPP ? -EOPNOTSUPP : -EIO;
}

static void finish(struct vblk *b, struct vblk_slot *slot, int status)
{
	struct vblk_slot done = *slot;
	slot->done = NULL;
	b->in_flight--;
	done.done(done.arg, status);
}

/* The device broke its side of the ring: stop it, fail what it held. */
static void give_up(struct vblk *b)
{
	void *token;
	b->dead = true;
	virtio_reset(&b->vd);
	while (vq_reclaim(&b->vq, &token) == 1)
		finish(b, token, -EIO);
}

void vblk_close(struct vblk *b)
{
	struct plat *p = b->vd.plat;
	give_up(b);
	virtio_queue_free(&b->vd, &b->vq);
	p->dma_free(p, &b->slot_page);
}

int vblk_poll(struct vblk *b)
{
	int count = 0;
	void *token;
	uint32_t len;
	int rc;

	while ((rc = vq_get(&b->vq, &token, &len)) == 1) {
		struct vblk_slot *slot = token;
		unsigned s = (unsigned)(slot - b->slot);
		volatile uint8_t *status = (uint8_t *)b->slot_page.va + s * SLOT_BYTES + STATUS_AT;
		finish(b, slot, len == 0 ? -EIO : status_errno(*status));
		count++;
	}
	if (rc < 0) {
		if (!b->dead)
			give_up(b);
		return -EIO;
	}
	return count;
}

int vblk_interrupt(struct vblk *b)
{
	uint8_t isr = virtio_isr(&b->vd);
	if ((isr & VIRTIO_ISR_CONFIG) && !b->dead)
		read_config(b);
	return vblk_poll(b);
}

static int on_interrupt(void *arg)
{
	return vblk_interrupt(arg);
}

int vblk_wait(struct vblk *b, uint64_t timeout_ns)
{
	return virtio_wait(&b->vd, timeout_ns, on_interrupt, b);
}
