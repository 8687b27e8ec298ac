/*
 * Where a PV domain's permitted port access goes, once pv_priv.c has
 * found the guest allowed to do port I/O at all (its virtual IOPL or I/O
 * bitmap; else #GP).  Xen's order (emul-priv-op.c guest_io_read/write):
 *
 *   1. the whole access lies in one of the domain's I/O port ranges
 *      (iocap.c), and is not a dword at 0xCF8: the real port is read or
 *      written;
 *   2. a dword at 0xCF8 reads or writes the domain's own CONFIG_ADDRESS,
 *      never the hardware's;
 *   3. 0xCFC-0xCFF: configuration space as pci_emul.c filters it;
 *   4. anything else reads all ones and drops writes, without a fault.
 *
 * Invariant: hardware ports are reached only through rule 1, and the ranges
 * rule 1 trusts never include a port the hypervisor itself drives
 * (dev_assign.c refuses them at boot).
 */
#include "domain.h"
#include "iocap.h"
#include "pci_emul.h"
#include "pv.h"
#include "../arch/x86_64/cpu.h"

#define PCI_CF8 0xcf8

static uint32_t ones(unsigned size)
{
	return size == 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
}

static bool admin_io_ok(const struct domain *d, unsigned port, unsigned size)
{
	return iocap_ports_ok(d, port, size) && !(port == PCI_CF8 && size == 4);
}

uint32_t pv_io_read(struct domain *d, unsigned port, unsigned size)
{
	if (admin_io_ok(d, port, size)) {
		switch (size) {
		case 1: return inb((uint16_t)port);
		case 2: return inw((uint16_t)port);
		default: return inl((uint16_t)port);
		}
	}
	if (port == PCI_CF8 && size == 4)
		return d->io.pci_cf8;
	if ((port & ~3u) == PCI_CF8 + 4)
		return pci_emul_read(d, port & 3, size);
	return ones(size);
}

void pv_io_write(struct domain *d, unsigned port, unsigned size, uint32_t value)
{
	if (admin_io_ok(d, port, size)) {
		switch (size) {
		case 1: outb((uint16_t)port, (uint8_t)value); return;
		case 2: outw((uint16_t)port, (uint16_t)value); return;
		default: outl((uint16_t)port, value); return;
		}
	}
	if (port == PCI_CF8 && size == 4)
		d->io.pci_cf8 = value;
	else if ((port & ~3u) == PCI_CF8 + 4)
		pci_emul_write(d, port & 3, size, value);
}
