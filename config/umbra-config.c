/*
 * umbra-config: the host tool for system descriptions.
 *
 *   umbra-config check FILE.xml                 report every error, or nothing
 *   umbra-config compile FILE.xml -o FILE.manifest
 *   umbra-config show FILE.manifest             the manifest as XML
 *   umbra-config modules FILE.manifest          kernel paths, module 1..N
 *   umbra-config memory FILE.manifest           "MACHINE_KIB DOMAINS_KIB DOMAINS"
 *   umbra-config devices FILE.manifest          the QEMU devices the launcher attaches:
 *                                               "disk SLOT ro|rw PATH",
 *                                               "nic SLOT MAC HOSTPORT GUESTPORT" (0 0: no
 *                                               forward; HOSTPORT 0: any free one)
 *   umbra-config kernel [--control] [--memory KIB] FILE
 *                                               would the builder take this kernel
 *                                               (for the control domain, with that
 *                                               much memory)?
 *
 * kernel uses the hypervisor's own reader and layout (kernel/common/), so
 * the launcher refuses, before QEMU starts, a kernel the builder would
 * refuse: "FILE: kernel <reason>".
 * The contract with callers (the launcher, make, the tests): exit 0 on
 * success; 1 when the input is wrong, after printing every error as
 * "file:line: message" (or "file: message" for a manifest, which has no
 * lines); 2 with a usage message when the command line is wrong.  Nothing
 * is written by compile unless the description has no errors at all.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desc.h"
#include "elf_xen.h"
#include "manifest-show.h"
#include "public/errno.h"
#include "pv_layout.h"
#include "readfile.h"

static int usage(void)
{
	fputs("usage: umbra-config check FILE.xml\n"
	      "       umbra-config compile FILE.xml -o FILE.manifest\n"
	      "       umbra-config show FILE.manifest\n"
	      "       umbra-config modules FILE.manifest\n"
	      "       umbra-config memory FILE.manifest\n"
	      "       umbra-config devices FILE.manifest\n"
	      "       umbra-config kernel [--control] [--memory KIB] FILE\n", stderr);
	return 2;
}

/* Load and check path; the model if there were no errors, else NULL. */
static struct desc_system *checked(const char *path)
{
	struct diag d;
	struct desc_system *s;

	diag_init(&d, path);
	s = desc_load(path, &d);
	if (s)
		desc_check(s, &d);
	diag_print(&d, stderr);
	if (diag_count(&d)) {
		desc_free(s);
		s = NULL;
	}
	diag_free(&d);
	return s;
}

static int check(const char *path)
{
	struct desc_system *s = checked(path);

	desc_free(s);
	return s ? 0 : 1;
}

static int compile(const char *path, const char *out)
{
	struct desc_system *s = checked(path);
	size_t len;

	if (!s)
		return 1;
	uint8_t *m = manifest_build(s, &len);
	desc_free(s);
	FILE *f = fopen(out, "wb");
	int ok = f && fwrite(m, 1, len, f) == len;
	if (f && fclose(f))
		ok = 0;
	free(m);
	if (!ok) {
		fprintf(stderr, "%s: cannot write: %s\n", out, strerror(errno));
		remove(out);
		return 1;
	}
	return 0;
}

/* Read and open a manifest; print the problem and return NULL if it is bad. */
static char *opened(const char *path, struct manifest *m)
{
	size_t len;
	const char *why;
	char *buf = read_file(path, &len);

	if (!buf) {
		fprintf(stderr, "%s: cannot read: %s\n", path, strerror(errno));
		return NULL;
	}
	if (manifest_open(m, buf, len, &why)) {
		fprintf(stderr, "%s: not a valid manifest: %s\n", path, why);
		free(buf);
		return NULL;
	}
	return buf;
}

static int memory(const char *path)
{
	struct manifest m;
	struct manifest_domain md;
	uint64_t domains = 0;
	char *buf = opened(path, &m);

	if (!buf)
		return 1;
	uint32_t n = manifest_domain_count(&m);
	for (uint32_t i = 0; i < n; i++)
		if (manifest_domain(&m, i, &md))
			domains += md.memory_kib;
	printf("%llu %llu %u\n", (unsigned long long)m.machine_kib, (unsigned long long)domains, n);
	free(buf);
	return fflush(stdout) ? 1 : 0;
}

static int kernel(const char *path, bool control, uint64_t kib)
{
	struct xen_elf_info info;
	struct pv_layout l;
	size_t len;
	char *buf = read_file(path, &len);

	if (!buf) {
		fprintf(stderr, "%s: cannot read: %s\n", path, strerror(errno));
		return 1;
	}
	int rc = elf_xen_parse(buf, len, control, &info);
	free(buf);
	if (rc) {
		fprintf(stderr, "%s: kernel %s\n", path, info.why);
		return 1;
	}
	rc = kib ? pv_layout_compute(&l, info.virt_base, info.v_end, 0, kib / 4, control) : 0;
	if (rc == -XEN_E2BIG)
		fprintf(stderr, "%s: %llu KiB of domain memory is more than the %llu KiB a domain can have\n",
			path, (unsigned long long)kib, PV_LAYOUT_MAX_PAGES * 4);
	else if (rc)
		fprintf(stderr, "%s: %llu KiB of domain memory is less than the %llu KiB this kernel's "
			"start-of-day layout needs\n", path, (unsigned long long)kib,
			(unsigned long long)pv_layout_min_pages(info.virt_base, info.v_end, 0, control) * 4);
	return rc ? 1 : 0;
}

/* kernel [--control] [--memory KIB] FILE */
static int kernel_command(int argc, char **argv)
{
	bool control = false;
	uint64_t kib = 0;
	int i = 2;

	for (; i < argc - 1; i++) {
		char *end;
		if (!strcmp(argv[i], "--control")) {
			control = true;
		} else if (!strcmp(argv[i], "--memory") && i + 2 < argc) {
			kib = strtoull(argv[++i], &end, 10);
			if (*end || !kib)
				return usage();
		} else {
			return usage();
		}
	}
	return i == argc - 1 && argv[i][0] != '-' ? kernel(argv[i], control, kib) : usage();
}

/*
 * The PCI slot rule (docs/configuration.md): the k-th <disk> of the
 * description (in domain order, then document order) is a virtio-blk-pci at
 * 0000:00:(0x10 + k).0, the k-th <interface> a virtio-net-pci at
 * 0000:00:(0x18 + k).0; slot 0x1f is q35's LPC bridge, so at most 8 disks
 * and 7 interfaces (the MANIFEST_*_SLOT* constants of config/manifest.h, which
 * the hypervisor and dom0 use to tell which disks have a device behind them).
 */

static int devices(const char *path)
{
	struct manifest m;
	struct manifest_domain md;
	char *buf = opened(path, &m);
	unsigned disks = 0, nics = 0;

	if (!buf)
		return 1;
	for (uint32_t d = 0; d < manifest_domain_count(&m); d++) {
		manifest_domain(&m, d, &md);
		for (uint32_t i = 0; i < md.ndisks; i++, disks++) {
			struct manifest_disk k;
			manifest_disk(&m, d, i, &k);
			if (disks < MANIFEST_DISK_SLOTS)
				printf("disk %#x %s %s\n", MANIFEST_DISK_SLOT_FIRST + disks,
				       (k.flags & MANIFEST_DISK_READONLY) ? "ro" : "rw", k.source);
		}
		for (uint32_t i = 0; i < md.nnics; i++, nics++) {
			struct manifest_nic n;
			manifest_nic(&m, d, i, &n);
			if (nics < MANIFEST_NIC_SLOTS)
				printf("nic %#x %02x:%02x:%02x:%02x:%02x:%02x %u %u\n", MANIFEST_NIC_SLOT_FIRST + nics,
				       n.mac[0], n.mac[1], n.mac[2], n.mac[3], n.mac[4], n.mac[5], n.fwd_host_port,
				       n.fwd_guest_port);
		}
	}
	free(buf);
	if (disks > MANIFEST_DISK_SLOTS || nics > MANIFEST_NIC_SLOTS) {
		fprintf(stderr, "%s: %u disks and %u interfaces, but QEMU's bus has PCI slots for %u disks "
			"(0x10-0x17) and %u interfaces (0x18-0x1e)\n", path, disks, nics, MANIFEST_DISK_SLOTS, MANIFEST_NIC_SLOTS);
		return 1;
	}
	return fflush(stdout) ? 1 : 0;
}

static int show(const char *path, int modules_only)
{
	struct manifest m;
	char *buf = opened(path, &m);

	if (!buf)
		return 1;
	if (modules_only)
		for (uint32_t i = 1; i <= manifest_module_count(&m); i++)
			printf("%s\n", manifest_module(&m, i));
	else
		manifest_show(&m, stdout);
	free(buf);
	return fflush(stdout) ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	if (argc == 3 && !strcmp(cmd, "check"))
		return check(argv[2]);
	if (argc == 5 && !strcmp(cmd, "compile") && !strcmp(argv[3], "-o"))
		return compile(argv[2], argv[4]);
	if (argc == 3 && !strcmp(cmd, "show"))
		return show(argv[2], 0);
	if (argc == 3 && !strcmp(cmd, "modules"))
		return show(argv[2], 1);
	if (argc == 3 && !strcmp(cmd, "memory"))
		return memory(argv[2]);
	if (argc == 3 && !strcmp(cmd, "devices"))
		return devices(argv[2]);
	if (argc >= 3 && !strcmp(cmd, "kernel"))
		return kernel_command(argc, argv);
	return usage();
}
