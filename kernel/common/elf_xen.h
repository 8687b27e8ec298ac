/*
 * Reading a Xen PV kernel image: ELF64 headers and Xen ELF notes.
 *
 * Portable C with no hypervisor dependencies (the domain builder in dom0
 * will compile the same file).  Every offset, size and string in the image
 * is checked against the image length before it is read: a malformed image
 * gets an error and a reason, never an out-of-bounds access.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

struct xen_elf_info {
	uint64_t entry;
	uint64_t virt_base;
	uint64_t virt_offset;           /* added to p_paddr to get the load address */
	uint64_t v_start, v_end;        /* the image's virtual range */
	uint64_t hypercall_page;        /* 0 when the image has no HYPERCALL_PAGE note */
	uint32_t required_features;
	char guest_os[32], loader[32], xen_version[32];
};

/* 0 on success; otherwise -XEN_EINVAL/-XEN_ENOEXEC with *why set. */
int elf_xen_parse(const void *img, size_t len, uint32_t supported_features,
		  struct xen_elf_info *info, const char **why);

/* Calls put(ctx, va, src, n) for every PT_LOAD byte range and put(ctx, va, NULL, n) for BSS. */
void elf_xen_load(const void *img, const struct xen_elf_info *info,
		  void (*put)(void *ctx, uint64_t va, const void *src, uint64_t n), void *ctx);
