/*
 * The hypervisor's own access to PCI configuration space: configuration
 * mechanism #1, CONFIG_ADDRESS at port 0xCF8 and the data window at
 * 0xCFC-0xCFF (the first 256 bytes of each function).  Only the hypervisor
 * touches the real 0xCF8: a guest's writes there go to its private copy
 * (pci_emul.c), so an address written here is always followed by its data
 * access before anything else can run (the hypervisor is not preempted and
 * has one CPU).
 */
#include "cpu.h"
#include "pci_conf.h"

#define PCI_CONF_ADDRESS 0xcf8
#define PCI_CONF_DATA    0xcfc

static void select(pci_sbdf_t bdf, unsigned reg)
{
	outl(PCI_CONF_ADDRESS, 0x80000000u | ((uint32_t)bdf << 8) | (reg & 0xfc));
}

uint32_t pci_conf_read(pci_sbdf_t bdf, unsigned reg, unsigned size)
{
	uint16_t port = (uint16_t)(PCI_CONF_DATA + (reg & 3));
	select(bdf, reg);
	switch (size) {
	case 1: return inb(port);
	case 2: return inw(port);
	default: return inl(port);
	}
}

void pci_conf_write(pci_sbdf_t bdf, unsigned reg, unsigned size, uint32_t value)
{
	uint16_t port = (uint16_t)(PCI_CONF_DATA + (reg & 3));
	select(bdf, reg);
	switch (size) {
	case 1: outb(port, (uint8_t)value); break;
	case 2: outw(port, (uint16_t)value); break;
	default: outl(port, value); break;
	}
}
