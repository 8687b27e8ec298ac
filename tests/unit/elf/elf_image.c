/*
 * The in-memory ELF image builder behind elf_image.h.  Layout: ELF header
 * (64 bytes), two program headers (PT_LOAD, PT_NOTE), the notes from byte
 * 0x100 on, and the loadable bytes from 0x1000 (IMG_LOAD_SIZE of them, so
 * the image is [IMG_VIRT_BASE, IMG_VIRT_BASE + IMG_LOAD_SIZE) once the
 * VIRT_BASE note is there).
 */
#include "elf_image.h"

#include <string.h>

#include "public/elfnote.h"

#define NOTES_AT 0x100
#define LOAD_AT  0x1000

void img_put16(struct img *im, size_t off, uint16_t v)
{
	for (int i = 0; i < 2; i++)
		im->b[off + i] = (uint8_t)(v >> (8 * i));
}

void img_put32(struct img *im, size_t off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		im->b[off + i] = (uint8_t)(v >> (8 * i));
}

void img_put64(struct img *im, size_t off, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		im->b[off + i] = (uint8_t)(v >> (8 * i));
}

void img_begin(struct img *im)
{
	memset(im, 0, sizeof(*im));
	memcpy(im->b, "\177ELF", 4);
	im->b[4] = 2;                           /* ELFCLASS64 */
	im->b[5] = 1;                           /* little-endian */
	im->b[6] = 1;
	img_put16(im, EH_TYPE, 2);              /* ET_EXEC */
	img_put16(im, EH_MACHINE, 62);          /* x86-64 */
	img_put32(im, 20, 1);
	img_put64(im, EH_ENTRY, IMG_VIRT_BASE);
	img_put64(im, 32, 64);                  /* e_phoff */
	img_put16(im, 52, 64);                  /* e_ehsize */
	img_put16(im, 54, 56);                  /* e_phentsize */
	img_put16(im, EH_PHNUM, 2);
	img_put32(im, PH0, 1);                  /* PT_LOAD */
	img_put32(im, PH0 + 4, 5);
	img_put64(im, PH0 + PH_OFFSET, LOAD_AT);
	img_put64(im, PH0 + 16, IMG_VIRT_BASE);
	img_put64(im, PH0 + PH_PADDR, 0);
	img_put64(im, PH0 + PH_FILESZ, IMG_LOAD_SIZE);
	img_put64(im, PH0 + PH_MEMSZ, IMG_LOAD_SIZE);
	img_put32(im, PH1, 4);                  /* PT_NOTE */
	img_put32(im, PH1 + 4, 4);
	img_put64(im, PH1 + PH_OFFSET, NOTES_AT);
	im->len = NOTES_AT;
	im->notes_start = NOTES_AT;
}

void img_note_named(struct img *im, const char *name, uint32_t namesz, uint32_t type,
		    const void *desc, uint32_t descsz)
{
	img_put32(im, im->len, namesz);
	img_put32(im, im->len + 4, descsz);
	img_put32(im, im->len + 8, type);
	im->len += 12;
	memcpy(im->b + im->len, name, namesz);
	im->len += (namesz + 3) & ~3u;
	memcpy(im->b + im->len, desc, descsz);
	im->len += (descsz + 3) & ~3u;
}

void img_note(struct img *im, uint32_t type, const void *desc, uint32_t descsz)
{
	img_note_named(im, "Xen", 4, type, desc, descsz);
}

void img_note_str(struct img *im, uint32_t type, const char *s)
{
	img_note(im, type, s, (uint32_t)strlen(s) + 1);
}

void img_note_u64(struct img *im, uint32_t type, uint64_t v)
{
	uint8_t d[8];
	for (int i = 0; i < 8; i++)
		d[i] = (uint8_t)(v >> (8 * i));
	img_note(im, type, d, 8);
}

void img_standard_notes(struct img *im)
{
	img_note_str(im, XEN_ELFNOTE_LOADER, "generic");
	img_note_str(im, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	img_note_u64(im, XEN_ELFNOTE_VIRT_BASE, IMG_VIRT_BASE);
}

void img_end(struct img *im)
{
	img_put64(im, PH1 + PH_FILESZ, im->len - im->notes_start);
	img_put64(im, PH1 + PH_MEMSZ, im->len - im->notes_start);
	im->len = LOAD_AT + IMG_LOAD_SIZE;
}
