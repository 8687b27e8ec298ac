/*
 * The boot manifest: the compiled form of an XML system description.
 *
 * umbra-config writes it on the host; the hypervisor receives it as
 * Multiboot module 0 and builds the boot-time domains it lists.  The
 * hypervisor must never trust a byte of it before manifest_open() has
 * said yes, so manifest_open() is the single gate: it checks the magic,
 * the version, the total size, the CRC32 and then every offset, count,
 * string, index and enumerated value in the file.  Only after it returns
 * 0 may the accessors run, and they cannot read outside the buffer: the
 * index arguments are bounds-checked again and everything else they
 * touch was proved in range by manifest_open().  The caller must not
 * change the buffer between manifest_open() and the last accessor call.
 *
 * Invariants a caller may rely on after manifest_open() returns 0:
 *   - there is at least one domain; domain 0 is the only control domain;
 *     the driver domains follow it, then the guests;
 *   - every name is 1..MANIFEST_NAME_MAX characters, every cmdline at
 *     most MANIFEST_CMDLINE_MAX, and every string is NUL-terminated;
 *   - role, type, paging and flags hold only the values defined here,
 *     and paging is NONE exactly for PV domains;
 *   - the control domain starts at boot (no MANIFEST_DOMAIN_NO_AUTOSTART),
 *     and so does every domain that is another's disk or interface
 *     back-end;
 *   - memory is a whole number of 4 KiB pages, MANIFEST_MEMORY_MIN_KIB
 *     .. MANIFEST_MEMORY_MAX_KIB per domain, and the domains together
 *     (those not started at boot included) fit the machine memory;
 *   - vcpus, weight, cap, grant frames and event channels are in the
 *     ranges below; kernel_module is 1..module count, ramdisk_module 0
 *     (none) or 1..module count;
 *   - every disk and interface names a back-end domain that exists, is
 *     a driver or the control domain, and is not the domain itself;
 *   - I/O port ranges have first <= last; IRQs are <= MANIFEST_IRQ_MAX.
 * What it does not prove (unique names, MACs, PCI devices, ports and
 * IRQs across domains; files on the host) is umbra-config's job.
 *
 * The byte layout is in docs/manifest.md.  All integers are little-endian
 * and read byte by byte, so the buffer needs no alignment.
 *
 * Portable C: this header and manifest.c include only <stdint.h>,
 * <stddef.h> and <stdbool.h> and call no library function, so the same
 * files compile into the freestanding kernel and into host tools.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MANIFEST_MAGIC          "UMBM"
#define MANIFEST_VERSION        1u

/* Record sizes in bytes; the offsets inside each are in docs/manifest.md. */
#define MANIFEST_HEADER_SIZE    88u
#define MANIFEST_DOMAIN_SIZE    88u
#define MANIFEST_MODULE_SIZE    4u
#define MANIFEST_DISK_SIZE      16u
#define MANIFEST_NIC_SIZE       16u
#define MANIFEST_PCI_SIZE       4u
#define MANIFEST_IOPORT_SIZE    4u
#define MANIFEST_IRQ_SIZE       4u

/* Byte offsets of the fields inside the header and the records. */
enum manifest_offsets {
	MANIFEST_H_MAGIC = 0, MANIFEST_H_VERSION = 4, MANIFEST_H_SIZE = 8,
	MANIFEST_H_CHECKSUM = 12, MANIFEST_H_MACHINE_KIB = 16,
	MANIFEST_H_TABLES = 24,         /* MANIFEST_TABLES spans of 8 bytes */
	MANIFEST_CHECKSUM_FROM = 16,    /* the CRC covers bytes 16..size-1 */

	MANIFEST_D_NAME = 0, MANIFEST_D_ROLE = 4, MANIFEST_D_TYPE = 5,
	MANIFEST_D_PAGING = 6, MANIFEST_D_FLAGS = 7, MANIFEST_D_MEMORY_KIB = 8,
	MANIFEST_D_VCPUS = 16, MANIFEST_D_WEIGHT = 20, MANIFEST_D_CAP = 24,
	MANIFEST_D_KERNEL = 28, MANIFEST_D_CMDLINE = 32,
	MANIFEST_D_GRANT_FRAMES = 36, MANIFEST_D_EVTCHNS = 40,
	MANIFEST_D_RAMDISK = 44,
	MANIFEST_D_ITEMS = 48,          /* spans of disks, nics, pcis, ioports, irqs */

	MANIFEST_DISK_BACKEND = 0, MANIFEST_DISK_SOURCE = 4,
	MANIFEST_DISK_TARGET = 8, MANIFEST_DISK_FLAGS = 12,
	MANIFEST_NIC_BACKEND = 0, MANIFEST_NIC_MAC = 4, MANIFEST_NIC_FWD_HOST_PORT = 10,
	MANIFEST_NIC_FWD_GUEST_PORT = 12, MANIFEST_NIC_RESERVED = 14,
	MANIFEST_PCI_SEGMENT = 0, MANIFEST_PCI_BUS = 2, MANIFEST_PCI_DEVFN = 3,
	MANIFEST_IOPORT_FIRST = 0, MANIFEST_IOPORT_LAST = 2,
};

/* The tables the header locates, in header order. */
enum manifest_table {
	MANIFEST_T_DOMAINS,
	MANIFEST_T_MODULES,
	MANIFEST_T_DISKS,
	MANIFEST_T_NICS,
	MANIFEST_T_PCIS,
	MANIFEST_T_IOPORTS,
	MANIFEST_T_IRQS,
	MANIFEST_T_STRINGS,     /* count is the table's size in bytes */
	MANIFEST_TABLES
};

enum manifest_role   { MANIFEST_ROLE_CONTROL, MANIFEST_ROLE_DRIVER, MANIFEST_ROLE_GUEST };
enum manifest_type   { MANIFEST_TYPE_PV, MANIFEST_TYPE_HVM };
enum manifest_paging { MANIFEST_PAGING_NONE, MANIFEST_PAGING_SHADOW, MANIFEST_PAGING_HAP };

#define MANIFEST_DOMAIN_CONSOLE      0x01u      /* domain flags */
#define MANIFEST_DOMAIN_NO_AUTOSTART 0x02u      /* not built at boot: dom0 creates it */
#define MANIFEST_DOMAIN_FLAGS        (MANIFEST_DOMAIN_CONSOLE | MANIFEST_DOMAIN_NO_AUTOSTART)
#define MANIFEST_DISK_READONLY  0x01u   /* disk flags */

/* Limits shared by umbra-config's checks and manifest_open(). */
#define MANIFEST_NAME_MAX        63u
#define MANIFEST_CMDLINE_MAX     1023u  /* start_info.cmd_line holds 1024 bytes */
#define MANIFEST_PAGE_KIB        4u
#define MANIFEST_MEMORY_MIN_KIB  1024u
#define MANIFEST_MEMORY_MAX_KIB  (1ull << 30)   /* 1 TiB */
#define MANIFEST_VCPUS_MAX       32u    /* vcpu_info slots in shared_info */
#define MANIFEST_WEIGHT_MIN      1u
#define MANIFEST_WEIGHT_MAX      65535u
#define MANIFEST_WEIGHT_DEFAULT  256u
#define MANIFEST_CAP_PER_VCPU    100u   /* cap is in percent of one CPU; 0 = none */
#define MANIFEST_GRANT_FRAMES_MAX     64u
#define MANIFEST_GRANT_FRAMES_DEFAULT 32u
#define MANIFEST_EVTCHN_MAX      4096u  /* the 2-level ABI on 64-bit */
#define MANIFEST_EVTCHN_DEFAULT  1023u
#define MANIFEST_IRQ_MAX         255u

/* Bytes per record of each table (1 for the string table). */
extern const uint32_t manifest_record_size[MANIFEST_TABLES];

struct manifest_span {
	uint32_t offset;
	uint32_t count;
};

/* Filled by manifest_open(); read-only for the caller. */
struct manifest {
	const uint8_t *base;
	uint32_t size;
	uint32_t checksum;
	uint64_t machine_kib;
	struct manifest_span table[MANIFEST_TABLES];
};

struct manifest_domain {
	const char *name;
	uint8_t role;           /* enum manifest_role */
	uint8_t type;           /* enum manifest_type */
	uint8_t paging;         /* enum manifest_paging */
	uint8_t flags;          /* MANIFEST_DOMAIN_* */
	uint64_t memory_kib;
	uint32_t vcpus;
	uint32_t weight;
	uint32_t cap;
	uint32_t kernel_module; /* 1-based Multiboot module index */
	uint32_t ramdisk_module;        /* the initial ramdisk's; 0: none */
	const char *cmdline;
	uint32_t grant_frames;
	uint32_t event_channels;
	uint32_t ndisks, nnics, npcis, nioports, nirqs;
};

struct manifest_disk {
	uint32_t backend;       /* domain index */
	const char *source;     /* absolute host path of the image */
	const char *target;     /* e.g. "xvda" */
	uint32_t flags;         /* MANIFEST_DISK_* */
};

struct manifest_nic {
	uint32_t backend;
	uint8_t mac[6];
	uint16_t fwd_host_port;         /* 127.0.0.1's TCP port; 0: the launcher picks */
	uint16_t fwd_guest_port;        /* forwarded to 10.0.2.15's; 0: no forward */
};

struct manifest_pci {
	uint16_t segment;
	uint8_t bus;
	uint8_t dev;
	uint8_t fn;
};

struct manifest_ioport {
	uint16_t first;
	uint16_t last;          /* inclusive */
};

/*
 * Check buf[0..len) and, if it is a valid manifest, fill *m and return 0.
 * Otherwise return -1 and point *why at a short static reason.
 */
int manifest_open(struct manifest *m, const void *buf, size_t len, const char **why);

/* CRC-32 (IEEE 802.3, reflected) as the header's checksum uses it. */
uint32_t manifest_crc32(const void *buf, size_t len);

uint32_t manifest_domain_count(const struct manifest *m);
uint32_t manifest_module_count(const struct manifest *m);

/* The path of module 1..count, or NULL when out of range. */
const char *manifest_module(const struct manifest *m, uint32_t module);

/* Each returns false, leaving *out untouched, when an index is out of range. */
bool manifest_domain(const struct manifest *m, uint32_t domain, struct manifest_domain *out);
bool manifest_disk(const struct manifest *m, uint32_t domain, uint32_t i, struct manifest_disk *out);
bool manifest_nic(const struct manifest *m, uint32_t domain, uint32_t i, struct manifest_nic *out);
bool manifest_pci(const struct manifest *m, uint32_t domain, uint32_t i, struct manifest_pci *out);
bool manifest_ioport(const struct manifest *m, uint32_t domain, uint32_t i, struct manifest_ioport *out);
bool manifest_irq(const struct manifest *m, uint32_t domain, uint32_t i, uint32_t *out);

/*
 * The PCI slots tools/umbra attaches devices at (docs/configuration.md):
 * the k-th <disk> of the description (domains in order, then each domain's
 * disks in document order) is a virtio-blk-pci at 0000:00:(0x10 + k).0 for
 * k < 8; interfaces likewise from 0x18, seven of them.
 */
#define MANIFEST_DISK_SLOT_FIRST 0x10u
#define MANIFEST_DISK_SLOTS      8u
#define MANIFEST_NIC_SLOT_FIRST  0x18u
#define MANIFEST_NIC_SLOTS       7u

/* Disk i of domain's device slot: true, with *slot set, when the disk has a
 * slot and its back-end domain is given that function (<hostdev> 0000:00:
 * slot.0), i.e. the back end can serve it from the image file. */
bool manifest_disk_device(const struct manifest *m, uint32_t domain, uint32_t i, uint8_t *slot);
