/*
 * Giving a boot-time domain the devices its system description names
 * (<hostdev>, <ioport>, <irq>): what Xen's toolstack does with
 * XEN_DOMCTL_ioport_permission / iomem_permission / irq_permission and
 * PHYSDEVOP_map_pirq, done here once, before the domain first runs.
 *
 * For each PCI function the hypervisor reads configuration space as the
 * firmware (SeaBIOS) left it: the function must exist and be an endpoint
 * (header type 0); each BAR the firmware assigned is sized (decoding off
 * meanwhile, as the PCI rule says) and becomes an I/O port range or a range
 * of machine frames the domain may use; its interrupt pin becomes the GSI
 * QEMU's q35 wires it to (slot s, pin p on bus 0: GSI 20 + (s + p - 1) mod
 * 4).  Bus mastering is switched off, so a device the firmware left running
 * (SeaBIOS leaves virtio-blk's queue live) does no DMA until its new driver
 * turns it on again.  Each GSI the domain gets is mapped into its PIRQ
 * space as PIRQ = GSI (Xen's convention for GSIs), ready for
 * EVTCHNOP_bind_pirq.
 *
 * Invariant: nothing given here reaches what the hypervisor needs.  A
 * range that would cover RAM, the LAPIC, the I/O APIC, the HPET or the ECAM
 * window, a port range with a port the hypervisor drives, a GSI outside the
 * I/O APIC's 24 inputs or one the hypervisor uses (0 and 2: timer, 4: the
 * serial port), a port range overlapping one already given (to this or
 * another domain: an <ioport> over another domain's I/O BAR), and a
 * function that is missing or a bridge all stop the boot with one line.
 *
 * Without an IOMMU none of this limits DMA: a device the domain programs
 * can read and write any machine frame (docs/driver-domain.md).  What the
 * hypervisor can do, it does when the domain dies (dev_release): each of
 * its functions has bus mastering and decoding switched off before any of
 * the domain's frames return to the free pool, so a request the dead
 * driver left in flight cannot complete by DMA into a frame that is
 * already someone else's.
 */
#include "console.h"
#include "domain.h"
#include "iocap.h"
#include "machine.h"
#include "mm.h"
#include "pirq.h"
#include "dev_assign.h"
#include "../arch/x86_64/pci_conf.h"

#define PCI_VENDOR     0x00
#define PCI_COMMAND    0x04
#define PCI_CMD_DECODE 0x0003           /* I/O and memory decoding */
#define PCI_CMD_MASTER 0x0004
#define PCI_HEADER     0x0e
#define PCI_BAR0       0x10
#define PCI_INT_PIN    0x3d
#define PCI_INTX_SLOTS 25               /* bus 0 slots QEMU wires to PIRQ E-H */
#define GSI_PCI_FIRST  20               /* PIRQ E's GSI */

static bool hypervisor_gsi(unsigned gsi)
{
	return gsi == 0 || gsi == 2 || gsi == 4;
}

static void give_ports(struct domain *d, const char *what, unsigned first, unsigned last)
{
	if (last < first || last > 0xffff)
		boot_refuse("boot manifest: domain %s: %s: I/O ports 0x%x-0x%x are not a port range", d->name, what, first, last);
	if (iocap_hypervisor_ports(first, last))
		boot_refuse("boot manifest: domain %s: %s: I/O ports 0x%x-0x%x include ports the hypervisor drives",
			    d->name, what, first, last);
	unsigned i = 0;
	for (struct domain *o; (o = domain_iter(&i));)
		for (unsigned r = 0; r < o->io.nports; r++)
			if (first <= o->io.ports[r].last && last >= o->io.ports[r].first)
				boot_refuse("boot manifest: domain %s: %s: I/O ports 0x%x-0x%x overlap domain %s's "
					    "0x%x-0x%x", d->name, what, first, last, o->name,
					    o->io.ports[r].first, o->io.ports[r].last);
	if (iocap_add_ports(d, first, last))
		boot_refuse("boot manifest: domain %s: more than %u I/O port ranges", d->name, IOCAP_MAX_RANGES);
}

static void give_frames(struct domain *d, const char *what, uint64_t base, uint64_t size)
{
	uint64_t first = base >> PAGE_SHIFT, last = (base + size - 1) >> PAGE_SHIFT;
	for (uint64_t mfn = first; mfn <= last; mfn++)
		if ((mfn < max_mfn && frame_table[mfn].owner != DOMID_IO) || iocap_hypervisor_frame(mfn))
			boot_refuse("boot manifest: domain %s: %s: memory 0x%lx-0x%lx overlaps RAM or the hypervisor's devices",
				    d->name, what, base, base + size - 1);
	if (iocap_add_frames(d, first, last))
		boot_refuse("boot manifest: domain %s: more than %u I/O memory ranges", d->name, IOCAP_MAX_RANGES);
}

static void give_gsi(struct domain *d, unsigned gsi)
{
	if (gsi >= IOCAP_NR_GSIS || hypervisor_gsi(gsi))
		boot_refuse("boot manifest: domain %s: IRQ %u is not a GSI a domain may have (0-23 but 0, 2 and 4)",
			    d->name, gsi);
	iocap_add_gsi(d, gsi);
	(void)pirq_map_gsi(d, gsi, (int)gsi);   /* cannot fail: at boot PIRQ n only ever maps GSI n */
}

/* Size BAR i (decoding is off); returns how many BAR slots it used (1 or 2). */
static unsigned give_bar(struct domain *d, const char *name, pci_sbdf_t bdf, unsigned i)
{
	unsigned reg = PCI_BAR0 + 4 * i;
	uint32_t lo = pci_conf_read(bdf, reg, 4);
	pci_conf_write(bdf, reg, 4, 0xffffffffu);
	uint32_t lo_mask = pci_conf_read(bdf, reg, 4);
	pci_conf_write(bdf, reg, 4, lo);
	if (lo & 1) {
		uint32_t size = (~(lo_mask & ~3u) + 1) & 0xffff;
		if (size && (lo & ~3u))
			give_ports(d, name, lo & 0xfffc, (lo & 0xfffc) + size - 1);
		return 1;
	}
	uint64_t base = lo & ~0xfull, mask = lo_mask & ~0xfull;
	bool wide = ((lo >> 1) & 3) == 2;
	if (wide && i < 5) {
		uint32_t hi = pci_conf_read(bdf, reg + 4, 4);
		pci_conf_write(bdf, reg + 4, 4, 0xffffffffu);
		uint32_t hi_mask = pci_conf_read(bdf, reg + 4, 4);
		pci_conf_write(bdf, reg + 4, 4, hi);
		base |= (uint64_t)hi << 32;
		mask |= (uint64_t)hi_mask << 32;
	} else {
		mask |= 0xffffffff00000000ull;
	}
	uint64_t size = ~mask + 1;
	if (mask && base)
		give_frames(d, name, base, size);
	return wide ? 2 : 1;
}

static void give_pci(struct domain *d, const struct manifest_pci *p)
{
	char name[24];
	snprintf(name, sizeof(name), "PCI %04x:%02x:%02x.%u", p->segment, p->bus, p->dev, p->fn);
	if (p->segment)
		boot_refuse("boot manifest: domain %s: %s: only PCI segment 0 exists on this machine", d->name, name);
	pci_sbdf_t bdf = PCI_SBDF(p->bus, p->dev, p->fn);
	if (pci_conf_read(bdf, PCI_VENDOR, 2) == 0xffff)
		boot_refuse("boot manifest: domain %s: %s is not present", d->name, name);
	if (pci_conf_read(bdf, PCI_HEADER, 1) & 0x7f)
		boot_refuse("boot manifest: domain %s: %s is a bridge, not a device", d->name, name);
	if (iocap_add_pci(d, bdf))
		boot_refuse("boot manifest: domain %s: more than %u PCI devices", d->name, IOCAP_MAX_PCI);
	uint32_t cmd = pci_conf_read(bdf, PCI_COMMAND, 2);
	pci_conf_write(bdf, PCI_COMMAND, 2, cmd & ~(PCI_CMD_DECODE | PCI_CMD_MASTER));
	for (unsigned i = 0; i < 6;)
		i += give_bar(d, name, bdf, i);
	pci_conf_write(bdf, PCI_COMMAND, 2, cmd & ~PCI_CMD_MASTER);
	unsigned pin = pci_conf_read(bdf, PCI_INT_PIN, 1);
	if (pin >= 1 && pin <= 4 && p->bus == 0 && p->dev < PCI_INTX_SLOTS)
		give_gsi(d, GSI_PCI_FIRST + (p->dev + pin - 1) % 4);
	else if (pin)
		log_warn("domain %s: %s: INT%c is not routed on this machine; it gets no IRQ",
			 d->name, name, 'A' + (pin - 1) % 4);
	log_info("domain %s: %s (%04x:%04x) given", d->name, name, pci_conf_read(bdf, PCI_VENDOR, 2),
		 pci_conf_read(bdf, PCI_VENDOR + 2, 2));
}

void dev_assign(struct domain *d, const struct manifest *m, uint32_t index,
		const struct manifest_domain *md)
{
	for (uint32_t i = 0; i < md->nioports; i++) {
		struct manifest_ioport r;
		manifest_ioport(m, index, i, &r);
		give_ports(d, "<ioport>", r.first, r.last);
	}
	for (uint32_t i = 0; i < md->nirqs; i++) {
		uint32_t irq;
		manifest_irq(m, index, i, &irq);
		give_gsi(d, irq);
	}
	for (uint32_t i = 0; i < md->npcis; i++) {
		struct manifest_pci p;
		manifest_pci(m, index, i, &p);
		give_pci(d, &p);
	}
}

void dev_release(struct domain *d)
{
	for (unsigned i = 0; i < d->io.npci; i++) {
		pci_sbdf_t bdf = d->io.pci[i];
		uint32_t cmd = pci_conf_read(bdf, PCI_COMMAND, 2);
		pci_conf_write(bdf, PCI_COMMAND, 2, cmd & ~(PCI_CMD_DECODE | PCI_CMD_MASTER));
		log_info("d%u: PCI %02x:%02x.%u released: command %04x (bus mastering and decoding off)",
			 d->id, bdf >> 8, (bdf >> 3) & 0x1f, bdf & 7,
			 pci_conf_read(bdf, PCI_COMMAND, 2));
	}
}
