/*
 * Shared fixtures of the driver tests: a machine with a virtio-blk function
 * at 00:02.0 and a virtio-net function at 00:03.0 (as on q35 with the VGA),
 * both models fresh for every case.
 */
#pragma once
#include <errno.h>
#include "fake_machine.h"
#include "fake_virtio.h"
#include "pci.h"
#include "unit_check.h"
#include "virtio_blk.h"
#include "virtio_net.h"

#define BLK_BDF PCI_BDF(0, 2, 0)
#define NET_BDF PCI_BDF(0, 3, 0)
#define BLK_SECTORS 2048

extern struct fake_virtio blkdev, netdev;
extern struct pci_dev blk_pci, net_pci;
extern const uint8_t test_mac[6];

/* Offers as QEMU 7.2 measured (design/driver-domain.md 3.6). */
#define BLK_OFFER 0x0000010130006E54ull
#define NET_OFFER 0x0000010130BF8024ull

void fixture(void);
/* A DMA page from the fake machine (fails the test on exhaustion). */
struct plat_dma_page test_page(void);

extern const struct unit_case pci_cases[], blk_cases[], net_cases[], ring_cases[];
extern const size_t pci_ncases, blk_ncases, net_ncases, ring_ncases;
