/*
 * virtio-blk over the model: the initialisation sequence and feature
 * negotiation (and the device refusing it), requests, bounds, many in
 * flight, completion out of order and queue-index wraparound
 * (drivers/virtio_ctl.c, virtio_blk.c, virtio_ring.c).
 */
#include <string.h>
#include "virtio_test.h"

static struct vblk b;

struct done_log {
	int status[512];
	unsigned calls[512];
	unsigned total;
};
static struct done_log log_;

static void done(void *arg, int status)
{
	unsigned i = (unsigned)(uintptr_t)arg;
	log_.status[i] = status;
	log_.calls[i]++;
	log_.total++;
}

static int up(void)
{
	memset(&log_, 0, sizeof(log_));
	return vblk_init(&b, &fm.plat, &blk_pci);
}

static void init_negotiates_in_order(struct unit *u)
{
	UNIT_CHECK_EQ(u, up(), 0);
	static const uint8_t order[] = { 0, 0, 1, 3, 11, 15 };   /* open resets, negotiate again */
	UNIT_CHECK_EQ(u, blkdev.nstatus, sizeof(order));
	for (unsigned i = 0; i < sizeof(order); i++)
		UNIT_CHECK_EQ(u, blkdev.status_log[i], order[i]);
	/* VERSION_1 + SEG_MAX + BLK_SIZE + FLUSH of the offer; nothing else. */
	UNIT_CHECK_EQ(u, blkdev.accepted, (1ull << 32) | (1u << 2) | (1u << 6) | (1u << 9));
	UNIT_CHECK_EQ(u, b.capacity, BLK_SECTORS);
	UNIT_CHECK_EQ(u, b.seg_max, VBLK_MAX_SEGS);         /* 254 offered, capped */
	UNIT_CHECK_EQ(u, b.blk_size, 512);
	UNIT_CHECK(u, b.can_flush && !b.read_only);
	UNIT_CHECK(u, blkdev.q[0].enabled);
	UNIT_CHECK_EQ(u, blkdev.q[0].size, 256);
	UNIT_CHECK_EQ(u, fm.nbound, 1);
	UNIT_CHECK_EQ(u, fm.gsi_bound[0], 22);              /* slot 2, INTA */
	UNIT_CHECK(u, fm.func[0].cfg[4] & 4);               /* bus master on */
}

static void refused_features_fail_the_device(struct unit *u)
{
	blkdev.refuse = 1u << 9;                            /* FLUSH */
	UNIT_CHECK_EQ(u, up(), -EPROTO);
	UNIT_CHECK(u, blkdev.status & 0x80);
	UNIT_CHECK(u, !blkdev.q[0].enabled);
}

static void legacy_only_device_is_refused(struct unit *u)
{
	blkdev.offered &= ~(1ull << 32);
	UNIT_CHECK_EQ(u, up(), -ENODEV);
	UNIT_CHECK(u, blkdev.status & 0x80);
	UNIT_CHECK_EQ(u, blkdev.accepted, 0);               /* never wrote features */
}

static void unstable_config_generation_is_an_error(struct unit *u)
{
	blkdev.unstable_generation = true;
	UNIT_CHECK_EQ(u, up(), -EIO);
	UNIT_CHECK(u, blkdev.status & 0x80);
}

static void missing_structure_means_no_device(struct unit *u)
{
	fm.func[0].cfg[0x53] = 7;                           /* the ISR cap becomes type 7 */
	UNIT_CHECK_EQ(u, up(), -ENODEV);
	fm.func[0].cfg[0x53] = 3;
	cfg_put32(fm.func[0].cfg, 0x40 + 12, 8);            /* common config 8 bytes long */
	UNIT_CHECK_EQ(u, up(), -ENODEV);
}

static void write_then_read_back(struct unit *u)
{
	UNIT_CHECK_EQ(u, up(), 0);
	struct plat_dma_page w = test_page(), r = test_page();
	for (int i = 0; i < 4096; i++)
		((uint8_t *)w.va)[i] = (uint8_t)(i * 7 + 3);
	struct vblk_seg ws[2] = { { w.maddr, 1024 }, { w.maddr + 1024, 3072 } };
	UNIT_CHECK_EQ(u, vblk_submit(&b, VBLK_WRITE, 100, ws, 2, done, (void *)0), 0);
	UNIT_CHECK_EQ(u, vblk_wait(&b, 1000), 1);
	UNIT_CHECK_EQ(u, log_.status[0], 0);
	UNIT_CHECK(u, memcmp(blkdev.disk + 100 * 512, w.va, 4096) == 0);
	struct vblk_seg rs = { r.maddr, 4096 };
	UNIT_CHECK_EQ(u, vblk_submit(&b, VBLK_READ, 100, &rs, 1, done, (void *)1), 0);
	UNIT_CHECK_EQ(u, vblk_wait(&b, 1000), 1);
	UNIT_CHECK_EQ(u, log_.status[1], 0);
	UNIT_CHECK(u, memcmp(r.va, w.va, 4096) == 0);
	UNIT_CHECK_EQ(u, vblk_submit(&b, VBLK_FLUSH, 0, NULL, 0, done, (void *)2), 0);
	UNIT_CHECK_EQ(u, vblk_poll(&b), 1);
	UNIT_CHECK_EQ(u, blkdev.flushes, 1);
	UNIT_CHECK_EQ(u, fm.eois, 2);
	UNIT_CHECK_EQ(u, vblk_wait(&b, 1000), 0);           /* nothing pending */
}

static void requests_are_checked_before_the_device_sees_them(struct unit *u)
{
	UNIT_CHECK_EQ(u, up(), 0);
	struct plat_dma_page pg = test_page();
	struct vblk_seg s = { pg.maddr, 4096 };
	UNIT_CHECK_EQ(u, vblk_submit(&b, VBLK_READ, BLK_SECTORS - 7, &s, 1, done, 0), -EINVAL);
	UNIT_CHECK_EQ(u, vblk_submit(&b, VBLK_READ, UINT64_MAX - 2, &s, 1, done, 0), -EINVAL);
	UNIT_CHECK_EQ(u, vblk_submit(&b, VBLK_READ, BLK_SECTORS - 8, &s, 1, done, 0), 0);
	s.len = 100;
	UNIT_CHECK_EQ(u, vblk_submit(&b, VBLK_READ, 0, &s, 1, done, 0), -EINVAL);
	s.len = 0;
	UNIT_CHECK_EQ(u, vblk_submit(&b, VBLK_READ, 0, &s, 1, done, 0), -EINVAL);
	s.len = 512;
	UNIT_CHECK_EQ(u, vblk_submit(&b, VBLK_READ, 0, &s, 0, done, 0), -EINVAL);
	UNIT_CHECK_EQ(u, vblk_submit(&b, VBLK_READ, 0, &s, VBLK_MAX_SEGS + 1, done, 0), -EINVAL);
	UNIT_CHECK_EQ(u, vblk_submit(&b, VBLK_FLUSH, 0, &s, 1, done, 0), -EINVAL);
	UNIT_CHECK_EQ(u, vblk_submit(&b, 2, 0, &s, 1, done, 0), -EINVAL);
	UNIT_CHECK_EQ(u, blkdev.q[0].last_avail, 1);        /* only the good one went out */
}

static void read_only_and_flushless_devices(struct unit *u)
{
	blkdev.offered = (blkdev.offered | (1u << 5)) & ~(1ull << 9);
	UNIT_CHECK_EQ(u, up(), 0);
	UNIT_CHECK(u, b.read_only && !b.can_flush);
	struct plat_dma_page pg = test_page();
	struct vblk_seg s = { pg.maddr, 512 };
	UNIT_CHECK_EQ(u, vblk_submit(&b, VBLK_WRITE, 0, &s, 1, done, 0), -EROFS);
	UNIT_CHECK_EQ(u, vblk_submit(&b, VBLK_FLUSH, 0, NULL, 0, done, 0), -EOPNOTSUPP);
	UNIT_CHECK_EQ(u, blkdev.q[0].last_avail, 0);
}

static void device_errors_reach_the_callback(struct unit *u)
{
	UNIT_CHECK_EQ(u, up(), 0);
	struct plat_dma_page pg = test_page();
	struct vblk_seg s = { pg.maddr, 512 };
	blkdev.disk_bytes = 512;                            /* the disk shrank under us */
	UNIT_CHECK_EQ(u, vblk_submit(&b, VBLK_READ, 5, &s, 1, done, (void *)0), 0);
	blkdev.skip_status = true;
	UNIT_CHECK_EQ(u, vblk_submit(&b, VBLK_READ, 0, &s, 1, done, (void *)1), 0);
	UNIT_CHECK_EQ(u, vblk_poll(&b), 2);
	UNIT_CHECK_EQ(u, log_.status[0], -EIO);
	UNIT_CHECK_EQ(u, log_.status[1], -EIO);             /* status never written: 0xFF */
}

static void many_in_flight_completed_out_of_order(struct unit *u)
{
	UNIT_CHECK_EQ(u, up(), 0);
	blkdev.defer = true;
	struct plat_dma_page pg[VBLK_SLOTS];
	for (unsigned i = 0; i < VBLK_SLOTS; i++) {
		pg[i] = test_page();
		memset(blkdev.disk + i * 4096, (int)i + 1, 4096);
		struct vblk_seg s = { pg[i].maddr, 4096 };
		UNIT_CHECK_EQ(u, vblk_submit(&b, VBLK_READ, i * 8, &s, 1, done, (void *)(uintptr_t)i), 0);
	}
	struct vblk_seg s = { pg[0].maddr, 512 };
	UNIT_CHECK_EQ(u, vblk_submit(&b, VBLK_READ, 0, &s, 1, done, (void *)999), -EAGAIN);
	UNIT_CHECK_EQ(u, blkdev.npending, VBLK_SLOTS);
	/* Release every third, then the rest from the end. */
	for (unsigned i = 0; i < blkdev.npending; i += 3)
		fv_complete(&blkdev, i);
	while (blkdev.npending)
		fv_complete(&blkdev, blkdev.npending - 1);
	UNIT_CHECK_EQ(u, vblk_interrupt(&b), VBLK_SLOTS);
	UNIT_CHECK_EQ(u, log_.total, VBLK_SLOTS);
	for (unsigned i = 0; i < VBLK_SLOTS; i++) {
		UNIT_CHECK_EQ(u, log_.calls[i], 1);
		UNIT_CHECK_EQ(u, log_.status[i], 0);
		UNIT_CHECK_EQ(u, ((uint8_t *)pg[i].va)[4095], i + 1);
	}
	UNIT_CHECK_EQ(u, b.vq.nfree, 256);
}

static void indices_wrap_around(struct unit *u)
{
	blkdev.q[0].max = 4;                                /* a tiny queue: many laps */
	blkdev.q[0].size = 4;
	UNIT_CHECK_EQ(u, up(), 0);
	UNIT_CHECK_EQ(u, b.vq.size, 4);
	struct plat_dma_page pg = test_page();
	struct vblk_seg s = { pg.maddr, 512 };
	/* Past 2^16 requests, one seg each (3 descriptors of 4): the 16-bit
	   indices wrap, and a second request must wait for descriptors. */
	for (unsigned i = 0; i < 70000; i++) {
		((uint32_t *)pg.va)[0] = i;
		UNIT_CHECK_EQ(u, vblk_submit(&b, VBLK_WRITE, i % BLK_SECTORS, &s, 1, done, (void *)1), 0);
		UNIT_CHECK_EQ(u, vblk_submit(&b, VBLK_FLUSH, 0, NULL, 0, done, (void *)2), -EAGAIN);
		UNIT_CHECK_EQ(u, vblk_poll(&b), 1);
		UNIT_CHECK_EQ(u, log_.status[1], 0);
	}
	UNIT_CHECK_EQ(u, log_.calls[1], 70000);
	UNIT_CHECK_EQ(u, blkdev.q[0].used_idx, (uint16_t)70000);
	UNIT_CHECK_EQ(u, ((uint32_t *)(blkdev.disk + (69999 % BLK_SECTORS) * 512))[0], 69999);
}

/* Queued requests reach the device with one notification, at the kick,
   each with one descriptor per page (a vectored request). */
static void queued_requests_one_kick(struct unit *u)
{
	UNIT_CHECK_EQ(u, up(), 0);
	struct plat_dma_page pg[6];
	for (unsigned i = 0; i < 6; i++) {
		pg[i] = test_page();
		memset(blkdev.disk + i * 4096, (int)i + 1, 4096);
	}
	unsigned before = blkdev.q[0].notifies;
	for (unsigned r = 0; r < 3; r++) {
		struct vblk_seg s[2] = { { pg[2 * r].maddr, 4096 }, { pg[2 * r + 1].maddr, 4096 } };
		UNIT_CHECK_EQ(u, vblk_queue(&b, VBLK_READ, r * 16, s, 2, done, (void *)(uintptr_t)r), 0);
	}
	UNIT_CHECK_EQ(u, blkdev.q[0].notifies, before);      /* not told yet */
	UNIT_CHECK_EQ(u, vblk_poll(&b), 0);
	vblk_kick(&b);
	UNIT_CHECK_EQ(u, blkdev.q[0].notifies, before + 1);
	vblk_kick(&b);                                       /* nothing new: no notification */
	UNIT_CHECK_EQ(u, blkdev.q[0].notifies, before + 1);
	UNIT_CHECK_EQ(u, vblk_poll(&b), 3);
	for (unsigned i = 0; i < 6; i++)
		UNIT_CHECK_EQ(u, ((uint8_t *)pg[i].va)[4095], i + 1);
}

const struct unit_case blk_cases[] = {
	{ "virtio/blk-init-negotiation", init_negotiates_in_order },
	{ "virtio/blk-feature-refusal", refused_features_fail_the_device },
	{ "virtio/blk-legacy-only-refused", legacy_only_device_is_refused },
	{ "virtio/blk-config-generation-unstable", unstable_config_generation_is_an_error },
	{ "virtio/blk-missing-structure", missing_structure_means_no_device },
	{ "virtio/blk-write-read-flush", write_then_read_back },
	{ "virtio/blk-requests-checked", requests_are_checked_before_the_device_sees_them },
	{ "virtio/blk-read-only-no-flush", read_only_and_flushless_devices },
	{ "virtio/blk-device-errors", device_errors_reach_the_callback },
	{ "virtio/blk-many-in-flight-out-of-order", many_in_flight_completed_out_of_order },
	{ "virtio/blk-queue-wraparound", indices_wrap_around },
	{ "virtio/blk-queued-one-kick", queued_requests_one_kick },
};
const size_t blk_ncases = sizeof(blk_cases) / sizeof(blk_cases[0]);
