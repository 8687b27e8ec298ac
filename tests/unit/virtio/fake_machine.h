/*
 * A simulated machine for the driver tests: the struct plat the drivers run
 * on (drivers/plat.h), PCI configuration space for a few functions, DMA
 * memory with machine addresses unlike the host pointers behind them, and
 * up to two virtio devices (fake_virtio.h) behind their BAR 4.
 *
 * Machine addresses of DMA pages are FAKE_DMA_BASE + slot * 4096; the
 * device model reaches memory only through fake_mem(), which refuses any
 * address the driver was not given, so a driver that hands the device a
 * host pointer, a freed page or a range past its page is caught.
 */
#pragma once
#include "plat.h"

#define FAKE_FUNCS     8
#define FAKE_PAGES     512
#define FAKE_DMA_BASE  0x40000000ull
#define FAKE_BAR4(i)   (0xFE000000ull + (uint64_t)(i) * 0x10000)

struct fake_virtio;

struct fake_func {
	bool present;
	pci_bdf_t bdf;
	uint8_t cfg[256];
	struct fake_virtio *dev;        /* NULL: not a virtio device */
	unsigned bar4_index;            /* which FAKE_BAR4 window */
};

struct fake_machine {
	struct plat plat;
	struct fake_func func[FAKE_FUNCS];
	void *page[FAKE_PAGES];         /* NULL: free slot */
	unsigned pages_live;
	unsigned gsi_bound[4], nbound;
	unsigned eois;
	unsigned map_calls;
	unsigned cfg_writes;
};

extern struct fake_machine fm;

/* Empty the machine (frees every page) and fill in fm.plat. */
void fake_reset(void);
/* A function at bdf with vendor/device; returns its config space. */
uint8_t *fake_add_function(pci_bdf_t bdf, uint16_t vendor, uint16_t device, uint8_t header_type);
/* Attach a virtio device model as a modern function at bdf, with the
   vendor capabilities and BAR 4 QEMU gives (design/driver-domain.md 3.2). */
struct fake_func *fake_add_virtio(pci_bdf_t bdf, struct fake_virtio *dev);

/* The host pointer behind [maddr, maddr + len) of a live DMA page, or
   NULL when the range is not wholly inside one. */
void *fake_mem(uint64_t maddr, uint64_t len);

static inline void cfg_put16(uint8_t *cfg, unsigned off, uint16_t v)
{
	cfg[off] = (uint8_t)v;
	cfg[off + 1] = (uint8_t)(v >> 8);
}

static inline void cfg_put32(uint8_t *cfg, unsigned off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		cfg[off + i] = (uint8_t)(v >> (8 * i));
}
