/*
 * Host unit tests of the manifest reader the hypervisor boots with
 * (config/manifest.c), built with AddressSanitizer and UBSan so that any
 * read outside the buffer fails the run.
 *
 * A reference manifest is compiled from a hand-built description with
 * every kind of record.  Then:
 *   - it opens, and every accessor returns what the description said;
 *   - every truncation, and every single-bit flip, is rejected -- as
 *     they come, and again "resealed" (size and CRC rewritten to match)
 *     so that the deeper checks, not the checksum, must catch them;
 *   - a table of targeted corruptions, each resealed, is rejected with
 *     the expected reason;
 *   - random resealed garbage never reads out of bounds, and whatever
 *     manifest_open() accepts satisfies every promise of manifest.h,
 *     checked here independently through the accessors.
 * Each test prints "PASS manifest/NAME" or "FAIL manifest/NAME: why".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../config/desc.h"

static int failures;

static void result(const char *name, const char *why)
{
	if (why) {
		printf("FAIL manifest/%s: %s\n", name, why);
		failures++;
	} else {
		printf("PASS manifest/%s\n", name);
	}
}

/* ---- the reference description ------------------------------------- */

static struct desc_disk guest_disks[] = {
	{ .target = "xvda", .image_path = "/images/a.img", .backend = { .name = "drv" }, .readonly = true },
};
static struct desc_nic guest_nics[] = {
	{ .mac = { 0x00, 0x16, 0x3e, 0x01, 0x02, 0x03 } },
};
static struct desc_pci dom0_pcis[] = { { .addr = { 0, 0, 3, 0 } } };
static struct desc_pci drv_pcis[] = { { .addr = { 1, 0x20, 4, 1 } } };
static struct desc_ioport dom0_ports[] = { { .first = 0x60, .last = 0x64 } };
static struct desc_ioport drv_ports[] = { { .first = 0xc000, .last = 0xc03f } };
static struct desc_irq drv_irqs[] = { { .irq = 10 }, { .irq = 11 } };

/* Listed guest first: the manifest must still put dom0, then drv, first. */
static struct desc_domain domains[] = {
	{ .name = "guest", .role = MANIFEST_ROLE_GUEST, .type = MANIFEST_TYPE_HVM,
	  .paging = MANIFEST_PAGING_HAP, .memory_kib = 32768, .vcpus = 2, .weight = 512, .cap = 150,
	  .grant_frames = 32, .event_channels = 1023, .kernel_path = "/kernels/guest.elf",
	  .cmdline = "root=/dev/xvda", .disks = guest_disks, .ndisks = 1, .nics = guest_nics, .nnics = 1 },
	{ .name = "drv", .role = MANIFEST_ROLE_DRIVER, .type = MANIFEST_TYPE_PV, .memory_kib = 8192,
	  .vcpus = 1, .weight = 256, .grant_frames = 64, .event_channels = 4096,
	  .kernel_path = "/kernels/control.elf", .cmdline = "", .pcis = drv_pcis, .npcis = 1,
	  .ioports = drv_ports, .nioports = 1, .irqs = drv_irqs, .nirqs = 2 },
	{ .name = "dom0", .role = MANIFEST_ROLE_CONTROL, .type = MANIFEST_TYPE_PV, .memory_kib = 16384,
	  .vcpus = 1, .weight = 256, .grant_frames = 32, .event_channels = 1023,
	  .kernel_path = "/kernels/control.elf", .cmdline = "console=hvc0", .console = true,
	  .pcis = dom0_pcis, .npcis = 1, .ioports = dom0_ports, .nioports = 1 },
};

static const struct desc_system reference = {
	.memory_kib = 65536, .domains = domains, .ndomains = 3,
};

/* ---- helpers ---------------------------------------------------------- */

static uint32_t get32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static void put32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> 8 * i); }

/* Make the size and CRC fields agree with buf[0..len). */
static void reseal(uint8_t *buf, size_t len)
{
	if (len < MANIFEST_HEADER_SIZE)
		return;
	put32(buf + MANIFEST_H_SIZE, (uint32_t)len);
	put32(buf + MANIFEST_H_CHECKSUM, manifest_crc32(buf + MANIFEST_CHECKSUM_FROM, len - MANIFEST_CHECKSUM_FROM));
}

/* Open a heap copy of exactly len bytes, so ASan sees any overrun. */
static int open_copy(const uint8_t *buf, size_t len, const char **why, const char *(*verify)(const struct manifest *))
{
	uint8_t *copy = malloc(len ? len : 1);
	struct manifest m;

	memcpy(copy, buf, len);
	int rc = manifest_open(&m, copy, len, why);
	if (rc == 0 && verify && (*why = verify(&m)))
		rc = 2;
	free(copy);
	return rc;
}

static uint8_t *domain_record(uint8_t *buf, uint32_t d)
{
	return buf + get32(buf + MANIFEST_H_TABLES) + d * MANIFEST_DOMAIN_SIZE;
}

static uint8_t *table(uint8_t *buf, enum manifest_table t)
{
	return buf + get32(buf + MANIFEST_H_TABLES + 8 * t);
}

/* ---- the promises of manifest.h, checked independently --------------- */

static int string_inside(const struct manifest *m, const char *s, size_t max)
{
	const char *base = (const char *)m->base, *end = base + m->size;

	if (s < base || s >= end)
		return 0;
	const char *nul = memchr(s, 0, (size_t)(end - s));
	return nul && (size_t)(nul - s) <= max;
}

static const char *check_items(const struct manifest *m, uint32_t d, const struct manifest_domain *dom)
{
	struct manifest_domain b;
	struct manifest_disk disk;
	struct manifest_nic nic;
	struct manifest_pci pci;
	struct manifest_ioport io;
	uint32_t irq;

	for (uint32_t i = 0; i < dom->ndisks; i++) {
		if (!manifest_disk(m, d, i, &disk) || disk.backend == d || !manifest_domain(m, disk.backend, &b) ||
		    b.role == MANIFEST_ROLE_GUEST || b.flags & MANIFEST_DOMAIN_NO_AUTOSTART)
			return "disk back-end";
		if (!string_inside(m, disk.source, SIZE_MAX) || !string_inside(m, disk.target, MANIFEST_NAME_MAX) ||
		    disk.flags & ~MANIFEST_DISK_READONLY)
			return "disk fields";
	}
	for (uint32_t i = 0; i < dom->nnics; i++)
		if (!manifest_nic(m, d, i, &nic) || nic.backend == d || !manifest_domain(m, nic.backend, &b) ||
		    b.role == MANIFEST_ROLE_GUEST || b.flags & MANIFEST_DOMAIN_NO_AUTOSTART)
			return "interface back-end";
	for (uint32_t i = 0; i < dom->npcis; i++)
		if (!manifest_pci(m, d, i, &pci) || pci.dev > 31 || pci.fn > 7)
			return "PCI address";
	for (uint32_t i = 0; i < dom->nioports; i++)
		if (!manifest_ioport(m, d, i, &io) || io.first > io.last)
			return "I/O port range";
	for (uint32_t i = 0; i < dom->nirqs; i++)
		if (!manifest_irq(m, d, i, &irq) || irq > MANIFEST_IRQ_MAX)
			return "IRQ";
	if (manifest_disk(m, d, dom->ndisks, &disk) || manifest_irq(m, d, dom->nirqs, &irq))
		return "item index past the end accepted";
	return NULL;
}

static const char *promises(const struct manifest *m)
{
	struct manifest_domain dom;
	uint64_t total = 0;
	int last_role = MANIFEST_ROLE_CONTROL;

	if (manifest_domain_count(m) < 1)
		return "no domains";
	for (uint32_t i = 1; i <= manifest_module_count(m); i++)
		if (!string_inside(m, manifest_module(m, i), SIZE_MAX))
			return "module path";
	for (uint32_t d = 0; d < manifest_domain_count(m); d++) {
		if (!manifest_domain(m, d, &dom))
			return "domain accessor";
		if ((d == 0) != (dom.role == MANIFEST_ROLE_CONTROL) || dom.role < last_role ||
		    dom.role > MANIFEST_ROLE_GUEST)
			return "domain order";
		last_role = dom.role;
		if (!string_inside(m, dom.name, MANIFEST_NAME_MAX) || !*dom.name ||
		    !string_inside(m, dom.cmdline, MANIFEST_CMDLINE_MAX))
			return "domain strings";
		if (dom.type > MANIFEST_TYPE_HVM || (dom.type == MANIFEST_TYPE_PV) != (dom.paging == MANIFEST_PAGING_NONE) ||
		    dom.paging > MANIFEST_PAGING_HAP ||
		    dom.flags & ~(MANIFEST_DOMAIN_CONSOLE | MANIFEST_DOMAIN_NO_AUTOSTART) ||
		    (d == 0 && dom.flags & MANIFEST_DOMAIN_NO_AUTOSTART))
			return "domain kind";
		if (dom.memory_kib % 4 || dom.memory_kib < MANIFEST_MEMORY_MIN_KIB || dom.memory_kib > MANIFEST_MEMORY_MAX_KIB)
			return "domain memory";
		if (dom.vcpus < 1 || dom.vcpus > MANIFEST_VCPUS_MAX || dom.weight < 1 || dom.weight > 65535 ||
		    dom.cap > 100 * dom.vcpus || dom.grant_frames < 1 || dom.grant_frames > MANIFEST_GRANT_FRAMES_MAX ||
		    dom.event_channels < 1 || dom.event_channels > MANIFEST_EVTCHN_MAX)
			return "domain limits";
		if (!manifest_module(m, dom.kernel_module))
			return "kernel module";
		const char *why = check_items(m, d, &dom);
		if (why)
			return why;
		total += dom.memory_kib;
	}
	if (total > m->machine_kib || manifest_domain(m, manifest_domain_count(m), &dom))
		return "machine memory or domain index";
	return NULL;
}

/* ---- the tests --------------------------------------------------------- */

static const char *test_crc(void)
{
	return manifest_crc32("123456789", 9) == 0xcbf43926u ? NULL : "CRC-32 check value";
}

static const char *test_reference(const uint8_t *buf, size_t len)
{
	struct manifest m;
	struct manifest_domain dom;
	struct manifest_disk disk;
	struct manifest_nic nic;
	struct manifest_pci pci;
	struct manifest_ioport io;
	uint32_t irq;
	const char *why;

	if (manifest_open(&m, buf, len, &why))
		return why;
	if (promises(&m))
		return promises(&m);
	if (manifest_domain_count(&m) != 3 || manifest_module_count(&m) != 2 || m.machine_kib != 65536 ||
	    strcmp(manifest_module(&m, 1), "/kernels/control.elf") || strcmp(manifest_module(&m, 2), "/kernels/guest.elf"))
		return "header or modules";
	manifest_domain(&m, 0, &dom);
	if (strcmp(dom.name, "dom0") || dom.kernel_module != 1 || strcmp(dom.cmdline, "console=hvc0") ||
	    dom.flags != MANIFEST_DOMAIN_CONSOLE || dom.memory_kib != 16384 || dom.npcis != 1 || dom.nioports != 1 ||
	    !manifest_pci(&m, 0, 0, &pci) || pci.dev != 3 || !manifest_ioport(&m, 0, 0, &io) || io.last != 0x64)
		return "domain 0";
	manifest_domain(&m, 1, &dom);
	if (strcmp(dom.name, "drv") || dom.role != MANIFEST_ROLE_DRIVER || dom.kernel_module != 1 || *dom.cmdline ||
	    dom.grant_frames != 64 || dom.event_channels != 4096 || dom.nirqs != 2 || !manifest_irq(&m, 1, 1, &irq) ||
	    irq != 11 || !manifest_pci(&m, 1, 0, &pci) || pci.segment != 1 || pci.bus != 0x20 || pci.fn != 1)
		return "domain 1";
	manifest_domain(&m, 2, &dom);
	if (strcmp(dom.name, "guest") || dom.type != MANIFEST_TYPE_HVM || dom.paging != MANIFEST_PAGING_HAP ||
	    dom.vcpus != 2 || dom.weight != 512 || dom.cap != 150 || dom.kernel_module != 2 ||
	    !manifest_disk(&m, 2, 0, &disk) || disk.backend != 1 || strcmp(disk.target, "xvda") ||
	    strcmp(disk.source, "/images/a.img") || disk.flags != MANIFEST_DISK_READONLY ||
	    !manifest_nic(&m, 2, 0, &nic) || nic.backend != 0 || memcmp(nic.mac, guest_nics[0].mac, 6))
		return "domain 2";
	if (manifest_domain(&m, 3, &dom) || manifest_disk(&m, 0, 0, &disk) || manifest_module(&m, 0) ||
	    manifest_module(&m, 3) || manifest_irq(&m, 99, 0, &irq) || manifest_nic(&m, 2, 1, &nic))
		return "an index out of range was accepted";
	return NULL;
}

/* A guest marked autostart='no' compiles to the flag, opens and reads back. */
static const char *test_no_autostart(void)
{
	struct desc_domain doms[3];
	struct desc_system sys = reference;
	struct manifest m;
	struct manifest_domain dom;
	const char *why = NULL;
	size_t len;

	memcpy(doms, domains, sizeof doms);
	for (int i = 0; i < 3; i++)
		doms[i].no_autostart = doms[i].role == MANIFEST_ROLE_GUEST;
	sys.domains = doms;
	uint8_t *buf = manifest_build(&sys, &len);
	if (manifest_open(&m, buf, len, &why) == 0) {
		why = promises(&m);
		for (uint32_t d = 0; !why && manifest_domain(&m, d, &dom); d++)
			if (dom.flags != ((d == 0 ? MANIFEST_DOMAIN_CONSOLE : 0) |
					  (d == 2 ? MANIFEST_DOMAIN_NO_AUTOSTART : 0)))
				why = "flags read back differ";
	}
	free(buf);
	return why;
}

static const char *test_deterministic(const uint8_t *buf, size_t len)
{
	size_t len2;
	uint8_t *again = manifest_build(&reference, &len2);
	int same = len2 == len && !memcmp(buf, again, len);

	free(again);
	return same ? NULL : "two compilations differ";
}

static const char *test_truncations(const uint8_t *buf, size_t len)
{
	uint8_t *copy = malloc(len);
	const char *why, *bad = NULL;

	for (size_t n = 0; n < len && !bad; n++) {
		memcpy(copy, buf, n);
		if (open_copy(copy, n, &why, NULL) != -1)
			bad = "a truncated manifest was accepted";
		reseal(copy, n);
		if (open_copy(copy, n, &why, NULL) != -1)
			bad = "a resealed truncated manifest was accepted";
	}
	free(copy);
	return bad;
}

static const char *test_bit_flips(const uint8_t *buf, size_t len, int resealed)
{
	uint8_t *copy = malloc(len);
	const char *why, *bad = NULL;

	for (size_t i = 0; i < len * 8 && !bad; i++) {
		memcpy(copy, buf, len);
		copy[i / 8] ^= (uint8_t)(1u << i % 8);
		if (!resealed && open_copy(copy, len, &why, NULL) != -1)
			bad = "a flipped bit went unnoticed";
		if (resealed) {
			reseal(copy, len);
			if (open_copy(copy, len, &why, promises) == 2)
				bad = why;
		}
	}
	free(copy);
	return bad;
}

static const char *test_garbage(const uint8_t *buf, size_t len)
{
	uint8_t *copy = malloc(len);
	const char *why;
	uint64_t x = 0x9e3779b97f4a7c15u;
	int round;

	for (round = 0; round < 20000; round++) {
		memcpy(copy, buf, len);
		for (int k = 0; k < 1 + round % 8; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			copy[MANIFEST_CHECKSUM_FROM + x % (len - MANIFEST_CHECKSUM_FROM)] = (uint8_t)(x >> 32);
		}
		reseal(copy, len);
		if (open_copy(copy, len, &why, promises) == 2)
			break;
	}
	free(copy);
	return round < 20000 ? why : NULL;
}

/* A targeted corruption: change the reference, reseal, expect a reason. */
struct corruption {
	const char *name;
	void (*apply)(uint8_t *buf, size_t len);
	const char *reason;
	int keep_seal;          /* do not reseal: the header itself is the target */
};

#define FIELD32(fn, where, value) static void fn(uint8_t *b, size_t n) { (void)n; put32(where, value); }
#define FIELD8(fn, where, value)  static void fn(uint8_t *b, size_t n) { (void)n; *(where) = (value); }

FIELD8(bad_magic, b, 'X')
FIELD32(version_2, b + MANIFEST_H_VERSION, 2)
FIELD32(size_field, b + MANIFEST_H_SIZE, (uint32_t)n + 1)
FIELD32(checksum, b + MANIFEST_H_CHECKSUM, get32(b + MANIFEST_H_CHECKSUM) ^ 1)
FIELD32(machine_unaligned, b + MANIFEST_H_MACHINE_KIB, 65537)
FIELD32(machine_small, b + MANIFEST_H_MACHINE_KIB, 4096)
FIELD32(domains_offset_huge, b + MANIFEST_H_TABLES, 0xfffffff0u)
FIELD32(domains_count_huge, b + MANIFEST_H_TABLES + 4, 0x10000000u)
FIELD32(domains_in_header, b + MANIFEST_H_TABLES, 8)
FIELD32(domains_none, b + MANIFEST_H_TABLES + 4, 0)
FIELD32(modules_count_huge, b + MANIFEST_H_TABLES + 8 * MANIFEST_T_MODULES + 4, 0x40000000u)
FIELD32(disks_unowned, b + MANIFEST_H_TABLES + 8 * MANIFEST_T_DISKS + 4, 2)
FIELD32(strings_empty, b + MANIFEST_H_TABLES + 8 * MANIFEST_T_STRINGS + 4, 0)
FIELD8(strings_unterminated, b + n - 1, 'x')
FIELD32(name_outside, domain_record(b, 0) + MANIFEST_D_NAME, 0x7fffffff)
FIELD32(name_empty, domain_record(b, 0) + MANIFEST_D_NAME, 0)
FIELD32(name_at_table_end, domain_record(b, 0) + MANIFEST_D_NAME, get32(b + MANIFEST_H_TABLES + 8 * MANIFEST_T_STRINGS + 4))
FIELD8(role_unknown, domain_record(b, 1) + MANIFEST_D_ROLE, 3)
FIELD8(control_not_first, domain_record(b, 0) + MANIFEST_D_ROLE, MANIFEST_ROLE_DRIVER)
FIELD8(second_control, domain_record(b, 1) + MANIFEST_D_ROLE, MANIFEST_ROLE_CONTROL)
FIELD8(type_unknown, domain_record(b, 0) + MANIFEST_D_TYPE, 2)
FIELD8(paging_on_pv, domain_record(b, 0) + MANIFEST_D_PAGING, MANIFEST_PAGING_SHADOW)
FIELD8(hvm_without_paging, domain_record(b, 2) + MANIFEST_D_PAGING, MANIFEST_PAGING_NONE)
FIELD8(flags_unknown, domain_record(b, 0) + MANIFEST_D_FLAGS, 0x80)
FIELD8(flags_unknown_bit2, domain_record(b, 2) + MANIFEST_D_FLAGS, 0x04)
FIELD8(control_no_autostart, domain_record(b, 0) + MANIFEST_D_FLAGS,
       MANIFEST_DOMAIN_CONSOLE | MANIFEST_DOMAIN_NO_AUTOSTART)
/* drv serves the guest's disk; dom0 serves its interface. */
FIELD8(disk_backend_no_autostart, domain_record(b, 1) + MANIFEST_D_FLAGS, MANIFEST_DOMAIN_NO_AUTOSTART)
FIELD32(memory_unaligned, domain_record(b, 0) + MANIFEST_D_MEMORY_KIB, 16383)
FIELD32(memory_too_small, domain_record(b, 0) + MANIFEST_D_MEMORY_KIB, 1020)
FIELD32(vcpus_zero, domain_record(b, 0) + MANIFEST_D_VCPUS, 0)
FIELD32(vcpus_33, domain_record(b, 0) + MANIFEST_D_VCPUS, 33)
FIELD32(weight_zero, domain_record(b, 0) + MANIFEST_D_WEIGHT, 0)
FIELD32(cap_over, domain_record(b, 2) + MANIFEST_D_CAP, 201)
FIELD32(kernel_zero, domain_record(b, 0) + MANIFEST_D_KERNEL, 0)
FIELD32(kernel_past_end, domain_record(b, 0) + MANIFEST_D_KERNEL, 3)
FIELD32(cmdline_outside, domain_record(b, 0) + MANIFEST_D_CMDLINE, 0xffffffffu)
FIELD32(grant_frames_zero, domain_record(b, 0) + MANIFEST_D_GRANT_FRAMES, 0)
FIELD32(event_channels_4097, domain_record(b, 0) + MANIFEST_D_EVTCHNS, 4097)
FIELD32(ramdisk_past_end, domain_record(b, 0) + MANIFEST_D_RAMDISK, 3)
FIELD32(items_gap, domain_record(b, 2) + MANIFEST_D_ITEMS, 1)
FIELD32(items_past_table, domain_record(b, 2) + MANIFEST_D_ITEMS + 4, 5)
FIELD32(disk_backend_outside, table(b, MANIFEST_T_DISKS) + MANIFEST_DISK_BACKEND, 99)
FIELD32(disk_backend_self, table(b, MANIFEST_T_DISKS) + MANIFEST_DISK_BACKEND, 2)
FIELD32(disk_source_outside, table(b, MANIFEST_T_DISKS) + MANIFEST_DISK_SOURCE, 0x10000)
FIELD32(disk_flags_unknown, table(b, MANIFEST_T_DISKS) + MANIFEST_DISK_FLAGS, 2)
FIELD32(nic_backend_self, table(b, MANIFEST_T_NICS) + MANIFEST_NIC_BACKEND, 2)
FIELD8(nic_reserved_set, table(b, MANIFEST_T_NICS) + MANIFEST_NIC_RESERVED, 1)
FIELD8(ioport_reversed, table(b, MANIFEST_T_IOPORTS) + MANIFEST_IOPORT_LAST, 0x50)
FIELD32(irq_256, table(b, MANIFEST_T_IRQS), 256)
FIELD32(module_path_outside, table(b, MANIFEST_T_MODULES), 0x7fffffff)

/* The driver becomes a guest, so the guest's disk names a guest back-end. */
static void disk_backend_guest(uint8_t *b, size_t n)
{
	(void)n;
	domain_record(b, 1)[MANIFEST_D_ROLE] = MANIFEST_ROLE_GUEST;
}

/* The guest's interface back-end, dom0, is made a driver not started at boot. */
static void nic_backend_no_autostart(uint8_t *b, size_t n)
{
	(void)n;
	put32(table(b, MANIFEST_T_NICS) + MANIFEST_NIC_BACKEND, 1);
	put32(table(b, MANIFEST_T_DISKS) + MANIFEST_DISK_BACKEND, 0);
	domain_record(b, 1)[MANIFEST_D_FLAGS] = MANIFEST_DOMAIN_NO_AUTOSTART;
}

/* A guest between the control domain and a driver domain. */
static void out_of_order(uint8_t *b, size_t n)
{
	(void)n;
	domain_record(b, 1)[MANIFEST_D_ROLE] = MANIFEST_ROLE_GUEST;
	domain_record(b, 2)[MANIFEST_D_ROLE] = MANIFEST_ROLE_DRIVER;
}

static const struct corruption corruptions[] = {
	{ "bad-magic", bad_magic, "bad magic", 1 },
	{ "version-2", version_2, "unsupported version", 0 },
	{ "size-field", size_field, "size field does not match the module size", 1 },
	{ "checksum", checksum, "checksum mismatch", 1 },
	{ "machine-memory-unaligned", machine_unaligned, "bad machine memory size", 0 },
	{ "machine-memory-too-small", machine_small, "domains need more memory than the machine has", 0 },
	{ "domain-table-offset-huge", domains_offset_huge, "domain table out of bounds", 0 },
	{ "domain-table-count-huge", domains_count_huge, "domain table out of bounds", 0 },
	{ "domain-table-in-header", domains_in_header, "domain table out of bounds", 0 },
	{ "no-domains", domains_none, "no domains", 0 },
	{ "module-table-count-huge", modules_count_huge, "module table out of bounds", 0 },
	{ "disk-table-unowned-item", disks_unowned, "items owned by no domain", 0 },
	{ "string-table-empty", strings_empty, "string table not terminated", 0 },
	{ "string-table-unterminated", strings_unterminated, "string table not terminated", 0 },
	{ "name-outside", name_outside, "bad domain name", 0 },
	{ "name-empty", name_empty, "bad domain name", 0 },
	{ "name-at-table-end", name_at_table_end, "bad domain name", 0 },
	{ "role-unknown", role_unknown, "bad domain role", 0 },
	{ "control-not-first", control_not_first, "domain 0 must be the only control domain", 0 },
	{ "second-control", second_control, "domain 0 must be the only control domain", 0 },
	{ "guest-before-driver", out_of_order, "domains out of order", 0 },
	{ "type-unknown", type_unknown, "bad domain type", 0 },
	{ "paging-on-pv", paging_on_pv, "bad paging mode", 0 },
	{ "hvm-without-paging", hvm_without_paging, "bad paging mode", 0 },
	{ "flags-unknown", flags_unknown, "unknown domain flags", 0 },
	{ "flags-unknown-bit-2", flags_unknown_bit2, "unknown domain flags", 0 },
	{ "control-domain-not-started-at-boot", control_no_autostart, "the control domain must start at boot", 0 },
	{ "disk-backend-not-started-at-boot", disk_backend_no_autostart, "back-end domain not started at boot", 0 },
	{ "interface-backend-not-started-at-boot", nic_backend_no_autostart, "back-end domain not started at boot", 0 },
	{ "memory-unaligned", memory_unaligned, "bad domain memory size", 0 },
	{ "memory-too-small", memory_too_small, "bad domain memory size", 0 },
	{ "vcpus-zero", vcpus_zero, "bad vcpu count", 0 },
	{ "vcpus-33", vcpus_33, "bad vcpu count", 0 },
	{ "weight-zero", weight_zero, "bad scheduler weight", 0 },
	{ "cap-over-vcpus", cap_over, "bad scheduler cap", 0 },
	{ "kernel-module-zero", kernel_zero, "bad kernel module index", 0 },
	{ "kernel-module-past-end", kernel_past_end, "bad kernel module index", 0 },
	{ "cmdline-outside", cmdline_outside, "bad cmdline", 0 },
	{ "grant-frames-zero", grant_frames_zero, "bad grant frame limit", 0 },
	{ "event-channels-4097", event_channels_4097, "bad event channel limit", 0 },
	{ "ramdisk-module-past-end", ramdisk_past_end, "bad ramdisk module index", 0 },
	{ "items-gap", items_gap, "domain items do not tile the item tables", 0 },
	{ "items-past-table", items_past_table, "domain items do not tile the item tables", 0 },
	{ "disk-backend-outside", disk_backend_outside, "bad disk back-end", 0 },
	{ "disk-backend-self", disk_backend_self, "bad disk back-end", 0 },
	{ "disk-backend-guest", disk_backend_guest, "bad disk back-end", 0 },
	{ "disk-source-outside", disk_source_outside, "bad disk string", 0 },
	{ "disk-flags-unknown", disk_flags_unknown, "unknown disk flags", 0 },
	{ "interface-backend-self", nic_backend_self, "bad interface back-end", 0 },
	{ "interface-reserved-set", nic_reserved_set, "reserved interface field not zero", 0 },
	{ "ioport-reversed", ioport_reversed, "empty I/O port range", 0 },
	{ "irq-256", irq_256, "IRQ out of range", 0 },
	{ "module-path-outside", module_path_outside, "bad module path", 0 },
};

static void test_corruption(const struct corruption *c, const uint8_t *buf, size_t len)
{
	uint8_t *copy = malloc(len);
	const char *why = NULL;
	char name[96], msg[160];

	memcpy(copy, buf, len);
	c->apply(copy, len);
	if (!c->keep_seal)
		reseal(copy, len);
	snprintf(name, sizeof name, "corrupt-%s", c->name);
	if (open_copy(copy, len, &why, NULL) != -1) {
		result(name, "accepted");
	} else if (strcmp(why, c->reason)) {
		snprintf(msg, sizeof msg, "reason '%s', expected '%s'", why, c->reason);
		result(name, msg);
	} else {
		result(name, NULL);
	}
	free(copy);
}

int main(void)
{
	size_t len;
	uint8_t *buf = manifest_build(&reference, &len);

	result("crc32-check-value", test_crc());
	result("reference-opens-and-reads-back", test_reference(buf, len));
	result("compilation-is-deterministic", test_deterministic(buf, len));
	result("guest-not-started-at-boot-accepted", test_no_autostart());
	result("every-truncation-rejected", test_truncations(buf, len));
	result("every-bit-flip-rejected", test_bit_flips(buf, len, 0));
	result("resealed-bit-flips-keep-promises", test_bit_flips(buf, len, 1));
	result("resealed-garbage-keeps-promises", test_garbage(buf, len));
	for (size_t i = 0; i < sizeof corruptions / sizeof corruptions[0]; i++)
		test_corruption(&corruptions[i], buf, len);
	free(buf);
	return failures != 0;
}
