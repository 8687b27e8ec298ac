/* Building PV domains: boot-time ones whole, domctl-created ones' images (domain_build.c). */
#pragma once
#include "domain.h"

struct pv_build_args {
	const char *name;
	const void *image;
	size_t image_len;
	const void *module;     /* the initial ramdisk; module_len 0: none */
	size_t module_len;
	uint64_t nr_pages;
	const char *cmdline;
	bool initial;           /* the control domain: SIF_INITDOMAIN, no console/xenstore pages */
	bool privileged;
	uint32_t max_evtchn_ports;      /* ports [0, n); 0: evtchn_init's default */
	uint32_t max_grant_frames;      /* 0: GNTTAB_DEFAULT_FRAMES */
	unsigned weight, cap;           /* credit scheduler; weight 0: the default */
};

/* Create and build; NULL (and nothing held) on failure. */
struct domain *domain_build_pv(const struct pv_build_args *a);
/* Load a kernel into d, created empty: memory (a->nr_pages), image, page
 * tables, start_info, vCPU 0's registers.  Uses a->image, image_len,
 * module, module_len, nr_pages, cmdline; on failure d keeps what it got until destroyed. */
int domain_build_image(struct domain *d, const struct pv_build_args *a);
