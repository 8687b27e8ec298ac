/*
 * A hostile or broken device against the split-ring driver
 * (drivers/virtio_ring.c through virtio_blk.c): a used index claiming more
 * completions than are outstanding, an id past the queue, an id that is
 * not an outstanding head (never used, or completed twice), a length past
 * the chain's device-writable bytes.  Each must be refused before anything
 * is written or any callback runs for it; the device is then reset and
 * every outstanding request fails exactly once with -EIO.  Also the
 * driver-side shape checks of vq_add.
 */
#include <string.h>
#include "virtio_test.h"

static struct vblk b;
static unsigned calls[4];
static int last_status[4];

static void done(void *arg, int status)
{
	unsigned i = (unsigned)(uintptr_t)arg;
	calls[i]++;
	last_status[i] = status;
}

/* Two reads outstanding (deferred by the model), ids 0 and 3 (3 + 1 descs). */
static int two_outstanding(struct plat_dma_page *pg)
{
	memset(calls, 0, sizeof(calls));
	int rc = vblk_init(&b, &fm.plat, &blk_pci);
	if (rc < 0)
		return rc;
	blkdev.defer = true;
	*pg = test_page();
	struct vblk_seg s = { pg->maddr, 4096 };
	if ((rc = vblk_submit(&b, VBLK_READ, 0, &s, 1, done, (void *)0)) < 0)
		return rc;
	return vblk_submit(&b, VBLK_READ, 8, &s, 1, done, (void *)1);
}

/* After a refused completion: both requests failed once, device reset. */
static void all_failed_once(struct unit *u)
{
	UNIT_CHECK_EQ(u, calls[0], 1);
	UNIT_CHECK_EQ(u, calls[1], 1);
	UNIT_CHECK_EQ(u, last_status[0], -EIO);
	UNIT_CHECK_EQ(u, last_status[1], -EIO);
	UNIT_CHECK_EQ(u, blkdev.status, 0);
	UNIT_CHECK(u, b.dead);
	UNIT_CHECK_EQ(u, b.in_flight, 0);
	UNIT_CHECK_EQ(u, b.vq.nfree, b.vq.size);
	UNIT_CHECK_EQ(u, vblk_poll(&b), 0);
	UNIT_CHECK_EQ(u, calls[0] + calls[1], 2);
	struct vblk_seg s = { FAKE_DMA_BASE, 512 };
	UNIT_CHECK_EQ(u, vblk_submit(&b, VBLK_READ, 0, &s, 1, done, (void *)2), -EIO);
}

static void used_index_too_far_ahead(struct unit *u)
{
	struct plat_dma_page pg;
	UNIT_CHECK_EQ(u, two_outstanding(&pg), 0);
	fv_push_used(&blkdev, 0, 0, 4097, 3);               /* 3 new entries, 2 outstanding */
	UNIT_CHECK_EQ(u, vblk_poll(&b), -EIO);
	all_failed_once(u);
}

static void used_id_past_the_queue(struct unit *u)
{
	struct plat_dma_page pg;
	UNIT_CHECK_EQ(u, two_outstanding(&pg), 0);
	fv_push_used(&blkdev, 0, 256, 1, 1);
	UNIT_CHECK_EQ(u, vblk_poll(&b), -EIO);
	all_failed_once(u);
}

static void used_id_not_a_head(struct unit *u)
{
	struct plat_dma_page pg;
	UNIT_CHECK_EQ(u, two_outstanding(&pg), 0);
	fv_push_used(&blkdev, 0, 1, 1, 1);                  /* the data descriptor of head 0 */
	UNIT_CHECK_EQ(u, vblk_poll(&b), -EIO);
	all_failed_once(u);
}

static void completed_twice(struct unit *u)
{
	struct plat_dma_page pg;
	UNIT_CHECK_EQ(u, two_outstanding(&pg), 0);
	fv_complete(&blkdev, 0);                            /* head 0, honestly */
	fv_push_used(&blkdev, 0, 0, 4097, 1);               /* and again */
	UNIT_CHECK_EQ(u, vblk_poll(&b), -EIO);
	UNIT_CHECK_EQ(u, calls[0], 1);
	UNIT_CHECK_EQ(u, last_status[0], 0);                /* the honest one stood */
	UNIT_CHECK_EQ(u, calls[1], 1);
	UNIT_CHECK_EQ(u, last_status[1], -EIO);
	UNIT_CHECK(u, b.dead);
}

static void length_past_the_writable_bytes(struct unit *u)
{
	struct plat_dma_page pg;
	UNIT_CHECK_EQ(u, two_outstanding(&pg), 0);
	fv_push_used(&blkdev, 0, 0, 4096 + 2, 1);           /* 4096 data + 1 status writable */
	UNIT_CHECK_EQ(u, vblk_poll(&b), -EIO);
	all_failed_once(u);
}

static void a_fresh_init_after_a_broken_device(struct unit *u)
{
	struct plat_dma_page pg;
	UNIT_CHECK_EQ(u, two_outstanding(&pg), 0);
	fv_push_used(&blkdev, 0, 256, 1, 1);
	UNIT_CHECK_EQ(u, vblk_poll(&b), -EIO);
	fm.plat.dma_free(&fm.plat, &pg);
	vblk_close(&b);
	UNIT_CHECK_EQ(u, fm.pages_live, 0);                 /* every page back */
	UNIT_CHECK_EQ(u, two_outstanding(&pg), 0);
	blkdev.defer = false;
	fv_complete(&blkdev, 1);
	fv_complete(&blkdev, 0);
	UNIT_CHECK_EQ(u, vblk_poll(&b), 2);
	UNIT_CHECK_EQ(u, last_status[0], 0);
	UNIT_CHECK_EQ(u, last_status[1], 0);
}

static void vq_add_shapes(struct unit *u)
{
	struct virtq vq = { 0 };
	struct plat_dma_page pg[3] = { test_page(), test_page(), test_page() };
	int tok;
	UNIT_CHECK_EQ(u, vq_init(&vq, 3, pg), -EINVAL);
	UNIT_CHECK_EQ(u, vq_init(&vq, 512, pg), -EINVAL);
	UNIT_CHECK_EQ(u, vq_init(&vq, 4, pg), 0);
	struct vq_buf bad_order[2] = { { 1, 1, true }, { 2, 1, false } };
	UNIT_CHECK_EQ(u, vq_add(&vq, bad_order, 2, &tok), -EINVAL);
	struct vq_buf empty = { 1, 0, false };
	UNIT_CHECK_EQ(u, vq_add(&vq, &empty, 1, &tok), -EINVAL);
	struct vq_buf big[2] = { { 1, UINT32_MAX, true }, { 2, 2, true } };
	UNIT_CHECK_EQ(u, vq_add(&vq, big, 2, &tok), -EINVAL);
	struct vq_buf five[5] = { { 1, 1, false }, { 1, 1, false }, { 1, 1, false }, { 1, 1, false }, { 1, 1, false } };
	UNIT_CHECK_EQ(u, vq_add(&vq, five, 5, &tok), -ENOSPC);
	UNIT_CHECK_EQ(u, vq_add(&vq, five, 1, NULL), -EINVAL);
	UNIT_CHECK_EQ(u, vq_add(&vq, five, 4, &tok), 0);
	UNIT_CHECK_EQ(u, vq.avail[1], 1);
	UNIT_CHECK_EQ(u, vq.desc[0].flags, VQ_DESC_NEXT);
	UNIT_CHECK_EQ(u, vq.desc[3].flags, 0);
	/* The device scribbling over the descriptor table changes nothing
	   the driver relies on. */
	memset((void *)vq.desc, 0xFF, 64);
	*(volatile uint16_t *)(vq.used + 2) = 1;
	*(volatile uint32_t *)(vq.used + 4) = 0;
	void *t;
	uint32_t len;
	UNIT_CHECK_EQ(u, vq_get(&vq, &t, &len), 1);
	UNIT_CHECK(u, t == &tok);
	UNIT_CHECK_EQ(u, vq.nfree, 4);
	UNIT_CHECK_EQ(u, vq_add(&vq, five, 4, &tok), 0);
	for (int i = 0; i < 3; i++)
		fm.plat.dma_free(&fm.plat, &pg[i]);
}

const struct unit_case ring_cases[] = {
	{ "virtio/ring-used-index-too-far", used_index_too_far_ahead },
	{ "virtio/ring-used-id-past-queue", used_id_past_the_queue },
	{ "virtio/ring-used-id-not-a-head", used_id_not_a_head },
	{ "virtio/ring-completed-twice", completed_twice },
	{ "virtio/ring-used-length-too-long", length_past_the_writable_bytes },
	{ "virtio/ring-reinit-after-broken-device", a_fresh_init_after_a_broken_device },
	{ "virtio/ring-add-shapes", vq_add_shapes },
};
const size_t ring_ncases = sizeof(ring_cases) / sizeof(ring_cases[0]);
