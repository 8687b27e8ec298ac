/*
 * The back-end domain's real disks: every virtio-blk function the
 * hypervisor gave this domain (its <hostdev>s; tools/umbra attaches one per
 * described <disk>, backed by the disk's image file), each behind the
 * blk_store calls (split-drivers/blk_store.h) blkback serves a vbd from.
 *
 * At start bbd_virtio_start() brings up the PV driver platform
 * (drivers/plat_pv.c: IOPL 1, configuration space through 0xCF8/0xCFC),
 * enumerates PCI and initialises every virtio-blk function it can reach
 * (drivers/virtio_blk.c); a virtio-net function goes to bbd_nic.c (the
 * bridge's NIC port), on the same platform.  A vbd whose backend directory names one of them
 * (the `pci-device` node dom0 writes) claims it; one device serves one vbd
 * at a time.
 *
 * Each store call is synchronous: the caller's buffer is cut at machine
 * page boundaries into one virtio segment per page (the buffer is ours,
 * blkback's bounce buffer, whose pages are not machine-contiguous; each
 * page's machine address comes from the p2m), the request is submitted and
 * waited for (the device's interrupt, or a poll of its used ring every
 * 100 ms, so an interrupt consumed elsewhere on a shared line costs at most
 * that).  A request the device has not finished after 30 s, or a device
 * that breaks the virtio ring's rules, fails the request, and the device
 * is closed: every later request on it fails with an I/O error (blkback
 * answers BLKIF_RSP_ERROR), nothing else is affected.
 *
 * Invariant: the device is only handed machine addresses of pages this
 * domain owns (the caller's buffer, checked 512-aligned, and the driver's
 * own DMA pages), and a store call returns only when its request is no
 * longer in flight, so the device never writes a buffer that was given
 * back.  What the device itself may do by DMA is not confined (no IOMMU:
 * docs/driver-domain.md).
 */
#include <errno.h>
#include <stdio.h>
#include "bbd.h"
#include "pci.h"
#include "plat_pv.h"
#include "pt.h"
#include "virtio_blk.h"

#define BBD_DEVS        8               /* tools/umbra attaches at most 8 disks */
#define BBD_IO_TIMEOUT  30000000000ull
#define BBD_POLL_NS     100000000ull

struct bbd_dev {
	struct blk_store store;         /* first: the store is the device */
	struct vblk vb;
	pci_bdf_t bdf;
	bool claimed;
};

static struct plat plat;
static struct bbd_dev devs[BBD_DEVS];
static unsigned ndevs;

struct wait {
	bool finished;
	int status;
};

static void finished(void *arg, int status)
{
	struct wait *w = arg;
	w->status = status;
	w->finished = true;
}

/* One request, waited for; 0 or -1. */
static int run(struct bbd_dev *d, enum vblk_op op, uint64_t sector, const struct vblk_seg *segs, unsigned n)
{
	struct wait w = { false, 0 };
	if (vblk_submit(&d->vb, op, sector, segs, n, finished, &w) < 0)
		return -1;
	uint64_t deadline = system_time_ns() + BBD_IO_TIMEOUT;
	while (!w.finished) {
		if (system_time_ns() >= deadline) {
			printf("blkback: virtio-blk %02x:%02x.%u: a request took more than 30 s: device closed\n",
			       PCI_BUS(d->bdf), PCI_DEV(d->bdf), PCI_FN(d->bdf));
			vblk_close(&d->vb);     /* fails it (and so finishes it) with -EIO */
			break;
		}
		if (vblk_wait(&d->vb, BBD_POLL_NS) == 0)
			vblk_poll(&d->vb);
	}
	return w.status == 0 ? 0 : -1;
}

/* count sectors at buf from or to sector, in requests of at most seg_max
   pages; 0 or -1. */
static int transfer(struct blk_store *s, enum vblk_op op, uint64_t sector, uint32_t count, const void *buf)
{
	struct bbd_dev *d = (struct bbd_dev *)s;
	uintptr_t at = (uintptr_t)buf, end = at + (uintptr_t)count * 512;
	if (sector > s->sectors || count > s->sectors - sector || at % 512)
		return -1;
	while (at < end) {
		struct vblk_seg segs[VBLK_MAX_SEGS];
		unsigned n = 0;
		uint64_t first = sector;
		while (at < end && n < d->vb.seg_max) {
			uint32_t len = (uint32_t)(4096 - at % 4096);
			if (len > end - at)
				len = (uint32_t)(end - at);
			segs[n++] = (struct vblk_seg){ (pt_va_mfn((void *)at) << 12) | (at % 4096), len };
			at += len;
			sector += len / 512;
		}
		if (run(d, op, first, segs, n))
			return -1;
	}
	return 0;
}

static int dev_read(struct blk_store *s, uint64_t sector, uint32_t count, void *buf)
{
	return transfer(s, VBLK_READ, sector, count, buf);
}

static int dev_write(struct blk_store *s, uint64_t sector, uint32_t count, const void *buf)
{
	return s->readonly ? -1 : transfer(s, VBLK_WRITE, sector, count, buf);
}

/* A device without VIRTIO_BLK_F_FLUSH has no volatile cache to flush. */
static int dev_flush(struct blk_store *s)
{
	struct bbd_dev *d = (struct bbd_dev *)s;
	return d->vb.can_flush ? run(d, VBLK_FLUSH, 0, NULL, 0) : 0;
}

void bbd_virtio_start(void)
{
	static struct pci_dev found[32];
	int rc = plat_pv_init(&plat);
	if (rc < 0) {
		printf("blkback: no port I/O (%d): no virtio devices\n", rc);
		return;
	}
	unsigned n = pci_enumerate(&plat, found, 32);
	for (unsigned i = 0; i < n && i < 32; i++) {
		if (virtio_pci_type(&found[i]) == VIRTIO_TYPE_NET)
			bbd_nic_attach(&plat, &found[i]);
		if (virtio_pci_type(&found[i]) != VIRTIO_TYPE_BLOCK || ndevs == BBD_DEVS)
			continue;
		struct bbd_dev *d = &devs[ndevs];
		pci_bdf_t bdf = found[i].bdf;
		rc = vblk_init(&d->vb, &plat, &found[i]);
		if (rc < 0) {
			printf("blkback: virtio-blk %02x:%02x.%u: cannot start it (%d)\n", PCI_BUS(bdf), PCI_DEV(bdf),
			       PCI_FN(bdf), rc);
			continue;
		}
		d->bdf = bdf;
		d->store = (struct blk_store){ d->vb.capacity, d->vb.read_only, dev_read, dev_write, dev_flush };
		ndevs++;
		printf("blkback: virtio-blk %02x:%02x.%u: %lu sectors%s%s\n", PCI_BUS(bdf), PCI_DEV(bdf), PCI_FN(bdf),
		       (unsigned long)d->vb.capacity, d->vb.read_only ? ", read-only" : "",
		       d->vb.can_flush ? ", flush" : "");
	}
}

struct blk_store *bbd_virtio_claim(const char *pci, const char **why)
{
	uint16_t bdf;
	if (!vbd_parse_pci(pci, &bdf)) {
		*why = "pci-device is not a PCI function (0000:BB:DD.F)";
		return NULL;
	}
	for (unsigned i = 0; i < ndevs; i++) {
		if (devs[i].bdf != bdf)
			continue;
		if (devs[i].claimed) {
			*why = "its pci-device serves another vbd";
			return NULL;
		}
		devs[i].claimed = true;
		return &devs[i].store;
	}
	*why = "its pci-device is not a virtio-blk this domain drives";
	return NULL;
}

void bbd_virtio_release(struct blk_store *s)
{
	for (unsigned i = 0; i < ndevs; i++)
		if (&devs[i].store == s)
			devs[i].claimed = false;
}
