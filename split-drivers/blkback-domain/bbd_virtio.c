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
 * The store is asynchronous: submit turns a blk_io into one virtio
 * request with one descriptor per piece (blkback's pieces lie within one
 * page of its bounce buffer, whose pages are not machine-contiguous; each
 * page's machine address comes from the p2m) and queues it; kick tells the
 * device once for all queued since (drivers/virtio_blk.c: vblk_queue,
 * vblk_kick).  The main loop waits on each claimed device's interrupt port
 * with the others (bbd_virtio_ports); bbd_virtio_serve reads the ISR and
 * ends the interrupt when the port fired, and looks at the used ring of a
 * device with requests outstanding every round anyway (an interrupt taken
 * by another function on a shared line costs at most the loop's 100 ms);
 * each finished request's done runs then, and blkback answers it (or
 * queues the flush of a barrier, kicked before the round ends).  A device
 * that finished nothing for 30 s while it had requests, or that broke the
 * virtio ring's rules, is closed: what it held fails, and so does every
 * later request on it (blkback answers BLKIF_RSP_ERROR); nothing else is
 * affected.
 *
 * Invariant: the device is only handed machine addresses of pages this
 * domain owns (blkback's bounce pages, each piece checked 512-aligned and
 * inside one page, and the driver's own DMA pages), and a request's pages
 * are not given back while it is in flight: blkback reuses them only after
 * done ran, and a vbd is disconnected only once blkback_in_flight is 0
 * (bbd_virtio_wait, bbd_vbd.c), so the device never writes a buffer that
 * was given back.  What the device itself may do by DMA is not confined
 * (no IOMMU: docs/driver-domain.md).
 */
#include <errno.h>
#include <stdio.h>
#include "bbd.h"
#include "pci.h"
#include "plat_pv.h"
#include "pt.h"
#include "virtio_blk.h"

#define BBD_IO_TIMEOUT  30000000000ull
#define BBD_POLL_NS     100000000ull

struct bbd_dev {
	struct blk_store store;         /* first: the store is the device */
	struct vblk vb;
	pci_bdf_t bdf;
	bool claimed;
	uint64_t last_progress;         /* system time of its last completion, or first request */
};

static struct plat plat;
static struct bbd_dev devs[BBD_BLK_DEVS];
static unsigned ndevs;

static void finished(void *arg, int status)
{
	struct blk_io *io = arg;
	io->done(io, status == 0 ? 0 : -1);
}

/* The virtio request for io, queued; done with -1 when it cannot be. */
static void dev_submit(struct blk_store *s, struct blk_io *io)
{
	struct bbd_dev *d = (struct bbd_dev *)s;
	struct vblk_seg segs[BLK_IO_PIECES];
	if (io->op == BLK_FLUSH && !d->vb.can_flush)
		return io->done(io, 0);         /* no volatile cache to flush */
	if ((io->op == BLK_WRITE && s->readonly) || io->n > BLK_IO_PIECES)
		return io->done(io, -1);
	for (unsigned i = 0; i < io->n; i++) {
		uintptr_t at = (uintptr_t)io->piece[i].buf;
		uint32_t len = io->piece[i].len;
		if (at % 512 || len == 0 || len % 512 || at % 4096 + len > 4096)
			return io->done(io, -1);
		segs[i] = (struct vblk_seg){ (pt_va_mfn(io->piece[i].buf) << 12) | (at % 4096), len };
	}
	enum vblk_op op = io->op == BLK_READ ? VBLK_READ : io->op == BLK_WRITE ? VBLK_WRITE : VBLK_FLUSH;
	if (!d->vb.in_flight)
		d->last_progress = system_time_ns();
	if (vblk_queue(&d->vb, op, io->sector, segs, io->n, finished, io) < 0)
		io->done(io, -1);
}

static void dev_kick(struct blk_store *s)
{
	vblk_kick(&((struct bbd_dev *)s)->vb);
}

static void close_dev(struct bbd_dev *d, const char *why)
{
	printf("blkback: virtio-blk %02x:%02x.%u: %s: device closed\n", PCI_BUS(d->bdf), PCI_DEV(d->bdf),
	       PCI_FN(d->bdf), why);
	vblk_close(&d->vb);             /* fails what it held (each done runs) with -EIO */
}

unsigned bbd_virtio_ports(evtchn_port_t *ports, unsigned n)
{
	for (unsigned i = 0; i < ndevs; i++)
		if (devs[i].claimed && !devs[i].vb.dead)
			ports[n++] = devs[i].vb.vd.irq.port;
	return n;
}

void bbd_virtio_serve(void)
{
	bool fired[BBD_BLK_DEVS];
	for (unsigned i = 0; i < ndevs; i++)      /* a shared line: every function on it looks */
		fired[i] = !devs[i].vb.dead && events_pending(devs[i].vb.vd.irq.port);
	for (unsigned i = 0; i < ndevs; i++)
		if (fired[i])
			events_clear(devs[i].vb.vd.irq.port);
	uint64_t now = system_time_ns();
	for (unsigned i = 0; i < ndevs; i++) {
		struct bbd_dev *d = &devs[i];
		if (d->vb.dead || (!fired[i] && !d->vb.in_flight))
			continue;
		int rc = fired[i] ? vblk_interrupt(&d->vb) : vblk_poll(&d->vb);
		if (fired[i])
			plat.irq_eoi(&plat, &d->vb.vd.irq);
		vblk_kick(&d->vb);              /* what a done queued (a barrier's flush) */
		if (rc > 0)
			d->last_progress = now;
		if (rc < 0)
			close_dev(d, "it broke the virtio ring's rules");
		else if (d->vb.in_flight && now - d->last_progress > BBD_IO_TIMEOUT)
			close_dev(d, "no request finished in 30 s");
	}
}

void bbd_virtio_wait(struct blk_store *s)
{
	struct bbd_dev *d = (struct bbd_dev *)s;
	if (!d->vb.dead) {
		evtchn_port_t p = d->vb.vd.irq.port;
		evtchn_poll(&p, 1, system_time_ns() + BBD_POLL_NS);
	}
	bbd_virtio_serve();
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
		if (virtio_pci_type(&found[i]) != VIRTIO_TYPE_BLOCK || ndevs == BBD_BLK_DEVS)
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
		d->store = (struct blk_store){ d->vb.capacity, d->vb.read_only, dev_submit, dev_kick };
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
