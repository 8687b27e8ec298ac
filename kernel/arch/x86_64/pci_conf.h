/* PCI configuration space through mechanism #1 (pci_conf.c). */
#pragma once
#include <stdint.h>

/* A device on segment 0: bus << 8 | device << 3 | function. */
typedef uint16_t pci_sbdf_t;

#define PCI_SBDF(bus, dev, fn) ((pci_sbdf_t)(((bus) << 8) | ((dev) << 3) | (fn)))

/* Read or write size bytes (1, 2 or 4) at reg (size-aligned inside its
 * dword, reg < 256) of the function; a missing function reads all ones. */
uint32_t pci_conf_read(pci_sbdf_t bdf, unsigned reg, unsigned size);
void pci_conf_write(pci_sbdf_t bdf, unsigned reg, unsigned size, uint32_t value);
