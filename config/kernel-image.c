/*
 * The kernel image probe behind kernel-image.h.  The file is untrusted
 * input like the XML: every header field that locates something (program
 * and section header tables, note segments, each note's name and
 * descriptor) is checked against the file's length in 64-bit arithmetic
 * before it is followed, so a truncated or hostile file yields
 * KIMAGE_CORRUPT, never a read outside the buffer.  Field offsets are
 * those of the ELF64 specification.
 */
#include "kernel-image.h"

#include <string.h>

enum {
	EHDR_SIZE = 64,
	ELFCLASS64 = 2, ELFDATA2LSB = 1, ET_EXEC = 2, EM_X86_64 = 62,
	PT_NOTE = 4, SHT_NOTE = 7,
};

static uint64_t get(const uint8_t *p, int bytes)
{
	uint64_t v = 0;

	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

/* Where a program or section header keeps its type, file offset and size. */
struct header_layout {
	int type, offset, size;
	uint32_t note;
};

static const struct header_layout phdr = { 0, 8, 32, PT_NOTE };
static const struct header_layout shdr = { 4, 24, 32, SHT_NOTE };

/* Does the note area buf[off, off+size) hold a note named "Xen"?  1, 0, or -1 if malformed. */
static int xen_note(const uint8_t *buf, size_t len, uint64_t off, uint64_t size)
{
	if (off > len || size > len - off)
		return -1;
	const uint8_t *p = buf + off, *end = p + size;
	while (end - p >= 12) {
		uint64_t namesz = get(p, 4), descsz = get(p + 4, 4);
		uint64_t total = 12 + ((namesz + 3) & ~3ull) + ((descsz + 3) & ~3ull);
		if (total > (uint64_t)(end - p))
			return -1;
		if (namesz == 4 && !memcmp(p + 12, "Xen", 4))
			return 1;
		p += total;
	}
	return 0;
}

/* Search the header table at off (count entries of entsize): 1, 0, or -1 if malformed. */
static int scan(const uint8_t *buf, size_t len, uint64_t off, uint64_t count, uint64_t entsize,
		const struct header_layout *h)
{
	if (count && (entsize < (uint64_t)h->size + 8 || off > len || count * entsize > len - off))
		return -1;
	for (uint64_t i = 0; i < count; i++) {
		const uint8_t *e = buf + off + i * entsize;
		if (get(e + h->type, 4) != h->note)
			continue;
		int found = xen_note(buf, len, get(e + h->offset, 8), get(e + h->size, 8));
		if (found)
			return found;
	}
	return 0;
}

enum kimage_verdict kimage_probe(const uint8_t *buf, size_t len)
{
	if (len < 4 || memcmp(buf, "\177ELF", 4))
		return KIMAGE_NOT_ELF;
	if (len < 5 || buf[4] != ELFCLASS64)
		return KIMAGE_NOT_64BIT;
	if (len < EHDR_SIZE)
		return KIMAGE_CORRUPT;
	if (buf[5] != ELFDATA2LSB || get(buf + 18, 2) != EM_X86_64)
		return KIMAGE_NOT_X86_64;
	if (get(buf + 16, 2) != ET_EXEC)
		return KIMAGE_NOT_EXEC;
	int found = scan(buf, len, get(buf + 32, 8), get(buf + 56, 2), get(buf + 54, 2), &phdr);
	if (found == 0)
		found = scan(buf, len, get(buf + 40, 8), get(buf + 60, 2), get(buf + 58, 2), &shdr);
	return found < 0 ? KIMAGE_CORRUPT : found ? KIMAGE_OK : KIMAGE_NO_XEN_NOTES;
}

const char *kimage_problem(enum kimage_verdict v)
{
	static const char *const problem[] = {
		[KIMAGE_OK] = "is a bootable kernel",
		[KIMAGE_NOT_ELF] = "is not an ELF file",
		[KIMAGE_NOT_64BIT] = "is not a 64-bit ELF file",
		[KIMAGE_NOT_X86_64] = "is not an x86-64 ELF file",
		[KIMAGE_NOT_EXEC] = "is not an ELF executable",
		[KIMAGE_CORRUPT] = "is a truncated or corrupt ELF file",
		[KIMAGE_NO_XEN_NOTES] = "has no Xen ELF notes",
	};
	return problem[v];
}
