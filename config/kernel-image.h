/*
 * Is this a kernel Umbra can boot?  A domain's kernel must be an x86-64
 * ELF64 executable that carries at least one ELF note named "Xen" (the
 * notes a PV kernel uses to tell the domain builder its entry point,
 * hypercall page and features), found through a PT_NOTE program header
 * or, failing that, an SHT_NOTE section.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

enum kimage_verdict {
	KIMAGE_OK,
	KIMAGE_NOT_ELF,
	KIMAGE_NOT_64BIT,
	KIMAGE_NOT_X86_64,
	KIMAGE_NOT_EXEC,
	KIMAGE_CORRUPT,
	KIMAGE_NO_XEN_NOTES,
};

enum kimage_verdict kimage_probe(const uint8_t *buf, size_t len);

/* "is not an ELF file", ... : the end of "kernel 'PATH' ...". */
const char *kimage_problem(enum kimage_verdict v);
