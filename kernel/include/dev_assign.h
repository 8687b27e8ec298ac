/* Boot-time device permissions from the manifest (dev_assign.c). */
#pragma once
#include "../../config/manifest.h"

struct domain;

/* Give d (manifest domain index) its I/O ports, IRQs and PCI functions;
 * anything the hypervisor cannot give refuses the boot. */
void dev_assign(struct domain *d, const struct manifest *m, uint32_t index,
		const struct manifest_domain *md);
/* d is dying: stop each of its PCI functions' DMA and decoding, before its
 * frames are freed. */
void dev_release(struct domain *d);
