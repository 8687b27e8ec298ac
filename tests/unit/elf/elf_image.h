/*
 * Building small ELF64 kernel images in memory for the elf_xen unit tests.
 *
 * img_begin() lays down an ELF header, one PT_LOAD segment of IMG_LOAD_SIZE
 * bytes at p_paddr 0 and a PT_NOTE segment that covers every note added
 * with img_note*() until img_end() closes it.  The standard notes of a
 * generic Xen PV kernel (LOADER "generic", XEN_VERSION "xen-3.0",
 * VIRT_BASE IMG_VIRT_BASE) come from img_standard_notes().
 */
#pragma once
#include <stddef.h>
#include <stdint.h>

#define IMG_MAX        16384
#define IMG_LOAD_SIZE  0x3000ull
#define IMG_VIRT_BASE  0xffffffff80000000ull

struct img {
	uint8_t b[IMG_MAX];
	size_t len;
	size_t notes_start;
};

void img_begin(struct img *im);
void img_note(struct img *im, uint32_t type, const void *desc, uint32_t descsz);
void img_note_named(struct img *im, const char *name, uint32_t namesz, uint32_t type,
		    const void *desc, uint32_t descsz);
void img_note_str(struct img *im, uint32_t type, const char *s);  /* with its NUL */
void img_note_u64(struct img *im, uint32_t type, uint64_t v);
void img_standard_notes(struct img *im);
void img_end(struct img *im);

/* Little-endian field writers, for damaging an image on purpose. */
void img_put16(struct img *im, size_t off, uint16_t v);
void img_put32(struct img *im, size_t off, uint32_t v);
void img_put64(struct img *im, size_t off, uint64_t v);

/* Offsets used by the tests. */
#define EH_TYPE     16
#define EH_MACHINE  18
#define EH_ENTRY    24
#define EH_PHNUM    56
#define PH0         64          /* the PT_LOAD header */
#define PH1         (64 + 56)   /* the PT_NOTE header */
#define PH_OFFSET   8
#define PH_PADDR    24
#define PH_FILESZ   32
#define PH_MEMSZ    40
