/*
 * Umbra's sysctl boot_module copies exactly the bytes asked for from the
 * module asked for, at most 1 MiB per call, and answers every bad request
 * with its error without reporting anything (public/sysctl.h).
 *
 * Booted with this kernel again as module 1 and boot-module-pattern.bin
 * (1.5 MiB of bytes that encode their own offset, guests.mk) as module 2:
 *   - module 1 read in 3000-byte chunks reassembles to `size` bytes: an ELF
 *     file whose entry is this kernel's _start and whose section headers
 *     end exactly at `size`; module 0 (this kernel, as the initial domain's
 *     image) holds the same bytes;
 *   - module 2 in one call of 1 MiB + 4 KiB copies exactly 1 MiB (the
 *     cap), the rest of the buffer untouched; the remainder in odd chunks;
 *     every byte at its offset;
 *   - a read at offset == size copies 0 bytes (also with no buffer);
 *     length 0 copies nothing but reports size and count;
 *   - pad or pad2 not zero -EINVAL (before the module index), module >=
 *     count -ENOENT, offset > size -EINVAL, a buffer in hypervisor space,
 *     unmapped or read-only -EFAULT; after each error the record is
 *     exactly as it was sent (nothing half-reported) and no buffer changed.
 * Xen 4.17 has no such command (it answers -ENOSYS): multi-domain, so the
 * oracle does not boot it.
 */
#include "domctl.h"
#include "test.h"

#define CHUNK 3000u
#define PATTERN_MODULE 2
#define PATTERN_SIZE (3u * (1u << 19) + 4097u)
#define MIB (1u << 20)

extern char _start[];

static uint8_t image[512 * 1024], image0[512 * 1024];
static uint8_t big[MIB + 4096];
static uint64_t own_size;

/* The byte at offset i of boot-module-pattern.bin (guests.mk). */
static uint8_t pattern(uint64_t i)
{
	return (uint8_t)((i * 131 + (i >> 12)) % 251);
}

static uint64_t read_all(uint32_t module, uint8_t *buf, uint64_t cap)
{
	uint64_t size = 0, at = 0;
	long n;
	do {            /* a module larger than buf stops at cap, short of size */
		uint64_t want = MIN((uint64_t)CHUNK, cap - at);
		n = sysctl_boot_module(module, at, buf + at, want, &size);
		CHECK(n >= 0, "module %u at %lu: %ld", module, at, n);
		CHECK((uint64_t)n <= want, "module %u at %lu: %ld bytes for %lu asked", module, at, n, want);
		at += (uint64_t)n;
	} while (n > 0);
	CHECK(at == size, "module %u: chunks make %lu bytes, size says %lu", module, at, size);
	return size;
}

static void own_image(void)
{
	uint64_t size = own_size = read_all(1, image, sizeof(image));
	uint64_t size0 = read_all(0, image0, sizeof(image0));
	CHECK(memcmp(image, "\177ELF", 4) == 0, "module 1 is no ELF file");
	uint64_t entry, shoff;
	uint16_t shentsize, shnum;
	memcpy(&entry, image + 24, 8);
	memcpy(&shoff, image + 40, 8);
	memcpy(&shentsize, image + 58, 2);
	memcpy(&shnum, image + 60, 2);
	CHECK(entry == (uint64_t)_start, "module 1's entry 0x%lx is not our _start %p", entry, _start);
	CHECK_EQ(shoff + (uint64_t)shentsize * shnum, size);
	CHECK(size0 == size && memcmp(image0, image, size) == 0, "module 0 differs from module 1");
	printf("module 1: %lu bytes in %u-byte chunks, this kernel's ELF image, as module 0\n", size, CHUNK);
}

static void pattern_module(void)
{
	uint64_t size = 0;
	memset(big, 0xee, sizeof(big));
	CHECK_EQ(sysctl_boot_module(PATTERN_MODULE, 0, big, sizeof(big), &size), MIB);
	CHECK_EQ(size, PATTERN_SIZE);
	for (uint64_t i = 0; i < sizeof(big); i++)
		CHECK(big[i] == (i < MIB ? pattern(i) : 0xee), "byte %lu of the 1 MiB read: 0x%x", i, big[i]);
	uint64_t at = MIB;
	long n;
	while ((n = sysctl_boot_module(PATTERN_MODULE, at, big, 70001, NULL)) > 0) {
		for (long i = 0; i < n; i++)
			CHECK(big[i] == pattern(at + (uint64_t)i), "byte %lu: 0x%x", at + (uint64_t)i, big[i]);
		at += (uint64_t)n;
	}
	CHECK_EQ(n, 0);
	CHECK_EQ(at, PATTERN_SIZE);
	memset(big, 0xee, 16);
	CHECK_EQ(sysctl_boot_module(PATTERN_MODULE, PATTERN_SIZE, big, 16, NULL), 0);
	CHECK_EQ(sysctl_boot_module(PATTERN_MODULE, PATTERN_SIZE, NULL, 4096, NULL), 0);
	CHECK(big[0] == 0xee && big[15] == 0xee, "a read at the end wrote the buffer");
	printf("module 2: 1 MiB per call at most, %u bytes each at its offset\n", PATTERN_SIZE);
}

/* One raw call; every error must leave the record as sent. */
static long raw(uint32_t module, uint32_t pad, uint32_t pad2, uint64_t offset, uint64_t buffer,
		uint64_t length, struct xen_sysctl *op)
{
	memset(op, 0, sizeof(*op));
	op->u.boot_module = (struct umbra_sysctl_boot_module){
		.module = module, .pad = pad, .offset = offset, .buffer = buffer, .length = length,
		.size = 0x5151, .count = 0x7777, .pad2 = pad2,
	};
	struct xen_sysctl sent = *op;
	sent.cmd = UMBRA_SYSCTL_boot_module;
	sent.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	long rc = sysctl(UMBRA_SYSCTL_boot_module, op);
	if (rc)
		CHECK(memcmp(op, &sent, sizeof(sent)) == 0, "error %ld on module %u wrote the record", rc, module);
	return rc;
}

static void errors(void)
{
	struct xen_sysctl op;
	uint64_t buf = (uint64_t)big, l4 = start_info->pt_base + 8;
	CHECK_EQ(raw(1, 0, 0, 0, buf, 0, &op), 0);              /* length 0: a size query */
	CHECK_EQ(op.u.boot_module.length, 0);
	CHECK_EQ(op.u.boot_module.count, 3);
	CHECK_EQ(op.u.boot_module.size, own_size);
	CHECK_EQ(raw(1, 1, 0, 0, buf, 64, &op), -XEN_EINVAL);
	CHECK_EQ(raw(1, 0, 1, 0, buf, 64, &op), -XEN_EINVAL);
	CHECK_EQ(raw(99, 0x80000000u, 0, 0, buf, 64, &op), -XEN_EINVAL);   /* pads before the index */
	CHECK_EQ(raw(3, 0, 0, 0, buf, 64, &op), -XEN_ENOENT);
	CHECK_EQ(raw(0xffffffffu, 0, 0, 0, buf, 64, &op), -XEN_ENOENT);
	CHECK_EQ(raw(PATTERN_MODULE, 0, 0, PATTERN_SIZE + 1, buf, 64, &op), -XEN_EINVAL);
	CHECK_EQ(raw(PATTERN_MODULE, 0, 0, ~0ull, buf, 64, &op), -XEN_EINVAL);
	CHECK_EQ(raw(PATTERN_MODULE, 0, 0, 0, 0xffff830000000000ull, 64, &op), -XEN_EFAULT);
	CHECK_EQ(raw(PATTERN_MODULE, 0, 0, 0, HYPERVISOR_VIRT_START, 64, &op), -XEN_EFAULT);
	CHECK_EQ(raw(PATTERN_MODULE, 0, 0, 0, 0x1000, 64, &op), -XEN_EFAULT);
	CHECK_EQ(raw(PATTERN_MODULE, 0, 0, 0, l4, 8, &op), -XEN_EFAULT);
	CHECK_EQ(*(volatile uint64_t *)l4, 0);
	CHECK_EQ(raw(PATTERN_MODULE, 0, 0, 0, buf, 64, &op), 0);      /* and still served */
	CHECK_EQ(op.u.boot_module.length, 64);
	CHECK_EQ(op.u.boot_module.size, PATTERN_SIZE);
	printf("pads -EINVAL, module 3 -ENOENT, offset past the end -EINVAL, bad buffers -EFAULT; nothing reported\n");
}

int main(void)
{
	own_image();
	pattern_module();
	errors();
	test_pass();
}
