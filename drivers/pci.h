/*
 * PCI for the driver domain: finding functions, decoding the BARs the
 * firmware programmed, walking capability lists, enabling decoding and bus
 * mastering, and the INTx routing of QEMU's q35 machine.  All of it reads
 * configuration space through struct plat (drivers/plat.h).
 *
 * Invariant: nothing read from configuration space is trusted as an index
 * or a length: a capability chain is followed at most PCI_CAP_MAX steps and
 * only through aligned pointers inside the 256-byte header's device part
 * (0x40-0xFF), so a device with a looping or wild chain cannot make the
 * walk spin or step outside the space; bridges are followed to each bus at
 * most once.
 */
#pragma once
#include "plat.h"

#define PCI_VENDOR_ID       0x00
#define PCI_DEVICE_ID       0x02
#define PCI_COMMAND         0x04
#define PCI_STATUS          0x06
#define PCI_REVISION        0x08
#define PCI_CLASS_PROG      0x09
#define PCI_HEADER_TYPE     0x0E
#define PCI_BAR0            0x10
#define PCI_SECONDARY_BUS   0x19        /* type 1 (bridge) header */
#define PCI_SUBSYS_VENDOR   0x2C
#define PCI_SUBSYS_ID       0x2E
#define PCI_CAP_PTR         0x34
#define PCI_INT_PIN         0x3D

#define PCI_CMD_IO          (1u << 0)
#define PCI_CMD_MEM         (1u << 1)
#define PCI_CMD_MASTER      (1u << 2)
#define PCI_CMD_INTX_OFF    (1u << 10)
#define PCI_STATUS_CAPS     (1u << 4)

#define PCI_CAP_VENDOR      0x09
#define PCI_CAP_MAX         48          /* (256 - 64) / 4 capability slots */

struct pci_dev {
	pci_bdf_t bdf;
	uint16_t vendor, device;
	uint16_t subsys_vendor, subsys_id;
	uint8_t class_code, subclass, prog_if, revision;
	uint8_t header_type;            /* bits 6:0; 0 = device, 1 = bridge */
	uint8_t int_pin;                /* 0 none, 1 INTA .. 4 INTD */
};

struct pci_bar {
	uint64_t addr;                  /* memory address or first port */
	bool io, is64, prefetch;
};

/* Every function reachable from bus 0 (through PCI-to-PCI bridges), in bus,
   device, function order; at most max of them are stored.  The count found. */
unsigned pci_enumerate(struct plat *p, struct pci_dev *out, unsigned max);

/* BAR i (0-5) of a type-0 function, as the firmware left it: 0, or -EINVAL
   (no such BAR, unassigned, or the high half of a 64-bit one). */
int pci_bar(struct plat *p, const struct pci_dev *d, unsigned i, struct pci_bar *out);

/* The next capability with this id after `pos` (0: from the start); 0 when
   there is none.  Bounded as the invariant above says. */
unsigned pci_cap_find(struct plat *p, const struct pci_dev *d, uint8_t id, unsigned pos);

/* Set these command bits (PCI_CMD_*) and clear PCI_CMD_INTX_OFF. */
void pci_enable(struct plat *p, const struct pci_dev *d, uint16_t bits);

/* The I/O APIC input (GSI) of the function's INTx pin on QEMU's q35: bus 0,
   slots 0-24 only (slot s, pin p -> GSI 16 + 4 + (s + p - 1) mod 4);
   -ENODEV for no pin, -EOPNOTSUPP elsewhere. */
int pci_intx_gsi_q35(const struct pci_dev *d);
