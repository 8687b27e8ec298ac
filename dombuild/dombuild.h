/*
 * The PV domain builder: a Xen kernel image and memory in, a domain in
 * Xen's start-of-day layout out (xen-pv-abi.md section 5).
 *
 * One portable library for every builder.  The hypervisor builds its
 * boot-time domains with it (kernel/common/domain_build.c), reaching the new
 * domain's frames through its direct map; a privileged guest builds run-time
 * domains with it, as Xen's toolstack does, reaching them through foreign
 * mappings in its own page tables (guest/toolstack/).  Everything that
 * differs between the two is the environment below: give the domain frames,
 * map one of its frames for writing, and have the hypervisor write the
 * hypercall page.
 *
 * The steps, each its own file:
 *   dombuild_prepare    read the image (elf_xen.c) and lay the domain out
 *                       (pv_layout.c); nothing is touched yet;
 *   dombuild_build      give the domain its frames and write the p2m list
 *                       (dombuild_memory.c), then load the image and the
 *                       module (a ramdisk, right after the image), zero the
 *                       bootstrap pages, write the page tables
 *                       (dombuild_pagetables.c), start_info and the console
 *                       page (dombuild_start_info.c) and have the hypercall
 *                       page filled;
 *   dombuild_vcpu_context  vCPU 0's first context (xen-pv-abi.md 5.4), for
 *                       VCPUOP_initialise's checks in the hypervisor or
 *                       domctl setvcpucontext from a guest.
 * What remains is the caller's, because only the hypervisor can do it:
 * pinning the L4 (which validates every table the builder wrote, so a
 * builder mistake is refused like a guest's), installing that context and
 * unpausing the domain.
 *
 * The domain's own p2m list is the only PFN -> MFN table: the library keeps
 * just the MFNs of the p2m pages and reads the rest back through a mapping.
 * Every page of the layout is written whole (zeroed first), so the layout
 * never depends on what a frame held before; clearing the rest of the
 * domain's memory is the hypervisor's job (it hands out zeroed frames), as
 * in Xen.
 *
 * Portable C: only memcpy, memset and the public ABI headers; no allocation
 * (the caller provides struct dombuild, 8 KiB), no global state.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "elf_xen.h"
#include "pv_layout.h"
#include "public/vcpu.h"

/* The most frames the library has mapped at once (map without unmap). */
#define DOMBUILD_MAX_MAPPED 2

struct dombuild_env {
	/* Give the domain one frame for each PFN in pfns[0..n): replace each
	   PFN by its frame's MFN and set the frame's M2P entry to the PFN (what
	   memory_op populate_physmap does for a PV domain).  Returns how many
	   were given, stopping at the first that could not be. */
	uint64_t (*populate)(struct dombuild_env *env, uint64_t *pfns, uint64_t n);
	/* A writable view of the domain's frame mfn until unmap(); NULL if it
	   cannot be mapped. */
	void *(*map)(struct dombuild_env *env, uint64_t mfn);
	void (*unmap)(struct dombuild_env *env, void *page);
	/* Have the hypervisor write its hypercall stubs into the domain's frame
	   mfn; 0 or -XEN_E*. */
	int (*hypercall_page)(struct dombuild_env *env, uint64_t mfn);
	void *ctx;                      /* the environment's own */
};

struct dombuild_args {
	const void *image;
	size_t image_len;
	const void *module;             /* the initial ramdisk; module_len 0: none */
	size_t module_len;
	uint64_t nr_pages;              /* the domain's memory */
	const char *cmdline;            /* truncated to start_info's 1023 characters */
	bool privileged;                /* SIF_PRIVILEGED; the image is judged as a
	                                   control domain's (elf_xen_parse) */
	bool initial;                   /* the initial domain: SIF_INITDOMAIN, and no
	                                   xenstore or console page */
	uint64_t shared_info_mfn;
	uint32_t store_evtchn, console_evtchn;  /* not for the initial domain */
};

/* Where vCPU 0 starts (dombuild_vcpu_context), small enough to keep per domain. */
struct dombuild_start {
	uint64_t entry, stack_top, start_info_va, l4_mfn;
};

struct dombuild {
	struct xen_elf_info info;       /* after dombuild_prepare */
	struct pv_layout layout;
	/* after dombuild_build: */
	uint64_t l4_mfn, start_info_mfn, store_mfn, console_mfn;
	struct dombuild_start start;
	/* the library's own */
	uint64_t p2m_mfns[PV_LAYOUT_MAX_PAGES / 512];
	uint64_t batch[512];
	int error;                      /* the first failure of a step */
};

/* Read the image and lay the domain out: 0, or elf_xen_parse's error (with
   b->info.why), or pv_layout_compute's (-XEN_ENOMEM: too little memory for
   the layout, -XEN_E2BIG: more than a domain can have). */
int dombuild_prepare(struct dombuild *b, const struct dombuild_args *a);

/* After dombuild_prepare: fill the domain.  0; -XEN_ENOMEM when populate
   gave fewer frames than asked; -XEN_EFAULT when a frame could not be
   mapped; or the hypercall_page callback's error.  On failure the domain
   keeps the frames it was given (its destruction returns them). */
int dombuild_build(struct dombuild *b, struct dombuild_env *env, const struct dombuild_args *a);

/* vCPU 0's first context, as Xen's toolstack gives it: entry, boot stack,
   start_info in rsi, flat kernel selectors, the bootstrap L4 as ctrlreg[3],
   in kernel mode and online, debug registers at their reset values. */
void dombuild_vcpu_context(const struct dombuild_start *s, struct vcpu_guest_context *c);

/* The domain's MFN for pfn (below layout.nr_pages), read from its p2m
   list; 0, with -XEN_EFAULT recorded in b->error, if the p2m page cannot
   be mapped. */
uint64_t dombuild_mfn(struct dombuild *b, struct dombuild_env *env, uint64_t pfn);
