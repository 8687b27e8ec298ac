/*
 * PCI capability lists and q35 INTx routing (pci.h).
 *
 * The capability list starts at the pointer in byte 0x34 when status bit 4
 * says there is one; each entry is {id, next, ...}.  Every pointer comes
 * from the device, so it is masked to a dword boundary, must point into
 * 0x40-0xFF, and the walk gives up after PCI_CAP_MAX steps: a chain that
 * loops or leaves the space ends the walk instead of the driver.
 *
 * INTx on q35 (design/driver-domain.md 2.4): QEMU wires pin p (1 = INTA) of
 * bus-0 slot s (0-24) to PIRQ line E-H number (s + p - 1) mod 4, and PIRQ
 * line n (A = 0) to I/O APIC input 16 + n.  The Interrupt Line register
 * holds the firmware's 8259 routing, which is not the GSI, so it is not read.
 */
#include <errno.h>
#include "pci.h"

unsigned pci_cap_find(struct plat *p, const struct pci_dev *d, uint8_t id, unsigned pos)
{
	unsigned next;

	if (pos == 0) {
		if (!(p->cfg_read(p, d->bdf, PCI_STATUS, 2) & PCI_STATUS_CAPS))
			return 0;
		next = p->cfg_read(p, d->bdf, PCI_CAP_PTR, 1);
	} else {
		if (pos < 0x40 || pos > 0xFC || pos % 4)
			return 0;
		next = p->cfg_read(p, d->bdf, pos + 1, 1);
	}
	for (unsigned steps = 0; steps < PCI_CAP_MAX; steps++) {
		next &= 0xFC;
		if (next < 0x40)
			return 0;
		if ((p->cfg_read(p, d->bdf, next, 1) & 0xFF) == id)
			return next;
		next = p->cfg_read(p, d->bdf, next + 1, 1);
	}
	return 0;
}

int pci_intx_gsi_q35(const struct pci_dev *d)
{
	if (d->int_pin < 1 || d->int_pin > 4)
		return -ENODEV;
	if (PCI_BUS(d->bdf) != 0 || PCI_DEV(d->bdf) > 24)
		return -EOPNOTSUPP;
	return 16 + 4 + (int)((PCI_DEV(d->bdf) + d->int_pin - 1) % 4);
}
