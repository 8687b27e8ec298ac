/*
 * Host unit tests of the PCI and virtio drivers (drivers/pci_*, virtio_*)
 * on a simulated machine (fake_machine.c) with virtio device models
 * (fake_virtio.c), with ASan and UBSan.  Suites: pci (enumeration, BARs,
 * capability walks, q35 INTx), blk (initialisation, negotiation, refusal,
 * requests, many in flight, completions out of order, queue wraparound),
 * net (MAC, link, transmit and receive framing), ring (a hostile device:
 * bad used index, id and length).  After every case the models must have
 * seen no driver error.
 */
#include <stdio.h>
#include <stdlib.h>
#include "virtio_test.h"

struct fake_virtio blkdev, netdev;
struct pci_dev blk_pci, net_pci;
const uint8_t test_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

void fixture(void)
{
	fv_free(&blkdev);
	fv_free(&netdev);
	fake_reset();
	fv_init_blk(&blkdev, BLK_SECTORS, BLK_OFFER);
	fv_init_net(&netdev, test_mac, 1, NET_OFFER);
	fake_add_virtio(BLK_BDF, &blkdev);
	fake_add_virtio(NET_BDF, &netdev);
	struct pci_dev found[8];
	unsigned n = pci_enumerate(&fm.plat, found, 8);
	for (unsigned i = 0; i < n; i++) {
		if (found[i].bdf == BLK_BDF)
			blk_pci = found[i];
		if (found[i].bdf == NET_BDF)
			net_pci = found[i];
	}
}

struct plat_dma_page test_page(void)
{
	struct plat_dma_page pg = { 0 };
	if (fm.plat.dma_alloc(&fm.plat, &pg) < 0)
		abort();
	return pg;
}

static void models_clean(struct unit *u)
{
	if (blkdev.error[0])
		unit_fail(u, __FILE__, __LINE__, "block model: %s", blkdev.error);
	else if (netdev.error[0])
		unit_fail(u, __FILE__, __LINE__, "net model: %s", netdev.error);
}

int main(void)
{
	int failed = 0;
	failed += unit_run(pci_cases, pci_ncases, fixture, models_clean);
	failed += unit_run(blk_cases, blk_ncases, fixture, models_clean);
	failed += unit_run(net_cases, net_ncases, fixture, models_clean);
	failed += unit_run(ring_cases, ring_ncases, fixture, models_clean);
	fv_free(&blkdev);
	fv_free(&netdev);
	fake_reset();
	return failed ? 1 : 0;
}
