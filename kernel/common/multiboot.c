/*
 * Reads the Multiboot v1 information QEMU hands over.  Called while the boot
 * stub's mapping of the first 1 GiB at KERNEL_VBASE is live, so physical
 * addresses below 1 GiB are readable at KERNEL_VBASE + phys.  Everything is
 * bounds-checked against that window: a bad loader panics cleanly.  RAM
 * regions are kept as whole pages and clipped to what the direct map can
 * cover (DIRECTMAP_MAX); what is left out is counted, and reported later.
 */
#include "console.h"
#include "multiboot.h"
#include "../arch/x86_64/layout.h"

#define MB_BOOT_MAGIC 0x2BADB002
#define WINDOW BOOT_WINDOW

struct mbi {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
};

struct mb_mod_raw {
	uint32_t start, end, string, reserved;
};

struct mb_mmap_raw {
	uint32_t size;
	uint64_t addr, len;
	uint32_t type;
} __attribute__((packed));

struct boot_info boot_info;
extern char _end[];

static const void *phys(uint64_t pa, uint64_t len)
{
	if (pa >= WINDOW || len > WINDOW - pa)
		panic("multiboot: structure at %lx (+%lx) outside the boot window", pa, len);
	return (const void *)(KERNEL_VBASE + pa);
}

static void copy_str(char *dst, uint64_t pa)
{
	const char *s = phys(pa, 1);
	size_t n = 0;
	while (n + 1 < MB_CMDLINE && pa + n < WINDOW && s[n])
		n++;
	memcpy(dst, s, n);
	dst[n] = 0;
}

static void reserve(uint64_t end)
{
	if (end > boot_info.reserved_end)
		boot_info.reserved_end = end;
}

/* RAM [start, end): whole pages only, none beyond what the direct map can cover. */
static void add_region(uint64_t start, uint64_t end)
{
	start = ALIGN_UP(start, PAGE_SIZE);
	end = ALIGN_DOWN(end, PAGE_SIZE);
	if (end > DIRECTMAP_MAX) {
		boot_info.ram_ignored += end - MAX(start, (uint64_t)DIRECTMAP_MAX);
		end = DIRECTMAP_MAX;
	}
	if (start >= end)
		return;
	if (boot_info.nr_regions == MB_MAX_REGIONS) {
		boot_info.ram_ignored += end - start;
		return;
	}
	boot_info.regions[boot_info.nr_regions++] = (struct mb_region){ start, end };
}

void multiboot_parse(uint32_t magic, uint64_t mbi_phys)
{
	if (magic != MB_BOOT_MAGIC)
		panic("not started by a Multiboot loader (magic %x)", magic);
	const struct mbi *mbi = phys(mbi_phys, sizeof(*mbi));
	reserve((uint64_t)_end - KERNEL_VBASE);
	reserve(mbi_phys + sizeof(*mbi));
	if (mbi->flags & (1u << 2))
		copy_str(boot_info.cmdline, mbi->cmdline);
	if (mbi->flags & (1u << 3)) {
		const struct mb_mod_raw *m = phys(mbi->mods_addr, (uint64_t)mbi->mods_count * sizeof(*m));
		if (mbi->mods_count > MB_MAX_MODULES)
			panic("too many boot modules (%u, at most %u)", mbi->mods_count, MB_MAX_MODULES);
		for (unsigned i = 0; i < mbi->mods_count; i++) {
			struct mb_module *bm = &boot_info.modules[i];
			if (m[i].end < m[i].start)
				panic("boot module %u has end before start", i);
			bm->start = m[i].start;
			bm->end = m[i].end;
			copy_str(bm->cmdline, m[i].string);
			reserve(m[i].end);
			reserve(m[i].string + MB_CMDLINE);
		}
		boot_info.nr_modules = mbi->mods_count;
		reserve(mbi->mods_addr + (uint64_t)mbi->mods_count * sizeof(*m));
	}
	if (!(mbi->flags & (1u << 6)))
		panic("the loader gave no memory map");
	const uint8_t *p = phys(mbi->mmap_addr, mbi->mmap_length);
	const uint8_t *end = p + mbi->mmap_length;
	reserve(mbi->mmap_addr + mbi->mmap_length);
	while (p + sizeof(struct mb_mmap_raw) <= end) {
		const struct mb_mmap_raw *e = (const void *)p;
		if (e->type == 1)
			add_region(e->addr, e->addr + e->len < e->addr ? UINT64_MAX : e->addr + e->len);
		p += e->size + 4;
	}
	boot_info.reserved_end = ALIGN_UP(boot_info.reserved_end, PAGE_SIZE);
}
