/*
 * Finding a virtio function's structures (virtio_pci.h).
 *
 * A virtio PCI function has vendor 0x1AF4 and device id 0x1000-0x107F:
 * modern ids are 0x1040 + type, transitional ids (0x1000-0x103F) carry the
 * type in the subsystem id.  Its structures hang off vendor-specific
 * capabilities (id 9): {vndr, next, cap_len, cfg_type, bar, id, pad[2],
 * u32 offset, u32 length}, the notify one followed by a u32
 * notify_off_multiplier (cap_len >= 20).  The first capability of each of
 * the types common (1), notify (2), ISR (3) and device (4) that is well
 * formed is used: cap_len large enough, a BAR that exists, offset + length
 * inside 32 bits, and at least the bytes the driver touches (common 56,
 * notify 2, ISR 1).  Windows are mapped no larger than the driver can use.
 */
#include <errno.h>
#include "virtio_pci.h"

enum { CAP_COMMON = 1, CAP_NOTIFY = 2, CAP_ISR = 3, CAP_DEVICE = 4 };

#define COMMON_NEEDED 56                /* through queue_device */
#define WINDOW_MAX 0x10000u

unsigned virtio_pci_type(const struct pci_dev *d)
{
	if (d->vendor != VIRTIO_VENDOR || d->device < 0x1000 || d->device > 0x107F)
		return 0;
	if (d->device >= 0x1040)
		return d->device - 0x1040u;
	return d->header_type == 0 ? d->subsys_id : 0;
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

/* Map the structure the capability at `cap` describes; 0 or -errno. */
static int map_cap(struct virtio_dev *vd, unsigned cap, uint32_t needed, struct plat_regs *out)
{
	struct plat *p = vd->plat;
	pci_bdf_t bdf = vd->pci.bdf;
	struct pci_bar bar;
	unsigned bar_index = p->cfg_read(p, bdf, cap + 4, 1) & 0xFF;
	uint32_t off = p->cfg_read(p, bdf, cap + 8, 4);
	uint32_t len = p->cfg_read(p, bdf, cap + 12, 4);

	if (len < needed || len > UINT32_MAX - off)
		return -EINVAL;
	if (pci_bar(p, &vd->pci, bar_index, &bar) < 0)
		return -EINVAL;
	if (bar.io && (uint64_t)off + len > 0x10000 - bar.addr)
		return -EINVAL;
	return p->map_regs(p, bar.io ? PLAT_PORT : PLAT_MMIO, bar.addr + off,
	                   min_u32(len, WINDOW_MAX), out);
}

static int find_structures(struct virtio_dev *vd)
{
	struct plat *p = vd->plat;
	pci_bdf_t bdf = vd->pci.bdf;
	bool have[5] = { false };

	for (unsigned cap = pci_cap_find(p, &vd->pci, PCI_CAP_VENDOR, 0); cap;
	     cap = pci_cap_find(p, &vd->pci, PCI_CAP_VENDOR, cap)) {
		unsigned cap_len = p->cfg_read(p, bdf, cap + 2, 1) & 0xFF;
		unsigned type = p->cfg_read(p, bdf, cap + 3, 1) & 0xFF;
		if (type < CAP_COMMON || type > CAP_DEVICE || have[type] || cap_len < 16 ||
		    cap + 16 > 256)
			continue;
		switch (type) {
		case CAP_COMMON:
			have[type] = map_cap(vd, cap, COMMON_NEEDED, &vd->common) == 0;
			break;
		case CAP_NOTIFY:
			if (cap_len < 20 || cap + 20 > 256)
				continue;
			vd->notify_mult = p->cfg_read(p, bdf, cap + 16, 4);
			have[type] = map_cap(vd, cap, 2, &vd->notify) == 0;
			break;
		case CAP_ISR:
			have[type] = map_cap(vd, cap, 1, &vd->isr) == 0;
			break;
		case CAP_DEVICE:
			have[type] = map_cap(vd, cap, 0, &vd->device) == 0;
			break;
		}
	}
	return have[CAP_COMMON] && have[CAP_NOTIFY] && have[CAP_ISR] ? 0 : -ENODEV;
}

int virtio_open(struct virtio_dev *vd, struct plat *p, const struct pci_dev *d)
{
	*vd = (struct virtio_dev){ .plat = p, .pci = *d, .type = virtio_pci_type(d) };
	if (!vd->type)
		return -ENODEV;
	int rc = find_structures(vd);
	if (rc < 0)
		return rc;
	bool io = vd->common.space == PLAT_PORT || vd->notify.space == PLAT_PORT ||
	          vd->isr.space == PLAT_PORT || vd->device.space == PLAT_PORT;
	/* Decoding first, so the device can be reset (the firmware may have
	   left it running on rings in its own memory) before it may master. */
	pci_enable(p, d, (uint16_t)(PCI_CMD_MEM | (io ? PCI_CMD_IO : 0)));
	rc = virtio_reset(vd);
	if (rc < 0)
		return rc;
	pci_enable(p, d, PCI_CMD_MASTER);
	int gsi = pci_intx_gsi_q35(d);
	if (gsi < 0)
		return gsi;
	return p->irq_bind(p, (unsigned)gsi, &vd->irq);
}
