/*
 * The platform interface under the PCI and virtio drivers (drivers/pci_*,
 * drivers/virtio_*).
 *
 * The drivers are portable C: they never execute an I/O instruction, never
 * touch a page table and never name a hypercall.  Everything that depends
 * on where they run goes through one struct plat of function pointers:
 *
 *   cfg_read/cfg_write  PCI configuration space of one function (bdf),
 *                       8/16/32-bit at a naturally aligned offset < 256;
 *   map_regs            make a window of device registers reachable: a
 *                       piece of a memory BAR (machine address, length)
 *                       mapped uncached, or a range of I/O ports;
 *   read/write          one 8/16/32-bit register access in such a window
 *                       (volatile MMIO or in/out: never merged or split);
 *   dma_alloc/dma_free  one zeroed 4 KiB page the device may reach: its
 *                       address for the CPU and its machine (bus) address.
 *                       A page is the only DMA unit: every ring part and
 *                       every buffer the drivers own fits in one, so no
 *                       driver ever needs machine-contiguous pages;
 *   irq_bind            connect the device's INTx line (a GSI);
 *   irq_wait            wait for that interrupt (or a timeout);
 *   irq_eoi             end of interrupt, after the driver has read the
 *                       device's ISR (which deasserts the level line).
 *
 * Implementations: drivers/plat_pv.c (a Xen-ABI PV driver domain: ports
 * 0xCF8/0xCFC, DOMID_IO mappings, the p2m, pirq event channels) and the
 * host tests' fake (tests/unit/virtio/fake_plat.c: a simulated machine
 * with a virtio device model).  Both are little-endian x86 (or x86 hosts),
 * as the virtio 1.x layouts are.
 *
 * Invariant: a driver reaches a device only through the windows map_regs
 * returned, at offsets it has checked against the window's length
 * (plat_read/plat_write refuse anything else: reads give all ones, writes
 * are dropped), and hands the device only machine addresses that
 * dma_alloc returned or its caller passed in.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A PCI function: bus << 8 | device << 3 | function. */
typedef uint16_t pci_bdf_t;

#define PCI_BDF(bus, dev, fn) ((pci_bdf_t)(((bus) << 8) | ((dev) << 3) | (fn)))
#define PCI_BUS(bdf)          ((unsigned)(bdf) >> 8)
#define PCI_DEV(bdf)          (((unsigned)(bdf) >> 3) & 31)
#define PCI_FN(bdf)           ((unsigned)(bdf) & 7)

enum plat_space { PLAT_MMIO, PLAT_PORT };

/* A window of device registers. */
struct plat_regs {
	enum plat_space space;
	volatile uint8_t *mmio;         /* PLAT_MMIO: where the window is mapped */
	uint64_t addr;                  /* machine address, or first port */
	uint32_t len;                   /* bytes; 0 = no window */
};

struct plat_dma_page {
	void *va;
	uint64_t maddr;
};

struct plat_irq {
	unsigned gsi;
	unsigned handle;                /* the platform's (PV: the pirq) */
	unsigned port;                  /* the platform's (PV: the event channel) */
	bool needs_eoi;                 /* the platform's */
};

struct plat {
	uint32_t (*cfg_read)(struct plat *p, pci_bdf_t bdf, unsigned off, unsigned width);
	void (*cfg_write)(struct plat *p, pci_bdf_t bdf, unsigned off, unsigned width, uint32_t val);
	/* 0, or a negative errno (the window stays unusable). */
	int (*map_regs)(struct plat *p, enum plat_space space, uint64_t addr, uint32_t len,
	                struct plat_regs *out);
	uint32_t (*read)(struct plat *p, const struct plat_regs *r, uint32_t off, unsigned width);
	void (*write)(struct plat *p, const struct plat_regs *r, uint32_t off, unsigned width,
	              uint32_t val);
	int (*dma_alloc)(struct plat *p, struct plat_dma_page *out);
	void (*dma_free)(struct plat *p, struct plat_dma_page *pg);
	int (*irq_bind)(struct plat *p, unsigned gsi, struct plat_irq *out);
	/* 1 when the interrupt fired, 0 on timeout (0 ns: just look), <0 error. */
	int (*irq_wait)(struct plat *p, struct plat_irq *irq, uint64_t timeout_ns);
	void (*irq_eoi)(struct plat *p, struct plat_irq *irq);
	void *ctx;                      /* the implementation's */
};

static inline bool plat_in_window(const struct plat_regs *r, uint32_t off, unsigned width)
{
	return (width == 1 || width == 2 || width == 4) && off % width == 0 &&
	       off < r->len && r->len - off >= width;
}

static inline uint32_t plat_read(struct plat *p, const struct plat_regs *r, uint32_t off,
                                 unsigned width)
{
	if (!plat_in_window(r, off, width))
		return width == 4 ? 0xFFFFFFFFu : (1u << (8 * width)) - 1;
	return p->read(p, r, off, width);
}

static inline void plat_write(struct plat *p, const struct plat_regs *r, uint32_t off,
                              unsigned width, uint32_t val)
{
	if (plat_in_window(r, off, width))
		p->write(p, r, off, width, val);
}

/* Ordering of the drivers' own stores and loads to DMA memory against the
 * device's view (x86: a compiler barrier for release/acquire, mfence for a
 * full barrier). */
static inline void plat_wmb(void)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

static inline void plat_rmb(void)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
}

static inline void plat_mb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}
