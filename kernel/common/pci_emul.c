/*
 * PCI configuration space for PV domains through 0xCF8/0xCFC (mechanism
 * #1), filtered to what the domain was given.  Xen lets only its hardware
 * domain through here (a driver domain uses pcifront/pciback); Umbra has no
 * pciback, so it takes the design's option (a): the same ports, filtered
 * per function.
 *
 * Reads: the privileged domain reads every function, as Xen's hardware
 * domain does; any other domain reads only the functions its description
 * gave it (iocap.c), and all ones for the rest, as Xen answers a domain
 * that may not use the ports.  A CONFIG_ADDRESS without its enable bit
 * (bit 31) reads all ones.
 *
 * Writes reach only the functions the writing domain was given (the
 * privileged domain included: unlike Xen's dom0 it cannot re-program a
 * driver domain's device), and are dropped, without a fault, when they
 * touch
 *   - the BARs (0x10-0x27) or the expansion ROM BAR (0x30-0x33): the
 *     domain's I/O memory and port permissions were computed at boot from
 *     where the firmware placed them, so a BAR may not move;
 *   - an MSI or MSI-X capability: the hypervisor offers no MSI, and a
 *     device left free to send MSIs could write any vector to the LAPIC.
 * Everything else (command and status registers, interrupt line, the
 * device's other capabilities such as virtio's) is written through.
 *
 * Invariant: no write from a domain reaches a function it was not given,
 * and no BAR or MSI/MSI-X register of any function changes after boot.
 */
#include "domain.h"
#include "iocap.h"
#include "pci_emul.h"
#include "../arch/x86_64/pci_conf.h"

#define CF8_ENABLE      0x80000000u
#define PCI_STATUS      0x06
#define PCI_STATUS_CAPS 0x10
#define PCI_BAR0        0x10
#define PCI_BAR_END     0x28
#define PCI_ROM         0x30
#define PCI_ROM_END     0x34
#define PCI_CAP_PTR     0x34
#define CAP_MSI         0x05
#define CAP_MSIX        0x11
#define CAP_MSI_LEN     24      /* the longest MSI layout (64-bit, per-vector masking) */
#define CAP_MSIX_LEN    12
#define CAP_WALK_MAX    48      /* (256 - 64) / 4: a looping list ends here */

static bool overlaps(unsigned reg, unsigned size, unsigned from, unsigned to)
{
	return reg < to && reg + size > from;
}

/* Does [reg, reg + size) touch an MSI or MSI-X capability of bdf? */
static bool touches_msi(pci_sbdf_t bdf, unsigned reg, unsigned size)
{
	if (!(pci_conf_read(bdf, PCI_STATUS, 2) & PCI_STATUS_CAPS))
		return false;
	unsigned at = pci_conf_read(bdf, PCI_CAP_PTR, 1) & 0xfc;
	for (unsigned n = 0; at >= 0x40 && n < CAP_WALK_MAX; n++) {
		unsigned id = pci_conf_read(bdf, at, 1);
		if (id == CAP_MSI && overlaps(reg, size, at, at + CAP_MSI_LEN))
			return true;
		if (id == CAP_MSIX && overlaps(reg, size, at, at + CAP_MSIX_LEN))
			return true;
		at = pci_conf_read(bdf, at + 1, 1) & 0xfc;
	}
	return false;
}

static bool write_ok(pci_sbdf_t bdf, unsigned reg, unsigned size)
{
	return !overlaps(reg, size, PCI_BAR0, PCI_BAR_END) && !overlaps(reg, size, PCI_ROM, PCI_ROM_END) &&
	       !touches_msi(bdf, reg, size);
}

/* The access inside the dword: Xen's sizes (a 3-byte rest becomes 2). */
static unsigned clamp(unsigned offset, unsigned size)
{
	unsigned n = MIN(size, 4 - offset);
	return n == 3 ? 2 : n;
}

uint32_t pci_emul_read(struct domain *d, unsigned offset, unsigned size)
{
	uint32_t cf8 = d->io.pci_cf8;
	pci_sbdf_t bdf = (pci_sbdf_t)(cf8 >> 8);
	unsigned n = clamp(offset, size);
	uint32_t all = size == 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
	if (!(cf8 & CF8_ENABLE) || !(d->privileged || iocap_pci_ok(d, bdf)))
		return all;
	uint32_t v = pci_conf_read(bdf, (cf8 & 0xfc) + offset, n);
	return n == size ? v : (all & ~((1u << (n * 8)) - 1)) | v;
}

void pci_emul_write(struct domain *d, unsigned offset, unsigned size, uint32_t value)
{
	uint32_t cf8 = d->io.pci_cf8;
	pci_sbdf_t bdf = (pci_sbdf_t)(cf8 >> 8);
	unsigned reg = (cf8 & 0xfc) + offset, n = clamp(offset, size);
	if (!(cf8 & CF8_ENABLE) || !iocap_pci_ok(d, bdf) || !write_ok(bdf, reg, n))
		return;
	pci_conf_write(bdf, reg, n, value);
}
