/*
 * A domain's device permissions (iocap.c): Xen's three capability sets
 * (I/O ports, I/O memory frames, IRQs/GSIs) plus the PCI functions it was
 * given, whose configuration space it may reach through 0xCF8/0xCFC
 * (pci_emul.c).  Filled once at boot from the system description
 * (dev_assign.c) and never widened afterwards; a domain's sets die with it.
 */
#pragma once
#include "lib.h"
#include "../arch/x86_64/pci_conf.h"

#define IOCAP_MAX_RANGES 32     /* I/O port ranges, and I/O memory ranges, per domain */
#define IOCAP_MAX_PCI    16     /* PCI functions per domain */
#define IOCAP_NR_GSIS    24     /* the q35 I/O APIC's inputs */

struct iocap_ports { uint16_t first, last; };           /* inclusive */
struct iocap_frames { uint64_t first, last; };          /* machine frame numbers, inclusive */

struct iocap {
	unsigned nports, nframes, npci;
	struct iocap_ports ports[IOCAP_MAX_RANGES];
	struct iocap_frames frames[IOCAP_MAX_RANGES];
	pci_sbdf_t pci[IOCAP_MAX_PCI];
	uint32_t gsis;                  /* bit n: GSI n */
	uint32_t pci_cf8;               /* the domain's own CONFIG_ADDRESS */
};

struct domain;

/* Adding: 0, or -1 when the domain's table is full (the boot is refused). */
int iocap_add_ports(struct domain *d, unsigned first, unsigned last);
int iocap_add_frames(struct domain *d, uint64_t first, uint64_t last);
int iocap_add_pci(struct domain *d, pci_sbdf_t bdf);
void iocap_add_gsi(struct domain *d, unsigned gsi);

/* Does every byte of [port, port + size) lie in one of d's port ranges? */
bool iocap_ports_ok(const struct domain *d, unsigned port, unsigned size);
bool iocap_frame_ok(const struct domain *d, uint64_t mfn);
bool iocap_gsi_ok(const struct domain *d, unsigned gsi);
bool iocap_pci_ok(const struct domain *d, pci_sbdf_t bdf);
/* A frame the hypervisor keeps for itself (LAPIC, I/O APIC, HPET, the q35
 * ECAM window): never in a domain's ranges, never mappable. */
bool iocap_hypervisor_frame(uint64_t mfn);
/* Does [first, last] include a port the hypervisor drives (PICs, PIT, RTC,
 * the exit device, COM1, 0xCF8-0xCFF)? */
bool iocap_hypervisor_ports(unsigned first, unsigned last);
