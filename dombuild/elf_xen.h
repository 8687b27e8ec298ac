/*
 * Reading a Xen PV kernel image: ELF64 headers and Xen ELF notes, judged
 * by Xen's rules, and the features the kernel asks of the hypervisor.
 *
 * Portable C with no hypervisor dependencies: the domain builder (dombuild.h),
 * umbra-config (which checks every kernel a description names, so a
 * refused kernel is reported before anything boots) and the host unit
 * tests (tests/unit/elf/) compile this same file.  Every offset, size and
 * string in the image is checked against the image length before it is
 * read: a malformed image gets an error and a reason, never an
 * out-of-bounds access.
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
	uint32_t f_supported;           /* XENFEAT_* bits the kernel can use (FEATURES
	                                   names, '!' ones too, and SUPPORTED_FEATURES) */
	uint32_t f_required;            /* XENFEAT_* bits named with '!' in FEATURES */
	bool has_supported_features;    /* a SUPPORTED_FEATURES note was present */
	bool mod_start_pfn;             /* MOD_START_PFN: it takes a module's start as a PFN */
	char guest_os[32], loader[32], xen_version[32];
	char why[160];                  /* the reason, when elf_xen_parse refuses */
};

/*
 * Parse and judge the image for a domain (control: the control domain).
 * 0 on success; otherwise -XEN_ENOEXEC (not an x86-64 ELF executable) or
 * -XEN_EINVAL, with info->why completing the sentence "kernel ...", e.g.
 * "requires feature writable_descriptor_tables (FEATURES note), which
 * Umbra does not offer".
 */
int elf_xen_parse(const void *img, size_t len, bool control, struct xen_elf_info *info);

/* Calls put(ctx, va, src, n) for every PT_LOAD byte range and put(ctx, va, NULL, n) for BSS. */
void elf_xen_load(const void *img, const struct xen_elf_info *info,
		  void (*put)(void *ctx, uint64_t va, const void *src, uint64_t n), void *ctx);
