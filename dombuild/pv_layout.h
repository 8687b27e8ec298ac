/*
 * The start-of-day layout of a PV domain (xen-pv-abi.md 5.2), computed
 * without touching memory so it can be checked on its own.  All positions
 * are page frame numbers relative to virt_base: the kernel image, the
 * module (an initial ramdisk, when there is one, as Xen's toolstack places
 * it: right after the image), the p2m list, start_info, the xenstore and console pages (not for the initial
 * domain), the bootstrap page tables (L4 first) and one boot stack page;
 * the region then ends on a 4 MiB boundary with at least 512 KiB to spare.
 *
 * Portable C (no library calls): the domain builder (dombuild.h) and umbra-config
 * use the same arithmetic, so a description is refused by the checker
 * exactly when the builder would refuse it.
 */
#pragma once
#include <stdint.h>
#include <stdbool.h>

/* The most memory a boot-time PV domain can have: 512 p2m pages, 1 GiB. */
#define PV_LAYOUT_MAX_PAGES (512ull * 512)

struct pv_layout {
	uint64_t virt_base;
	uint64_t nr_pages;              /* the domain's memory */
	uint64_t module_pfn, module_pages;      /* module_pages 0: none */
	uint64_t p2m_pfn, p2m_pages;
	uint64_t start_info_pfn, xenstore_pfn, console_pfn;
	uint64_t pt_pfn, nr_pt;         /* nr_pt = l4 + l3s + l2s + l1s */
	uint64_t nr_l3, nr_l2, nr_l1;
	uint64_t stack_pfn;
	uint64_t region_pages;          /* mapped at start of day */
};

/*
 * 0; -XEN_ENOMEM when nr_pages is too small for the layout (see
 * pv_layout_min_pages), -XEN_E2BIG when it (or the module) is above
 * PV_LAYOUT_MAX_PAGES.
 */
int pv_layout_compute(struct pv_layout *l, uint64_t virt_base, uint64_t image_end,
		      uint64_t module_len, uint64_t nr_pages, bool initial_domain);

/* The fewest pages a domain with this image and a module of module_len
 * bytes (0: none) can have (its layout fits in them). */
uint64_t pv_layout_min_pages(uint64_t virt_base, uint64_t image_end, uint64_t module_len,
			     bool initial_domain);
