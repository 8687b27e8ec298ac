/*
 * umbra-config show: a manifest printed back in the description format.
 *
 * Reading the manifest's contents as the XML a user writes makes them
 * readable without a second notation, and makes the round trip testable:
 * the printed description compiles to the very same manifest bytes.
 * For that, everything the compiler would otherwise default is spelled
 * out (type, vcpus, schedule, limits, every back-end by name), files are
 * named by their absolute paths, and text is escaped so that attribute
 * normalisation cannot change it.  The printer uses nothing but the
 * accessors of manifest.h, the same reader the hypervisor boots with.
 */
#include "manifest-show.h"

static const char *const roles[] = { "control", "driver", "guest" };
static const char *const types[] = { "pv", "hvm" };
static const char *const pagings[] = { "", "shadow", "hap" };

static void escaped(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '&')
			fputs("&amp;", out);
		else if (c == '<')
			fputs("&lt;", out);
		else if (c == '>')
			fputs("&gt;", out);
		else if (c == '\'')
			fputs("&apos;", out);
		else if (c == '"')
			fputs("&quot;", out);
		else if (c < 0x20)
			fprintf(out, "&#%u;", c);
		else
			fputc(c, out);
	}
}

static void memory(FILE *out, const char *indent, uint64_t kib)
{
	if (kib % 1024)
		fprintf(out, "%s<memory unit='KiB'>%llu</memory>\n", indent, (unsigned long long)kib);
	else
		fprintf(out, "%s<memory unit='MiB'>%llu</memory>\n", indent, (unsigned long long)(kib / 1024));
}

static void backend(const struct manifest *m, FILE *out, uint32_t index)
{
	struct manifest_domain b;

	manifest_domain(m, index, &b);
	fputs("        <backenddomain name='", out);
	escaped(out, b.name);
	fputs("'/>\n", out);
}

static void show_disks_and_nics(const struct manifest *m, FILE *out, uint32_t d, const struct manifest_domain *dom)
{
	struct manifest_disk disk;
	struct manifest_nic nic;

	for (uint32_t i = 0; manifest_disk(m, d, i, &disk); i++) {
		fputs("      <disk type='file'>\n        <source file='", out);
		escaped(out, disk.source);
		fputs("'/>\n        <target dev='", out);
		escaped(out, disk.target);
		fputs("'/>\n", out);
		backend(m, out, disk.backend);
		if (disk.flags & MANIFEST_DISK_READONLY)
			fputs("        <readonly/>\n", out);
		fputs("      </disk>\n", out);
	}
	for (uint32_t i = 0; manifest_nic(m, d, i, &nic); i++) {
		fprintf(out, "      <interface type='bridge'>\n"
			"        <mac address='%02x:%02x:%02x:%02x:%02x:%02x'/>\n",
			nic.mac[0], nic.mac[1], nic.mac[2], nic.mac[3], nic.mac[4], nic.mac[5]);
		backend(m, out, nic.backend);
		if (nic.fwd_guest_port && nic.fwd_host_port)
			fprintf(out, "        <forward host='127.0.0.1' port='%u' guestport='%u'/>\n", nic.fwd_host_port,
				nic.fwd_guest_port);
		else if (nic.fwd_guest_port)
			fprintf(out, "        <forward host='127.0.0.1' guestport='%u'/>\n", nic.fwd_guest_port);
		fputs("      </interface>\n", out);
	}
	if (dom->flags & MANIFEST_DOMAIN_CONSOLE)
		fputs("      <console/>\n", out);
}

static void show_permissions(const struct manifest *m, FILE *out, uint32_t d)
{
	struct manifest_pci pci;
	struct manifest_ioport io;
	uint32_t irq;

	for (uint32_t i = 0; manifest_pci(m, d, i, &pci); i++)
		fprintf(out, "      <hostdev mode='subsystem' type='pci'>\n        <source>\n"
			"          <address domain='0x%04x' bus='0x%02x' slot='0x%02x' function='0x%x'/>\n"
			"        </source>\n      </hostdev>\n", pci.segment, pci.bus, pci.dev, pci.fn);
	for (uint32_t i = 0; manifest_ioport(m, d, i, &io); i++)
		fprintf(out, "      <ioport start='0x%04x' end='0x%04x'/>\n", io.first, io.last);
	for (uint32_t i = 0; manifest_irq(m, d, i, &irq); i++)
		fprintf(out, "      <irq number='%u'/>\n", irq);
}

static void show_domain(const struct manifest *m, FILE *out, uint32_t d)
{
	struct manifest_domain dom;

	manifest_domain(m, d, &dom);
	fprintf(out, "  <domain role='%s' type='%s'", roles[dom.role], types[dom.type]);
	if (dom.paging != MANIFEST_PAGING_NONE)
		fprintf(out, " paging='%s'", pagings[dom.paging]);
	if (dom.flags & MANIFEST_DOMAIN_NO_AUTOSTART)
		fputs(" autostart='no'", out);
	fputs(">\n    <name>", out);
	escaped(out, dom.name);
	fputs("</name>\n", out);
	memory(out, "    ", dom.memory_kib);
	fprintf(out, "    <vcpu>%u</vcpu>\n    <os>\n      <kernel>", dom.vcpus);
	escaped(out, manifest_module(m, dom.kernel_module));
	fprintf(out, "</kernel> <!-- module %u -->\n", dom.kernel_module);
	if (dom.ramdisk_module) {
		fputs("      <initrd>", out);
		escaped(out, manifest_module(m, dom.ramdisk_module));
		fprintf(out, "</initrd> <!-- module %u -->\n", dom.ramdisk_module);
	}
	if (*dom.cmdline) {
		fputs("      <cmdline>", out);
		escaped(out, dom.cmdline);
		fputs("</cmdline>\n", out);
	}
	fprintf(out, "    </os>\n    <schedule weight='%u' cap='%u'/>\n"
		"    <limits grant_frames='%u' event_channels='%u'/>\n",
		dom.weight, dom.cap, dom.grant_frames, dom.event_channels);
	if (dom.ndisks + dom.nnics + dom.npcis + dom.nioports + dom.nirqs || (dom.flags & MANIFEST_DOMAIN_CONSOLE)) {
		fputs("    <devices>\n", out);
		show_disks_and_nics(m, out, d, &dom);
		show_permissions(m, out, d);
		fputs("    </devices>\n", out);
	}
	fputs("  </domain>\n", out);
}

void manifest_show(const struct manifest *m, FILE *out)
{
	fprintf(out, "<!-- Umbra boot manifest version %u: %u bytes, CRC32 0x%08x -->\n<system>\n",
		MANIFEST_VERSION, m->size, m->checksum);
	memory(out, "  ", m->machine_kib);
	for (uint32_t d = 0; d < manifest_domain_count(m); d++)
		show_domain(m, out, d);
	fputs("</system>\n", out);
}
