/*
 * Driving a virtio device through its common configuration (virtio_pci.h).
 *
 * Common configuration layout (virtio 1.x; design/driver-domain.md 3.3):
 * device_feature_select @0 (u32), device_feature @4, driver_feature_select
 * @8, driver_feature @12, msix_config @16 (u16), num_queues @18,
 * device_status @20 (u8), config_generation @21 (u8), queue_select @22
 * (u16), queue_size @24, queue_msix_vector @26, queue_enable @28,
 * queue_notify_off @30, queue_desc @32, queue_driver @40, queue_device @48
 * (u64 each, written as two dwords, low first).
 *
 * The initialisation order is the specification's: reset and wait for 0,
 * ACKNOWLEDGE, DRIVER, features, FEATURES_OK and read it back, queues,
 * DRIVER_OK (virtio_driver_ok, called by the device driver once its queues
 * are ready).  A refused or impossible step writes FAILED.
 */
#include <errno.h>
#include "virtio_pci.h"

enum {
	DFSEL = 0, DF = 4, GFSEL = 8, GF = 12, MSIX_CONFIG = 16, STATUS = 20, GENERATION = 21,
	Q_SELECT = 22, Q_SIZE = 24, Q_MSIX = 26, Q_ENABLE = 28, Q_NOTIFY_OFF = 30,
	Q_DESC = 32, Q_DRIVER = 40, Q_DEVICE = 48,
};

#define NO_VECTOR 0xFFFF
#define RESET_POLLS 1000000
#define GENERATION_TRIES 100

static uint32_t rd(struct virtio_dev *vd, uint32_t off, unsigned w)
{
	return plat_read(vd->plat, &vd->common, off, w);
}

static void wr(struct virtio_dev *vd, uint32_t off, unsigned w, uint32_t v)
{
	plat_write(vd->plat, &vd->common, off, w, v);
}

static void wr64(struct virtio_dev *vd, uint32_t off, uint64_t v)
{
	wr(vd, off, 4, (uint32_t)v);
	wr(vd, off + 4, 4, (uint32_t)(v >> 32));
}

uint8_t virtio_status(struct virtio_dev *vd)
{
	return (uint8_t)rd(vd, STATUS, 1);
}

static void add_status(struct virtio_dev *vd, uint8_t bits)
{
	wr(vd, STATUS, 1, virtio_status(vd) | bits);
}

void virtio_fail(struct virtio_dev *vd)
{
	add_status(vd, VIRTIO_S_FAILED);
}

void virtio_driver_ok(struct virtio_dev *vd)
{
	add_status(vd, VIRTIO_S_DRIVER_OK);
}

int virtio_reset(struct virtio_dev *vd)
{
	wr(vd, STATUS, 1, 0);
	for (unsigned i = 0; i < RESET_POLLS; i++)
		if (virtio_status(vd) == 0)
			return 0;
	return -ETIMEDOUT;
}

int virtio_negotiate(struct virtio_dev *vd, uint64_t wanted, uint64_t needed)
{
	int rc = virtio_reset(vd);
	if (rc < 0)
		return rc;
	add_status(vd, VIRTIO_S_ACKNOWLEDGE);
	add_status(vd, VIRTIO_S_DRIVER);

	uint64_t offered = 0;
	for (uint32_t word = 0; word < 2; word++) {
		wr(vd, DFSEL, 4, word);
		offered |= (uint64_t)rd(vd, DF, 4) << (32 * word);
	}
	needed |= VIRTIO_F_VERSION_1;
	if ((offered & needed) != needed) {
		virtio_fail(vd);
		return -ENODEV;
	}
	vd->features = offered & (wanted | needed);
	for (uint32_t word = 0; word < 2; word++) {
		wr(vd, GFSEL, 4, word);
		wr(vd, GF, 4, (uint32_t)(vd->features >> (32 * word)));
	}
	add_status(vd, VIRTIO_S_FEATURES_OK);
	if (!(virtio_status(vd) & VIRTIO_S_FEATURES_OK)) {
		virtio_fail(vd);
		return -EPROTO;
	}
	wr(vd, MSIX_CONFIG, 2, NO_VECTOR);
	return 0;
}

int virtio_queue_setup(struct virtio_dev *vd, struct virtq *vq, uint16_t index, uint16_t max_size)
{
	struct plat *p = vd->plat;
	struct plat_dma_page page[3];

	wr(vd, Q_SELECT, 2, index);
	uint16_t size = (uint16_t)rd(vd, Q_SIZE, 2);
	if (size == 0 || size == 0xFFFF)
		return -ENOENT;
	if (size > max_size)
		size = max_size;
	while (size & (size - 1))
		size &= (uint16_t)(size - 1);          /* round down to a power of two */

	uint64_t notify_off = (uint64_t)rd(vd, Q_NOTIFY_OFF, 2) * vd->notify_mult;
	if (notify_off > vd->notify.len || vd->notify.len - notify_off < 2)
		return -EIO;

	for (int i = 0; i < 3; i++) {
		if (p->dma_alloc(p, &page[i]) < 0) {
			while (i--)
				p->dma_free(p, &page[i]);
			return -ENOMEM;
		}
	}
	vq->index = index;
	vq->notify_off = (uint32_t)notify_off;
	vq_init(vq, size, page);
	wr(vd, Q_SIZE, 2, size);
	wr64(vd, Q_DESC, page[0].maddr);
	wr64(vd, Q_DRIVER, page[1].maddr);
	wr64(vd, Q_DEVICE, page[2].maddr);
	wr(vd, Q_MSIX, 2, NO_VECTOR);
	wr(vd, Q_ENABLE, 2, 1);
	return 0;
}

void virtio_queue_free(struct virtio_dev *vd, struct virtq *vq)
{
	for (int i = 0; i < 3; i++)
		if (vq->page[i].va)
			vd->plat->dma_free(vd->plat, &vq->page[i]);
	vq->size = 0;
}

void virtio_notify(struct virtio_dev *vd, struct virtq *vq)
{
	plat_write(vd->plat, &vd->notify, vq->notify_off, 2, vq->index);
}

uint8_t virtio_isr(struct virtio_dev *vd)
{
	return (uint8_t)plat_read(vd->plat, &vd->isr, 0, 1);
}

int virtio_config(struct virtio_dev *vd, uint32_t off, unsigned width, uint64_t *val)
{
	const struct plat_regs *r = &vd->device;
	if ((width != 1 && width != 2 && width != 4 && width != 8) || off % width ||
	    off >= r->len || r->len - off < width)
		return -EINVAL;
	for (unsigned tries = 0; tries < GENERATION_TRIES; tries++) {
		uint32_t before = rd(vd, GENERATION, 1);
		uint64_t v;
		if (width == 8)
			v = plat_read(vd->plat, r, off, 4) |
			    (uint64_t)plat_read(vd->plat, r, off + 4, 4) << 32;
		else
			v = plat_read(vd->plat, r, off, width);
		if (rd(vd, GENERATION, 1) == before) {
			*val = v;
			return 0;
		}
	}
	return -EIO;
}

int virtio_wait(struct virtio_dev *vd, uint64_t timeout_ns, int (*handle)(void *arg), void *arg)
{
	struct plat *p = vd->plat;
	int rc = p->irq_wait(p, &vd->irq, timeout_ns);
	if (rc <= 0)
		return rc;
	rc = handle(arg);
	p->irq_eoi(p, &vd->irq);
	return rc;
}
