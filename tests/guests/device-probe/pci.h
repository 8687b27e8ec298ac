/* Configuration mechanism #1 from a PV guest (pci.c); needs IOPL 1. */
#pragma once
#include <stdint.h>

uint32_t cfg_read(unsigned dev, unsigned reg, unsigned size);          /* bus 0, function 0 */
void cfg_write(unsigned dev, unsigned reg, unsigned size, uint32_t value);
long set_iopl(uint32_t iopl);
uint32_t port_in(unsigned port, unsigned size);
/* Map machine frame mfn at va through mmu_update with this foreign domain. */
long map_frame(uint64_t va, uint64_t mfn, unsigned foreigndom);
