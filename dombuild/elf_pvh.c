/*
 * The PVH kernel reader (see elf_pvh.h).  The note is found in the PT_NOTE
 * segments; its owner is "Xen", its type 18, its descriptor a 32-bit
 * address (QEMU reads 8 bytes on ELF64 files: either size is taken, the
 * value must fit 32 bits).  Segments must lie in [PVH_LOAD_MIN, memory)
 * with their file bytes inside the image, and the entry point inside a
 * segment.
 */
#include "elf_pvh.h"
#include "elf64.h"
#include "public/elfnote.h"
#include "public/errno.h"

void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);

static int refuse(struct pvh_elf_info *info, int rc, const char *why)
{
	size_t n = 0;
	while (why[n] && n + 1 < sizeof(info->why)) {
		info->why[n] = why[n];
		n++;
	}
	info->why[n] = 0;
	return rc;
}

static bool inside(size_t len, uint64_t off, uint64_t n)
{
	return off <= len && n <= len - off;
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The PHYS32_ENTRY note in [off, off+size): 1 found, 0 not, -1 malformed. */
static int find_entry(const uint8_t *img, uint64_t off, uint64_t size, uint64_t *entry)
{
	uint64_t p = off, end = off + size;
	while (end - p >= 12) {
		uint32_t namesz = rd32(img + p), descsz = rd32(img + p + 4), type = rd32(img + p + 8);
		uint64_t name = p + 12, desc = name + ((namesz + 3ull) & ~3ull);
		uint64_t next = desc + ((descsz + 3ull) & ~3ull);
		if (desc > end || next > end)
			return -1;
		if (namesz == 4 && !memcmp(img + name, "Xen", 4) && type == XEN_ELFNOTE_PHYS32_ENTRY) {
			if (descsz != 4 && descsz != 8)
				return -1;
			uint64_t v = rd32(img + desc);
			if (descsz == 8)
				v |= (uint64_t)rd32(img + desc + 4) << 32;
			*entry = v;
			return 1;
		}
		p = next;
	}
	return 0;
}

int elf_pvh_parse(const void *image, size_t len, uint64_t mem_bytes, struct pvh_elf_info *info)
{
	const uint8_t *img = image;
	struct elf64_ehdr eh;
	info->why[0] = 0;
	if (len < sizeof(eh) || memcmp(img, "\177ELF", 4))
		return refuse(info, -XEN_ENOEXEC, "is not an ELF file");
	memcpy(&eh, img, sizeof(eh));
	if (eh.ident[4] != ELFCLASS64 || eh.ident[5] != ELFDATA2LSB || eh.machine != EM_X86_64 ||
	    eh.type != ET_EXEC)
		return refuse(info, -XEN_ENOEXEC, "is not a little-endian x86-64 ELF64 executable");
	if (eh.phentsize != sizeof(struct elf64_phdr) || !eh.phnum ||
	    !inside(len, eh.phoff, (uint64_t)eh.phnum * sizeof(struct elf64_phdr)))
		return refuse(info, -XEN_EINVAL, "is a truncated or corrupt ELF file (program headers)");
	uint64_t entry = 0;
	bool found = false;
	info->paddr_lo = ~0ull;
	info->paddr_hi = 0;
	for (unsigned i = 0; i < eh.phnum; i++) {
		struct elf64_phdr ph;
		memcpy(&ph, img + eh.phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
		if (ph.type == PT_NOTE) {
			if (!inside(len, ph.offset, ph.filesz))
				return refuse(info, -XEN_EINVAL, "has a note area outside the file");
			int rc = found ? 0 : find_entry(img, ph.offset, ph.filesz, &entry);
			if (rc < 0)
				return refuse(info, -XEN_EINVAL, "has a malformed ELF note");
			found |= rc == 1;
		} else if (ph.type == PT_LOAD && ph.memsz) {
			if (ph.filesz > ph.memsz || !inside(len, ph.offset, ph.filesz))
				return refuse(info, -XEN_EINVAL, "has a segment outside the file");
			if (ph.paddr < PVH_LOAD_MIN || ph.paddr > mem_bytes || ph.memsz > mem_bytes - ph.paddr)
				return refuse(info, -XEN_EINVAL, "has a segment outside the domain's memory "
					      "(physical 0x2000 up to the memory size)");
			if (ph.paddr < info->paddr_lo)
				info->paddr_lo = ph.paddr;
			if (ph.paddr + ph.memsz > info->paddr_hi)
				info->paddr_hi = ph.paddr + ph.memsz;
		}
	}
	if (!found)
		return refuse(info, -XEN_EINVAL, "has no XEN_ELFNOTE_PHYS32_ENTRY note (an HVM kernel "
			      "is entered as a PVH one)");
	if (entry > 0xFFFFFFFFull || entry < info->paddr_lo || entry >= info->paddr_hi)
		return refuse(info, -XEN_EINVAL, "has a PHYS32_ENTRY outside its loaded segments");
	info->entry = (uint32_t)entry;
	return 0;
}

void elf_pvh_load(const void *image, void (*put)(void *ctx, uint64_t pa, const void *src, uint64_t n),
		  void *ctx)
{
	const uint8_t *img = image;
	struct elf64_ehdr eh;
	memcpy(&eh, img, sizeof(eh));
	for (unsigned i = 0; i < eh.phnum; i++) {
		struct elf64_phdr ph;
		memcpy(&ph, img + eh.phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
		if (ph.type != PT_LOAD || !ph.memsz)
			continue;
		put(ctx, ph.paddr, img + ph.offset, ph.filesz);
		if (ph.memsz > ph.filesz)
			put(ctx, ph.paddr + ph.filesz, NULL, ph.memsz - ph.filesz);
	}
}
