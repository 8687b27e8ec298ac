/*
 * Reading the boot manifest, for the hypervisor and for host tools alike.
 *
 * The rule of this file: validate everything, then read without checks.
 * manifest_open() walks the whole manifest once in a fixed order -- header,
 * table bounds, the string table's terminator, every domain record, every
 * item a domain owns, every module -- and proves each fact listed in
 * manifest.h before it returns 0.  The accessors below it rely on those
 * facts and only re-check the caller's index arguments.  A field that is
 * read by an accessor but not checked in manifest_open() is a bug.
 *
 * Offsets are 32-bit and every sum that locates a byte is formed in
 * 64 bits, so a hostile offset or count cannot wrap around into range.
 * Each domain's items must tile the item tables in order (domain 0 owns
 * the first disks, domain 1 the next ones, ...), so no item belongs to two
 * domains and none to no domain.
 *
 * Freestanding: no library calls, no allocation, no output.  Reasons are
 * short static strings the caller prints.
 */
#include "manifest.h"

const uint32_t manifest_record_size[MANIFEST_TABLES] = {
	[MANIFEST_T_DOMAINS] = MANIFEST_DOMAIN_SIZE,
	[MANIFEST_T_MODULES] = MANIFEST_MODULE_SIZE,
	[MANIFEST_T_DISKS]   = MANIFEST_DISK_SIZE,
	[MANIFEST_T_NICS]    = MANIFEST_NIC_SIZE,
	[MANIFEST_T_PCIS]    = MANIFEST_PCI_SIZE,
	[MANIFEST_T_IOPORTS] = MANIFEST_IOPORT_SIZE,
	[MANIFEST_T_IRQS]    = MANIFEST_IRQ_SIZE,
	[MANIFEST_T_STRINGS] = 1,
};

static const char *const table_oob[MANIFEST_TABLES] = {
	[MANIFEST_T_DOMAINS] = "domain table out of bounds",
	[MANIFEST_T_MODULES] = "module table out of bounds",
	[MANIFEST_T_DISKS]   = "disk table out of bounds",
	[MANIFEST_T_NICS]    = "interface table out of bounds",
	[MANIFEST_T_PCIS]    = "PCI table out of bounds",
	[MANIFEST_T_IOPORTS] = "I/O port table out of bounds",
	[MANIFEST_T_IRQS]    = "IRQ table out of bounds",
	[MANIFEST_T_STRINGS] = "string table out of bounds",
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

uint32_t manifest_crc32(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t crc = 0xffffffffu;

	while (len--) {
		crc ^= *p++;
		for (int bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1u));
	}
	return ~crc;
}

static const uint8_t *record(const struct manifest *m, enum manifest_table t, uint32_t i)
{
	return m->base + m->table[t].offset + (size_t)i * manifest_record_size[t];
}

/* The span of table t (DISKS..IRQS) that domain d owns. */
static struct manifest_span items(const struct manifest *m, uint32_t d, enum manifest_table t)
{
	const uint8_t *p = record(m, MANIFEST_T_DOMAINS, d) + MANIFEST_D_ITEMS
			   + 8 * (t - MANIFEST_T_DISKS);
	return (struct manifest_span){ get32(p), get32(p + 4) };
}

static const char *string(const struct manifest *m, uint32_t off)
{
	return (const char *)m->base + m->table[MANIFEST_T_STRINGS].offset + off;
}

/* A string reference is valid when it lies in the table and is at most max long. */
static bool string_ok(const struct manifest *m, uint32_t off, uint32_t max)
{
	uint32_t size = m->table[MANIFEST_T_STRINGS].count;

	if (off >= size)
		return false;
	const char *s = string(m, off);
	uint32_t n = 0;
	while (s[n])            /* the table ends in NUL, so this stops inside it */
		n++;
	return n <= max;
}

static const char *check_header(struct manifest *m, const uint8_t *b, size_t len)
{
	if (len < MANIFEST_HEADER_SIZE)
		return "truncated header";
	for (int i = 0; i < 4; i++)
		if (b[MANIFEST_H_MAGIC + i] != (uint8_t)MANIFEST_MAGIC[i])
			return "bad magic";
	if (get32(b + MANIFEST_H_VERSION) != MANIFEST_VERSION)
		return "unsupported version";
	if (get32(b + MANIFEST_H_SIZE) != len)
		return "size field does not match the module size";
	m->base = b;
	m->size = (uint32_t)len;
	m->checksum = get32(b + MANIFEST_H_CHECKSUM);
	if (manifest_crc32(b + MANIFEST_CHECKSUM_FROM, len - MANIFEST_CHECKSUM_FROM) != m->checksum)
		return "checksum mismatch";
	m->machine_kib = get64(b + MANIFEST_H_MACHINE_KIB);
	if (m->machine_kib % MANIFEST_PAGE_KIB || m->machine_kib > MANIFEST_MEMORY_MAX_KIB)
		return "bad machine memory size";
	return 0;
}

static const char *check_tables(struct manifest *m)
{
	for (int t = 0; t < MANIFEST_TABLES; t++) {
		const uint8_t *p = m->base + MANIFEST_H_TABLES + 8 * t;
		m->table[t].offset = get32(p);
		m->table[t].count = get32(p + 4);
		uint64_t end = (uint64_t)m->table[t].offset
			       + (uint64_t)m->table[t].count * manifest_record_size[t];
		if (m->table[t].offset < MANIFEST_HEADER_SIZE || end > m->size)
			return table_oob[t];
	}
	uint32_t n = m->table[MANIFEST_T_STRINGS].count;
	if (n == 0 || string(m, n - 1)[0] != 0)
		return "string table not terminated";
	if (m->table[MANIFEST_T_DOMAINS].count == 0)
		return "no domains";
	return 0;
}

/* The back-end reference of domain d's item, or why it is wrong. */
static const char *backend_check(const struct manifest *m, uint32_t d, uint32_t backend, const char *bad)
{
	if (backend >= m->table[MANIFEST_T_DOMAINS].count || backend == d)
		return bad;
	const uint8_t *b = record(m, MANIFEST_T_DOMAINS, backend);
	if (b[MANIFEST_D_ROLE] == MANIFEST_ROLE_GUEST)
		return bad;
	if (b[MANIFEST_D_FLAGS] & MANIFEST_DOMAIN_NO_AUTOSTART)
		return "back-end domain not started at boot";
	return 0;
}

static const char *check_item(const struct manifest *m, uint32_t d, enum manifest_table t,
			      const uint8_t *p)
{
	switch (t) {
	case MANIFEST_T_DISKS: {
		const char *why = backend_check(m, d, get32(p + MANIFEST_DISK_BACKEND), "bad disk back-end");
		if (why)
			return why;
		if (!string_ok(m, get32(p + MANIFEST_DISK_SOURCE), UINT32_MAX) ||
		    !string_ok(m, get32(p + MANIFEST_DISK_TARGET), MANIFEST_NAME_MAX))
			return "bad disk string";
		if (get32(p + MANIFEST_DISK_FLAGS) & ~MANIFEST_DISK_READONLY)
			return "unknown disk flags";
		return 0;
	}
	case MANIFEST_T_NICS: {
		const char *why = backend_check(m, d, get32(p + MANIFEST_NIC_BACKEND), "bad interface back-end");
		if (why)
			return why;
		if (get16(p + MANIFEST_NIC_RESERVED))
			return "reserved interface field not zero";
		if (get16(p + MANIFEST_NIC_FWD_HOST_PORT) && !get16(p + MANIFEST_NIC_FWD_GUEST_PORT))
			return "interface forward with a host port but no guest port";
		return 0;
	}
	case MANIFEST_T_IOPORTS:
		if (get16(p + MANIFEST_IOPORT_FIRST) > get16(p + MANIFEST_IOPORT_LAST))
			return "empty I/O port range";
		return 0;
	case MANIFEST_T_IRQS:
		if (get32(p) > MANIFEST_IRQ_MAX)
			return "IRQ out of range";
		return 0;
	default:                /* every PCI encoding is a valid address */
		return 0;
	}
}

/* Domain d's items of every kind start at cursor[] and advance it. */
static const char *check_items(const struct manifest *m, uint32_t d, uint32_t cursor[])
{
	for (enum manifest_table t = MANIFEST_T_DISKS; t <= MANIFEST_T_IRQS; t++) {
		struct manifest_span s = items(m, d, t);
		uint32_t *c = &cursor[t - MANIFEST_T_DISKS];
		if (s.offset != *c || (uint64_t)s.offset + s.count > m->table[t].count)
			return "domain items do not tile the item tables";
		for (uint32_t i = 0; i < s.count; i++) {
			const char *why = check_item(m, d, t, record(m, t, s.offset + i));
			if (why)
				return why;
		}
		*c += s.count;
	}
	return 0;
}

static const char *check_domain(const struct manifest *m, uint32_t d, uint64_t *memory)
{
	const uint8_t *p = record(m, MANIFEST_T_DOMAINS, d);
	uint8_t role = p[MANIFEST_D_ROLE], type = p[MANIFEST_D_TYPE], paging = p[MANIFEST_D_PAGING];
	uint64_t kib = get64(p + MANIFEST_D_MEMORY_KIB);
	uint32_t vcpus = get32(p + MANIFEST_D_VCPUS), weight = get32(p + MANIFEST_D_WEIGHT);
	uint32_t kernel = get32(p + MANIFEST_D_KERNEL);
	uint32_t frames = get32(p + MANIFEST_D_GRANT_FRAMES), evtchns = get32(p + MANIFEST_D_EVTCHNS);

	if (!string_ok(m, get32(p + MANIFEST_D_NAME), MANIFEST_NAME_MAX) ||
	    !string(m, get32(p + MANIFEST_D_NAME))[0])
		return "bad domain name";
	if (role > MANIFEST_ROLE_GUEST)
		return "bad domain role";
	if ((d == 0) != (role == MANIFEST_ROLE_CONTROL))
		return "domain 0 must be the only control domain";
	if (d > 0 && role < record(m, MANIFEST_T_DOMAINS, d - 1)[MANIFEST_D_ROLE])
		return "domains out of order";
	if (type > MANIFEST_TYPE_HVM)
		return "bad domain type";
	if (paging > MANIFEST_PAGING_HAP || (type == MANIFEST_TYPE_PV) != (paging == MANIFEST_PAGING_NONE))
		return "bad paging mode";
	if (p[MANIFEST_D_FLAGS] & ~MANIFEST_DOMAIN_FLAGS)
		return "unknown domain flags";
	if (d == 0 && (p[MANIFEST_D_FLAGS] & MANIFEST_DOMAIN_NO_AUTOSTART))
		return "the control domain must start at boot";
	if (kib % MANIFEST_PAGE_KIB || kib < MANIFEST_MEMORY_MIN_KIB || kib > MANIFEST_MEMORY_MAX_KIB)
		return "bad domain memory size";
	if (vcpus < 1 || vcpus > MANIFEST_VCPUS_MAX)
		return "bad vcpu count";
	if (weight < MANIFEST_WEIGHT_MIN || weight > MANIFEST_WEIGHT_MAX)
		return "bad scheduler weight";
	if (get32(p + MANIFEST_D_CAP) > MANIFEST_CAP_PER_VCPU * vcpus)
		return "bad scheduler cap";
	if (kernel < 1 || kernel > m->table[MANIFEST_T_MODULES].count)
		return "bad kernel module index";
	if (!string_ok(m, get32(p + MANIFEST_D_CMDLINE), MANIFEST_CMDLINE_MAX))
		return "bad cmdline";
	if (frames < 1 || frames > MANIFEST_GRANT_FRAMES_MAX)
		return "bad grant frame limit";
	if (evtchns < 1 || evtchns > MANIFEST_EVTCHN_MAX)
		return "bad event channel limit";
	if (get32(p + MANIFEST_D_RAMDISK) > m->table[MANIFEST_T_MODULES].count)
		return "bad ramdisk module index";
	*memory += kib;
	return 0;
}

int manifest_open(struct manifest *m, const void *buf, size_t len, const char **why)
{
	struct manifest tmp = { 0 };
	uint32_t cursor[MANIFEST_T_IRQS - MANIFEST_T_DISKS + 1] = { 0 };
	uint64_t memory = 0;

	*why = len > UINT32_MAX ? "manifest too large" : check_header(&tmp, buf, len);
	if (!*why)
		*why = check_tables(&tmp);
	for (uint32_t d = 0; !*why && d < tmp.table[MANIFEST_T_DOMAINS].count; d++) {
		*why = check_domain(&tmp, d, &memory);
		if (!*why)
			*why = check_items(&tmp, d, cursor);
	}
	for (int t = MANIFEST_T_DISKS; !*why && t <= MANIFEST_T_IRQS; t++)
		if (cursor[t - MANIFEST_T_DISKS] != tmp.table[t].count)
			*why = "items owned by no domain";
	for (uint32_t i = 0; !*why && i < tmp.table[MANIFEST_T_MODULES].count; i++)
		if (!string_ok(&tmp, get32(record(&tmp, MANIFEST_T_MODULES, i)), UINT32_MAX))
			*why = "bad module path";
	if (!*why && memory > tmp.machine_kib)
		*why = "domains need more memory than the machine has";
	if (*why)
		return -1;
	*m = tmp;
	return 0;
}

uint32_t manifest_domain_count(const struct manifest *m)
{
	return m->table[MANIFEST_T_DOMAINS].count;
}

uint32_t manifest_module_count(const struct manifest *m)
{
	return m->table[MANIFEST_T_MODULES].count;
}

const char *manifest_module(const struct manifest *m, uint32_t module)
{
	if (module < 1 || module > manifest_module_count(m))
		return 0;
	return string(m, get32(record(m, MANIFEST_T_MODULES, module - 1)));
}

bool manifest_domain(const struct manifest *m, uint32_t domain, struct manifest_domain *out)
{
	if (domain >= manifest_domain_count(m))
		return false;
	const uint8_t *p = record(m, MANIFEST_T_DOMAINS, domain);
	*out = (struct manifest_domain){
		.name = string(m, get32(p + MANIFEST_D_NAME)),
		.role = p[MANIFEST_D_ROLE],
		.type = p[MANIFEST_D_TYPE],
		.paging = p[MANIFEST_D_PAGING],
		.flags = p[MANIFEST_D_FLAGS],
		.memory_kib = get64(p + MANIFEST_D_MEMORY_KIB),
		.vcpus = get32(p + MANIFEST_D_VCPUS),
		.weight = get32(p + MANIFEST_D_WEIGHT),
		.cap = get32(p + MANIFEST_D_CAP),
		.kernel_module = get32(p + MANIFEST_D_KERNEL),
		.ramdisk_module = get32(p + MANIFEST_D_RAMDISK),
		.cmdline = string(m, get32(p + MANIFEST_D_CMDLINE)),
		.grant_frames = get32(p + MANIFEST_D_GRANT_FRAMES),
		.event_channels = get32(p + MANIFEST_D_EVTCHNS),
		.ndisks = items(m, domain, MANIFEST_T_DISKS).count,
		.nnics = items(m, domain, MANIFEST_T_NICS).count,
		.npcis = items(m, domain, MANIFEST_T_PCIS).count,
		.nioports = items(m, domain, MANIFEST_T_IOPORTS).count,
		.nirqs = items(m, domain, MANIFEST_T_IRQS).count,
	};
	return true;
}

/* The record of domain's item i in table t, or NULL when out of range. */
static const uint8_t *item(const struct manifest *m, uint32_t domain, enum manifest_table t, uint32_t i)
{
	if (domain >= manifest_domain_count(m))
		return 0;
	struct manifest_span s = items(m, domain, t);
	return i < s.count ? record(m, t, s.offset + i) : 0;
}

bool manifest_disk(const struct manifest *m, uint32_t domain, uint32_t i, struct manifest_disk *out)
{
	const uint8_t *p = item(m, domain, MANIFEST_T_DISKS, i);
	if (!p)
		return false;
	*out = (struct manifest_disk){
		.backend = get32(p + MANIFEST_DISK_BACKEND),
		.source = string(m, get32(p + MANIFEST_DISK_SOURCE)),
		.target = string(m, get32(p + MANIFEST_DISK_TARGET)),
		.flags = get32(p + MANIFEST_DISK_FLAGS),
	};
	return true;
}

bool manifest_nic(const struct manifest *m, uint32_t domain, uint32_t i, struct manifest_nic *out)
{
	const uint8_t *p = item(m, domain, MANIFEST_T_NICS, i);
	if (!p)
		return false;
	out->backend = get32(p + MANIFEST_NIC_BACKEND);
	for (int b = 0; b < 6; b++)
		out->mac[b] = p[MANIFEST_NIC_MAC + b];
	out->fwd_host_port = get16(p + MANIFEST_NIC_FWD_HOST_PORT);
	out->fwd_guest_port = get16(p + MANIFEST_NIC_FWD_GUEST_PORT);
	return true;
}

bool manifest_pci(const struct manifest *m, uint32_t domain, uint32_t i, struct manifest_pci *out)
{
	const uint8_t *p = item(m, domain, MANIFEST_T_PCIS, i);
	if (!p)
		return false;
	*out = (struct manifest_pci){
		.segment = get16(p + MANIFEST_PCI_SEGMENT),
		.bus = p[MANIFEST_PCI_BUS],
		.dev = p[MANIFEST_PCI_DEVFN] >> 3,
		.fn = p[MANIFEST_PCI_DEVFN] & 7,
	};
	return true;
}

bool manifest_disk_device(const struct manifest *m, uint32_t domain, uint32_t i, uint8_t *slot)
{
	struct manifest_domain md;
	struct manifest_disk disk;
	struct manifest_pci pci;
	uint32_t k = i;
	if (!manifest_disk(m, domain, i, &disk))
		return false;
	for (uint32_t d = 0; d < domain && manifest_domain(m, d, &md); d++)
		k += md.ndisks;
	if (k >= MANIFEST_DISK_SLOTS)
		return false;
	for (uint32_t j = 0; manifest_pci(m, disk.backend, j, &pci); j++)
		if (pci.segment == 0 && pci.bus == 0 && pci.dev == MANIFEST_DISK_SLOT_FIRST + k && pci.fn == 0) {
			*slot = (uint8_t)(MANIFEST_DISK_SLOT_FIRST + k);
			return true;
		}
	return false;
}

bool manifest_ioport(const struct manifest *m, uint32_t domain, uint32_t i, struct manifest_ioport *out)
{
	const uint8_t *p = item(m, domain, MANIFEST_T_IOPORTS, i);
	if (!p)
		return false;
	out->first = get16(p + MANIFEST_IOPORT_FIRST);
	out->last = get16(p + MANIFEST_IOPORT_LAST);
	return true;
}

bool manifest_irq(const struct manifest *m, uint32_t domain, uint32_t i, uint32_t *out)
{
	const uint8_t *p = item(m, domain, MANIFEST_T_IRQS, i);
	if (!p)
		return false;
	*out = get32(p);
	return true;
}
