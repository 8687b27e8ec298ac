/* Foreign pages in dom0's address space (d0_map.c). */
#pragma once
#include <stdint.h>

/* Map domid's frame mfn writable into a free slot: the address, or NULL
 * (no slot left, or the hypervisor refused: not that domain's frame). */
void *d0_map_foreign(uint16_t domid, uint64_t mfn);
/* Give the slot its own frame back. */
void d0_unmap_foreign(void *va);
