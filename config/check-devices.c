/*
 * What no two devices may share.  A PCI device, an I/O port or an IRQ
 * given to two domains would let each disturb the other's device, so
 * each may be given once; a MAC address must be unique on the bridge; a
 * disk target may appear once per domain; and one image file may back two
 * disks only if both are read-only, since two writers would corrupt it.
 *
 * Every rule has the same shape -- compare each item with every earlier
 * item of its kind, in document order, and report the later one of the
 * first clash -- so each kind is a counter plus a clash test, and one
 * walker runs them all.  The hypervisor's serial console ports are also
 * off limits: a domain that could drive that UART could forge the
 * hypervisor's log.
 */
#include "desc.h"

#include <string.h>

#define SERIAL_FIRST 0x3f8u
#define SERIAL_LAST  0x3ffu

struct kind {
	size_t (*count)(const struct desc_domain *dom);
	/* Item b of db clashes with the earlier item a of da: report, return true. */
	bool (*clash)(struct diag *d, const struct desc_domain *da, size_t a,
		      const struct desc_domain *db, size_t b);
};

static size_t n_pcis(const struct desc_domain *dom) { return dom->npcis; }
static size_t n_ioports(const struct desc_domain *dom) { return dom->nioports; }
static size_t n_irqs(const struct desc_domain *dom) { return dom->nirqs; }
static size_t n_nics(const struct desc_domain *dom) { return dom->nnics; }
static size_t n_disks(const struct desc_domain *dom) { return dom->ndisks; }

static bool pci_clash(struct diag *d, const struct desc_domain *da, size_t a,
		      const struct desc_domain *db, size_t b)
{
	const struct desc_pci *p = &da->pcis[a], *q = &db->pcis[b];

	if (!p->ok || !q->ok || p->addr.segment != q->addr.segment || p->addr.bus != q->addr.bus ||
	    p->addr.dev != q->addr.dev || p->addr.fn != q->addr.fn)
		return false;
	diag_error(d, q->line, "PCI device %04x:%02x:%02x.%x is already given to domain '%s' (line %ld)",
		   q->addr.segment, q->addr.bus, q->addr.dev, q->addr.fn, da->name, p->line);
	return true;
}

static bool ioport_clash(struct diag *d, const struct desc_domain *da, size_t a,
			 const struct desc_domain *db, size_t b)
{
	const struct desc_ioport *p = &da->ioports[a], *q = &db->ioports[b];

	if (!p->ok || !q->ok || q->last < p->first || p->last < q->first)
		return false;
	diag_error(d, q->line, "I/O ports %#x-%#x overlap %#x-%#x given to domain '%s' (line %ld)",
		   q->first, q->last, p->first, p->last, da->name, p->line);
	return true;
}

static bool irq_clash(struct diag *d, const struct desc_domain *da, size_t a,
		      const struct desc_domain *db, size_t b)
{
	const struct desc_irq *p = &da->irqs[a], *q = &db->irqs[b];

	if (!p->ok || !q->ok || p->irq != q->irq)
		return false;
	diag_error(d, q->line, "IRQ %u is already given to domain '%s' (line %ld)", q->irq, da->name, p->line);
	return true;
}

static bool mac_clash(struct diag *d, const struct desc_domain *da, size_t a,
		      const struct desc_domain *db, size_t b)
{
	const struct desc_nic *p = &da->nics[a], *q = &db->nics[b];

	if (!p->ok || !q->ok || memcmp(p->mac, q->mac, 6))
		return false;
	diag_error(d, q->line, "MAC address '%s' is already used by domain '%s' (line %ld)",
		   q->mac_text, da->name, p->line);
	return true;
}

static bool target_clash(struct diag *d, const struct desc_domain *da, size_t a,
			 const struct desc_domain *db, size_t b)
{
	const struct desc_disk *p = &da->disks[a], *q = &db->disks[b];

	if (da != db || strcmp(p->target, q->target))
		return false;
	diag_error(d, q->line, "disk target '%s' is already used in this domain (line %ld)", q->target, p->line);
	return true;
}

static bool image_clash(struct diag *d, const struct desc_domain *da, size_t a,
			const struct desc_domain *db, size_t b)
{
	const struct desc_disk *p = &da->disks[a], *q = &db->disks[b];

	if (!p->image_path || !q->image_path || strcmp(p->image_path, q->image_path) ||
	    (p->readonly && q->readonly))
		return false;
	if (da == db)
		diag_error(d, q->line, "disk image '%s' is also used by this domain's disk at line %ld; "
			   "two disks on one image must both be <readonly/>", q->source, p->line);
	else
		diag_error(d, q->line, "disk image '%s' is also used by domain '%s' (line %ld); "
			   "a shared image must be <readonly/> everywhere", q->source, da->name, p->line);
	return true;
}

static const struct kind kinds[] = {
	{ n_pcis, pci_clash },
	{ n_ioports, ioport_clash },
	{ n_irqs, irq_clash },
	{ n_nics, mac_clash },
	{ n_disks, target_clash },
	{ n_disks, image_clash },
};

/* Report the first earlier item that item b of domain j clashes with. */
static void first_clash(const struct desc_system *s, const struct kind *k, size_t j, size_t b,
			struct diag *d)
{
	for (size_t i = 0; i <= j; i++)
		for (size_t a = 0; a < (i == j ? b : k->count(&s->domains[i])); a++)
			if (k->clash(d, &s->domains[i], a, &s->domains[j], b))
				return;
}

static void check_serial(const struct desc_domain *dom, struct diag *d)
{
	for (size_t k = 0; k < dom->nioports; k++) {
		const struct desc_ioport *io = &dom->ioports[k];
		if (io->ok && io->first <= SERIAL_LAST && SERIAL_FIRST <= io->last)
			diag_error(d, io->line, "I/O ports %#x-%#x include the hypervisor's serial port (%#x-%#x)",
				   io->first, io->last, SERIAL_FIRST, SERIAL_LAST);
	}
}

void desc_check_devices(struct desc_system *s, struct diag *d)
{
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		for (size_t j = 0; j < s->ndomains; j++)
			for (size_t b = 0; b < kinds[k].count(&s->domains[j]); b++)
				first_clash(s, &kinds[k], j, b, d);
	for (size_t j = 0; j < s->ndomains; j++)
		check_serial(&s->domains[j], d);
}
