/*
 * A domain's <devices> element into its device arrays.
 *
 * Each device is judged alone here: the spelling of its attributes, a
 * disk target that is a Xen virtual disk name, a MAC address that is
 * unicast and not all zeros, a PCI address and port range in range, at
 * most one console.  Device permissions (<hostdev>, <ioport>, <irq>) are
 * for driver and control domains only: a guest that could program a
 * device directly could use it to reach memory it does not own.  Which
 * domain a back-end name refers to, and what two domains both claim, are
 * whole-description questions for check.c and check-devices.c.
 */
#include "desc.h"

#include <string.h>

#include "value.h"
#include "xmlnode.h"

struct loader {
	struct desc_system *s;
	struct desc_domain *dom;
	struct diag *d;
};

static const char *const disk_types[] = { "file", NULL };
static const char *const nic_types[] = { "bridge", NULL };
static const char *const hostdev_modes[] = { "subsystem", NULL };
static const char *const hostdev_types[] = { "pci", NULL };

static const char *attr(struct loader *l, xmlNode *n, const char *name)
{
	return xml_attr(&l->s->arena, n, name);
}

static void check_choice(struct loader *l, xmlNode *n, const char *name, const char *what,
			 const char *const *choices)
{
	const char *text = attr(l, n, name);

	if (text)
		value_choice(l->d, xml_line(n), what, text, choices);
}

static struct desc_backend backend(struct loader *l, xmlNode *n)
{
	xmlNode *b = xml_child(n, "backenddomain");

	return (struct desc_backend){ b ? attr(l, b, "name") : NULL, b ? xml_line(b) : xml_line(n) };
}

/* xvd, hd or sd followed by one to three lower-case letters. */
static bool disk_name(const char *t)
{
	size_t p = !strncmp(t, "xvd", 3) ? 3 : !strncmp(t, "hd", 2) || !strncmp(t, "sd", 2) ? 2 : 0;
	size_t n = strspn(t + p, "abcdefghijklmnopqrstuvwxyz");

	return p && n >= 1 && n <= 3 && !t[p + n];
}

static void load_disk(struct loader *l, struct desc_disk *disk, xmlNode *n)
{
	xmlNode *target = xml_child(n, "target");

	disk->line = xml_line(n);
	check_choice(l, n, "type", "disk type", disk_types);
	disk->source = attr(l, xml_child(n, "source"), "file");
	disk->source_line = xml_line(xml_child(n, "source"));
	if (!*disk->source)
		diag_error(l->d, disk->source_line, "disk image path is empty");
	disk->target = attr(l, target, "dev");
	if (!disk_name(disk->target))
		diag_error(l->d, xml_line(target),
			   "disk target '%s' is not a Xen virtual disk name (xvdX, hdX or sdX)", disk->target);
	disk->backend = backend(l, n);
	disk->readonly = xml_child(n, "readonly") != NULL;
}

/* <forward host='127.0.0.1' port='P' guestport='G'/>: QEMU's user network
 * forwards the host's TCP port P (any free one when P is absent), bound to
 * the loopback address only, to the guest's port G at 10.0.2.15.  Nothing
 * but 127.0.0.1 is accepted: the forward must never open a port to other
 * machines. */
static void load_forward(struct loader *l, struct desc_nic *nic, xmlNode *f)
{
	uint64_t v;

	if (!f)
		return;
	const char *host = attr(l, f, "host"), *port = attr(l, f, "port");
	if (!host || strcmp(host, "127.0.0.1"))
		diag_error(l->d, xml_line(f), "forward host '%s' is not 127.0.0.1 (a forward listens on the loopback "
			   "address only)", host ? host : "");
	if (port && value_number(l->d, xml_line(f), "forward port", port, 1, 65535, false, &v))
		nic->fwd_host_port = (uint16_t)v;
	if (value_number(l->d, xml_line(f), "forward guestport", attr(l, f, "guestport"), 1, 65535, false, &v))
		nic->fwd_guest_port = (uint16_t)v;
}

static void load_nic(struct loader *l, struct desc_nic *nic, xmlNode *n)
{
	xmlNode *mac = xml_child(n, "mac");

	nic->line = xml_line(n);
	check_choice(l, n, "type", "interface type", nic_types);
	nic->mac_text = attr(l, mac, "address");
	nic->backend = backend(l, n);
	load_forward(l, nic, xml_child(n, "forward"));
	if (!value_mac(nic->mac_text, nic->mac))
		diag_error(l->d, xml_line(mac), "MAC address '%s' is not six hex bytes separated by ':'",
			   nic->mac_text);
	else if (nic->mac[0] & 1)
		diag_error(l->d, xml_line(mac), "MAC address '%s' is a multicast address", nic->mac_text);
	else if (!memcmp(nic->mac, "\0\0\0\0\0\0", 6))
		diag_error(l->d, xml_line(mac), "MAC address '%s' is all zeros", nic->mac_text);
	else
		nic->ok = true;
}

/* Attribute name of n as a number in min..max; dflt when absent. */
static bool number(struct loader *l, xmlNode *n, const char *name, const char *what,
		   uint64_t max, uint64_t dflt, uint64_t *out)
{
	const char *text = attr(l, n, name);

	*out = dflt;
	return !text || value_number(l->d, xml_line(n), what, text, 0, max, true, out);
}

static void load_pci(struct loader *l, struct desc_pci *pci, xmlNode *n)
{
	xmlNode *a = xml_child(xml_child(n, "source"), "address");
	uint64_t seg, bus, slot, fn;

	pci->line = xml_line(n);
	check_choice(l, n, "mode", "hostdev mode", hostdev_modes);
	check_choice(l, n, "type", "hostdev type", hostdev_types);
	pci->ok = number(l, a, "domain", "PCI domain", 0xffff, 0, &seg);
	pci->ok = number(l, a, "bus", "PCI bus", 0xff, 0, &bus) && pci->ok;
	pci->ok = number(l, a, "slot", "PCI slot", 0x1f, 0, &slot) && pci->ok;
	pci->ok = number(l, a, "function", "PCI function", 7, 0, &fn) && pci->ok;
	pci->addr = (struct manifest_pci){ (uint16_t)seg, (uint8_t)bus, (uint8_t)slot, (uint8_t)fn };
}

static void load_ioport(struct loader *l, struct desc_ioport *io, xmlNode *n)
{
	uint64_t first, last;

	io->line = xml_line(n);
	bool ok = number(l, n, "start", "I/O port", 0xffff, 0, &first);
	if (!number(l, n, "end", "I/O port", 0xffff, first, &last) || !ok)
		return;
	io->first = (uint32_t)first;
	io->last = (uint32_t)last;
	if (first > last)
		diag_error(l->d, io->line, "I/O port range %#x-%#x ends before it starts", io->first, io->last);
	else
		io->ok = true;
}

static void load_irq(struct loader *l, struct desc_irq *irq, xmlNode *n)
{
	uint64_t v;

	irq->line = xml_line(n);
	irq->ok = number(l, n, "number", "IRQ", MANIFEST_IRQ_MAX, 0, &v);
	irq->irq = (uint32_t)v;
}

static void count(struct loader *l, xmlNode *devices)
{
	struct desc_domain *dom = l->dom;

	for (xmlNode *n = devices->children; n; n = n->next) {
		dom->ndisks += xml_is(n, "disk");
		dom->nnics += xml_is(n, "interface");
		dom->npcis += xml_is(n, "hostdev");
		dom->nioports += xml_is(n, "ioport");
		dom->nirqs += xml_is(n, "irq");
	}
	dom->disks = arena_alloc(&l->s->arena, dom->ndisks * sizeof *dom->disks);
	dom->nics = arena_alloc(&l->s->arena, dom->nnics * sizeof *dom->nics);
	dom->pcis = arena_alloc(&l->s->arena, dom->npcis * sizeof *dom->pcis);
	dom->ioports = arena_alloc(&l->s->arena, dom->nioports * sizeof *dom->ioports);
	dom->irqs = arena_alloc(&l->s->arena, dom->nirqs * sizeof *dom->irqs);
}

/* Device permissions are for driver and control domains; see the top. */
static void permission(struct loader *l, xmlNode *n)
{
	if (l->dom->role == MANIFEST_ROLE_GUEST)
		diag_error(l->d, xml_line(n), "<%s> is only allowed in driver and control domains, not in guest '%s'",
			   (const char *)n->name, l->dom->name);
}

void desc_devices_load(struct desc_system *s, struct desc_domain *dom, xmlNode *devices, struct diag *d)
{
	struct loader l = { s, dom, d };
	size_t disk = 0, nic = 0, pci = 0, io = 0, irq = 0;

	count(&l, devices);
	for (xmlNode *n = devices->children; n; n = n->next) {
		if (xml_is(n, "disk")) {
			load_disk(&l, &dom->disks[disk++], n);
		} else if (xml_is(n, "interface")) {
			load_nic(&l, &dom->nics[nic++], n);
		} else if (xml_is(n, "console")) {
			if (dom->console)
				diag_error(d, xml_line(n), "domain '%s' has more than one <console>", dom->name);
			dom->console = true;
		} else if (xml_is(n, "hostdev")) {
			permission(&l, n);
			load_pci(&l, &dom->pcis[pci++], n);
		} else if (xml_is(n, "ioport")) {
			permission(&l, n);
			load_ioport(&l, &dom->ioports[io++], n);
		} else if (xml_is(n, "irq")) {
			permission(&l, n);
			load_irq(&l, &dom->irqs[irq++], n);
		}
	}
}
