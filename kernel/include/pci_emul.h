/* Configuration mechanism #1 for PV domains (pci_emul.c). */
#pragma once
#include "lib.h"

struct domain;

/* An access of size bytes at data port 0xCFC + offset, with the domain's
 * CONFIG_ADDRESS; bytes beyond the dword read as ones. */
uint32_t pci_emul_read(struct domain *d, unsigned offset, unsigned size);
void pci_emul_write(struct domain *d, unsigned offset, unsigned size, uint32_t value);
