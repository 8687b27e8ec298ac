/*
 * A domain's device permissions: the ranges of I/O ports and machine frames,
 * the GSIs and the PCI functions the system description gave it.
 *
 * Invariant: these tables are the only source of device access.  Port I/O
 * reaches hardware only inside a port range (pv_priv.c); a frame outside RAM
 * is mappable only inside a frame range (mm_env.c); a GSI becomes a PIRQ
 * only if it is in the GSI set (pirq.c); configuration space answers only
 * for the listed functions (pci_emul.c).  The tables are filled at boot by
 * dev_assign.c, which also refuses any range that would cover RAM or a
 * frame the hypervisor keeps (LAPIC, I/O APIC, HPET); nothing adds to them
 * later, and they go with the domain's struct.
 */
#include "domain.h"
#include "iocap.h"

int iocap_add_ports(struct domain *d, unsigned first, unsigned last)
{
	struct iocap *c = &d->io;
	if (c->nports == IOCAP_MAX_RANGES)
		return -1;
	c->ports[c->nports++] = (struct iocap_ports){ (uint16_t)first, (uint16_t)last };
	d->mmu.io_capable = true;
	return 0;
}

int iocap_add_frames(struct domain *d, uint64_t first, uint64_t last)
{
	struct iocap *c = &d->io;
	if (c->nframes == IOCAP_MAX_RANGES)
		return -1;
	c->frames[c->nframes++] = (struct iocap_frames){ first, last };
	d->mmu.io_capable = true;
	return 0;
}

int iocap_add_pci(struct domain *d, pci_sbdf_t bdf)
{
	struct iocap *c = &d->io;
	if (c->npci == IOCAP_MAX_PCI)
		return -1;
	c->pci[c->npci++] = bdf;
	return 0;
}

void iocap_add_gsi(struct domain *d, unsigned gsi)
{
	if (gsi < IOCAP_NR_GSIS)
		d->io.gsis |= 1u << gsi;
}

bool iocap_ports_ok(const struct domain *d, unsigned port, unsigned size)
{
	for (unsigned i = 0; i < d->io.nports; i++)
		if (port >= d->io.ports[i].first && port + size - 1 <= d->io.ports[i].last)
			return true;
	return false;
}

bool iocap_frame_ok(const struct domain *d, uint64_t mfn)
{
	for (unsigned i = 0; i < d->io.nframes; i++)
		if (mfn >= d->io.frames[i].first && mfn <= d->io.frames[i].last)
			return true;
	return false;
}

bool iocap_gsi_ok(const struct domain *d, unsigned gsi)
{
	return gsi < IOCAP_NR_GSIS && (d->io.gsis & (1u << gsi));
}

bool iocap_pci_ok(const struct domain *d, pci_sbdf_t bdf)
{
	for (unsigned i = 0; i < d->io.npci; i++)
		if (d->io.pci[i] == bdf)
			return true;
	return false;
}

bool iocap_hypervisor_frame(uint64_t mfn)
{
	return mfn == 0xfee00 || mfn == 0xfec00 || mfn == 0xfed00 ||    /* LAPIC, I/O APIC, HPET */
	       (mfn >= 0xb0000 && mfn <= 0xbffff);                      /* ECAM, 256 buses */
}

bool iocap_hypervisor_ports(unsigned first, unsigned last)
{
	static const struct iocap_ports kept[] = {
		{ 0x20, 0x21 }, { 0x40, 0x43 }, { 0x70, 0x71 }, { 0xa0, 0xa1 },
		{ 0xf4, 0xf7 }, { 0x3f8, 0x3ff }, { 0xcf8, 0xcff },
	};
	for (unsigned i = 0; i < ARRAY_SIZE(kept); i++)
		if (first <= kept[i].last && last >= kept[i].first)
			return true;
	return false;
}
