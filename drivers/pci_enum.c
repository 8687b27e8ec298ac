/*
 * Finding PCI functions and decoding their BARs (pci.h).
 *
 * Enumeration is the classic depth-first scan: on each bus, each of the 32
 * devices' function 0, and functions 1-7 only when function 0 says it is
 * multi-function (header type bit 7); a vendor id of 0xFFFF means nothing
 * answers (a PV driver domain also reads all ones for every function the
 * hypervisor does not give it).  A PCI-to-PCI bridge (a type-1 header)
 * names its secondary bus, which is scanned once: a bitmap of buses seen
 * stops a bridge that names bus 0, or two bridges that name each other's
 * bus, from looping.
 *
 * BARs are taken as the firmware programmed them (on q35 SeaBIOS always
 * runs first and assigns every BAR, design/driver-domain.md 2.3): sizing a
 * BAR would mean writing all ones to a live device's address decoder, and
 * the virtio capabilities say how much of a BAR the driver uses anyway.
 */
#include <errno.h>
#include "pci.h"

struct scan {
	struct plat *p;
	struct pci_dev *out;
	unsigned max, found;
	uint8_t seen[256 / 8];          /* buses already scanned */
};

static uint32_t cfg(struct plat *p, pci_bdf_t bdf, unsigned off, unsigned width)
{
	return p->cfg_read(p, bdf, off, width);
}

static void scan_bus(struct scan *s, unsigned bus);

static void add_function(struct scan *s, pci_bdf_t bdf)
{
	struct plat *p = s->p;
	struct pci_dev d = {
		.bdf = bdf,
		.vendor = (uint16_t)cfg(p, bdf, PCI_VENDOR_ID, 2),
		.device = (uint16_t)cfg(p, bdf, PCI_DEVICE_ID, 2),
		.revision = (uint8_t)cfg(p, bdf, PCI_REVISION, 1),
		.prog_if = (uint8_t)cfg(p, bdf, PCI_CLASS_PROG, 1),
		.subclass = (uint8_t)cfg(p, bdf, PCI_CLASS_PROG + 1, 1),
		.class_code = (uint8_t)cfg(p, bdf, PCI_CLASS_PROG + 2, 1),
		.header_type = (uint8_t)(cfg(p, bdf, PCI_HEADER_TYPE, 1) & 0x7F),
		.int_pin = (uint8_t)cfg(p, bdf, PCI_INT_PIN, 1),
	};
	if (d.header_type == 0) {
		d.subsys_vendor = (uint16_t)cfg(p, bdf, PCI_SUBSYS_VENDOR, 2);
		d.subsys_id = (uint16_t)cfg(p, bdf, PCI_SUBSYS_ID, 2);
	}
	if (d.int_pin > 4)
		d.int_pin = 0;
	if (s->found < s->max)
		s->out[s->found] = d;
	s->found++;
	if (d.header_type == 1)
		scan_bus(s, cfg(p, bdf, PCI_SECONDARY_BUS, 1) & 0xFF);
}

static void scan_bus(struct scan *s, unsigned bus)
{
	if (s->seen[bus / 8] & (1u << (bus % 8)))
		return;
	s->seen[bus / 8] |= (uint8_t)(1u << (bus % 8));
	for (unsigned dev = 0; dev < 32; dev++) {
		pci_bdf_t f0 = PCI_BDF(bus, dev, 0);
		if ((cfg(s->p, f0, PCI_VENDOR_ID, 2) & 0xFFFF) == 0xFFFF)
			continue;
		bool multi = cfg(s->p, f0, PCI_HEADER_TYPE, 1) & 0x80;
		for (unsigned fn = 0; fn < (multi ? 8u : 1u); fn++) {
			pci_bdf_t bdf = PCI_BDF(bus, dev, fn);
			if ((cfg(s->p, bdf, PCI_VENDOR_ID, 2) & 0xFFFF) != 0xFFFF)
				add_function(s, bdf);
		}
	}
}

unsigned pci_enumerate(struct plat *p, struct pci_dev *out, unsigned max)
{
	struct scan s = { .p = p, .out = out, .max = max };
	scan_bus(&s, 0);
	return s.found;
}

static bool is_mem64(uint32_t bar)
{
	return !(bar & 1) && ((bar >> 1) & 3) == 2;
}

int pci_bar(struct plat *p, const struct pci_dev *d, unsigned i, struct pci_bar *out)
{
	if (d->header_type != 0 || i > 5)
		return -EINVAL;
	/* Walk from BAR 0: a 64-bit memory BAR takes two slots, so slot i
	   may be the upper half of the one below it. */
	unsigned j = 0;
	while (j < i)
		j += is_mem64(cfg(p, d->bdf, PCI_BAR0 + 4 * j, 4)) ? 2 : 1;
	if (j != i)
		return -EINVAL;
	uint32_t lo = cfg(p, d->bdf, PCI_BAR0 + 4 * i, 4);
	struct pci_bar b = { 0 };
	if (lo & 1) {
		b.io = true;
		b.addr = lo & 0xFFFCu;
	} else {
		unsigned type = (lo >> 1) & 3;
		b.prefetch = lo & 8;
		b.addr = lo & 0xFFFFFFF0u;
		if (type == 2) {
			if (i == 5)
				return -EINVAL;
			b.is64 = true;
			b.addr |= (uint64_t)cfg(p, d->bdf, PCI_BAR0 + 4 * (i + 1), 4) << 32;
		} else if (type != 0) {
			return -EINVAL;
		}
	}
	if (b.addr == 0 || lo == 0xFFFFFFFFu)
		return -EINVAL;
	*out = b;
	return 0;
}

void pci_enable(struct plat *p, const struct pci_dev *d, uint16_t bits)
{
	uint32_t cmd = cfg(p, d->bdf, PCI_COMMAND, 2);
	cmd = (cmd | bits) & ~PCI_CMD_INTX_OFF;
	p->cfg_write(p, d->bdf, PCI_COMMAND, 2, cmd & 0xFFFF);
}
