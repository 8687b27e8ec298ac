/*
 * Reading an HVM guest kernel: an ELF64 x86-64 executable entered the way
 * Xen enters a PVH kernel, at the 32-bit physical address its
 * XEN_ELFNOTE_PHYS32_ENTRY note gives, with its PT_LOAD segments at their
 * physical addresses (p_paddr).
 *
 * Portable C like elf_xen.c: the hypervisor (kernel/hvm/hvm_domain.c),
 * umbra-config (which checks the kernels of type='hvm' domains) and the
 * host unit tests compile it.  Every offset and size is checked against
 * the image length before it is read, and the loaded range against the
 * guest's memory: a bad image gets a reason, never an access outside it.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

struct pvh_elf_info {
	uint32_t entry;                 /* PHYS32_ENTRY */
	uint64_t paddr_lo, paddr_hi;    /* the loaded range [lo, hi) */
	char why[120];                  /* completes "kernel ..." when refused */
};

/* Lowest physical address a segment may use: below are the start-info
 * page and the first page (address 0 means "absent" in the start info). */
#define PVH_LOAD_MIN 0x2000ull

/* 0, or -XEN_ENOEXEC / -XEN_EINVAL with info->why; mem_bytes is the
 * guest's RAM, which every segment must fit. */
int elf_pvh_parse(const void *img, size_t len, uint64_t mem_bytes, struct pvh_elf_info *info);
/* put(ctx, paddr, src, n) per PT_LOAD file range, put(ctx, paddr, NULL, n) for its BSS. */
void elf_pvh_load(const void *img, void (*put)(void *ctx, uint64_t pa, const void *src, uint64_t n),
		  void *ctx);
