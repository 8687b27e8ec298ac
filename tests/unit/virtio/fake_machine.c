/*
 * The simulated machine (fake_machine.h).  Configuration space is one
 * 256-byte array per function; writes reach only the command register (as
 * the tests need nothing else writable).  Register windows are identified
 * by address: BAR 4 of virtio function i is FAKE_BAR4(i), and accesses in
 * it go to that function's device model.  An interrupt is pending while the
 * model's ISR byte is non-zero, as a level-triggered INTx line would be.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fake_machine.h"
#include "fake_virtio.h"

struct fake_machine fm;

static struct fake_func *func_at(pci_bdf_t bdf)
{
	for (int i = 0; i < FAKE_FUNCS; i++)
		if (fm.func[i].present && fm.func[i].bdf == bdf)
			return &fm.func[i];
	return NULL;
}

static uint32_t f_cfg_read(struct plat *p, pci_bdf_t bdf, unsigned off, unsigned width)
{
	(void)p;
	struct fake_func *f = func_at(bdf);
	uint32_t v = 0;
	if (off >= 256 || off + width > 256 || off % width)
		abort();                /* the drivers never ask this */
	if (!f)
		return width == 4 ? 0xFFFFFFFFu : (1u << (8 * width)) - 1;
	for (unsigned i = 0; i < width; i++)
		v |= (uint32_t)f->cfg[off + i] << (8 * i);
	return v;
}

static void f_cfg_write(struct plat *p, pci_bdf_t bdf, unsigned off, unsigned width, uint32_t val)
{
	(void)p;
	struct fake_func *f = func_at(bdf);
	fm.cfg_writes++;
	if (f && off == 4 && width == 2)
		cfg_put16(f->cfg, 4, (uint16_t)val);
}

static struct fake_func *window_owner(uint64_t addr, uint32_t *off)
{
	for (int i = 0; i < FAKE_FUNCS; i++) {
		struct fake_func *f = &fm.func[i];
		uint64_t base = FAKE_BAR4(f->bar4_index);
		if (f->present && f->dev && addr >= base && addr < base + 0x4000) {
			*off = (uint32_t)(addr - base);
			return f;
		}
	}
	return NULL;
}

static int f_map_regs(struct plat *p, enum plat_space space, uint64_t addr, uint32_t len,
                      struct plat_regs *out)
{
	(void)p;
	uint32_t off;
	fm.map_calls++;
	*out = (struct plat_regs){ .space = space, .addr = addr };
	if (space != PLAT_MMIO || !window_owner(addr, &off) || off + (uint64_t)len > 0x4000)
		return -EINVAL;
	out->len = len;
	return 0;
}

static uint32_t f_read(struct plat *p, const struct plat_regs *r, uint32_t off, unsigned width)
{
	(void)p;
	uint32_t at;
	struct fake_func *f = window_owner(r->addr + off, &at);
	if (!f || off + width > r->len)
		abort();                /* plat_read checked the window */
	return fv_read(f->dev, at, width);
}

static void f_write(struct plat *p, const struct plat_regs *r, uint32_t off, unsigned width,
                    uint32_t val)
{
	(void)p;
	uint32_t at;
	struct fake_func *f = window_owner(r->addr + off, &at);
	if (!f || off + width > r->len)
		abort();
	fv_write(f->dev, at, width, val);
}

static int f_dma_alloc(struct plat *p, struct plat_dma_page *out)
{
	(void)p;
	for (unsigned i = 0; i < FAKE_PAGES; i++) {
		if (!fm.page[i]) {
			fm.page[i] = aligned_alloc(4096, 4096);
			if (!fm.page[i])
				return -ENOMEM;
			memset(fm.page[i], 0, 4096);
			fm.pages_live++;
			*out = (struct plat_dma_page){ fm.page[i], FAKE_DMA_BASE + i * 4096ull };
			return 0;
		}
	}
	return -ENOMEM;
}

static void f_dma_free(struct plat *p, struct plat_dma_page *pg)
{
	(void)p;
	uint64_t i = (pg->maddr - FAKE_DMA_BASE) / 4096;
	if (pg->maddr < FAKE_DMA_BASE || i >= FAKE_PAGES || fm.page[i] != pg->va)
		abort();                /* freeing what was not allocated */
	free(fm.page[i]);
	fm.page[i] = NULL;
	fm.pages_live--;
	*pg = (struct plat_dma_page){ 0 };
}

static int f_irq_bind(struct plat *p, unsigned gsi, struct plat_irq *out)
{
	(void)p;
	if (fm.nbound < 4)
		fm.gsi_bound[fm.nbound++] = gsi;
	*out = (struct plat_irq){ .gsi = gsi, .handle = gsi, .needs_eoi = true };
	return 0;
}

static int f_irq_wait(struct plat *p, struct plat_irq *irq, uint64_t timeout_ns)
{
	(void)p;
	(void)timeout_ns;
	for (int i = 0; i < FAKE_FUNCS; i++)
		if (fm.func[i].present && fm.func[i].dev && fm.func[i].dev->isr &&
		    fm.func[i].dev->gsi == irq->gsi)
			return 1;
	return 0;
}

static void f_irq_eoi(struct plat *p, struct plat_irq *irq)
{
	(void)p;
	(void)irq;
	fm.eois++;
}

void fake_reset(void)
{
	for (unsigned i = 0; i < FAKE_PAGES; i++)
		free(fm.page[i]);
	memset(&fm, 0, sizeof(fm));
	fm.plat = (struct plat){
		.cfg_read = f_cfg_read, .cfg_write = f_cfg_write, .map_regs = f_map_regs,
		.read = f_read, .write = f_write, .dma_alloc = f_dma_alloc, .dma_free = f_dma_free,
		.irq_bind = f_irq_bind, .irq_wait = f_irq_wait, .irq_eoi = f_irq_eoi,
	};
}

uint8_t *fake_add_function(pci_bdf_t bdf, uint16_t vendor, uint16_t device, uint8_t header_type)
{
	for (int i = 0; i < FAKE_FUNCS; i++) {
		struct fake_func *f = &fm.func[i];
		if (f->present)
			continue;
		*f = (struct fake_func){ .present = true, .bdf = bdf, .bar4_index = (unsigned)i };
		cfg_put16(f->cfg, 0, vendor);
		cfg_put16(f->cfg, 2, device);
		f->cfg[0x0E] = header_type;
		return f->cfg;
	}
	abort();
}

/* A vendor capability {9, next, len, type, bar 4, id 0, pad, offset, length}. */
static void put_cap(uint8_t *cfg, unsigned at, unsigned next, unsigned len, unsigned type,
                    uint32_t offset, uint32_t length)
{
	cfg[at] = 0x09;
	cfg[at + 1] = (uint8_t)next;
	cfg[at + 2] = (uint8_t)len;
	cfg[at + 3] = (uint8_t)type;
	cfg[at + 4] = 4;
	cfg_put32(cfg, at + 8, offset);
	cfg_put32(cfg, at + 12, length);
}

struct fake_func *fake_add_virtio(pci_bdf_t bdf, struct fake_virtio *dev)
{
	uint8_t *cfg = fake_add_function(bdf, 0x1AF4, (uint16_t)(0x1040 + dev->type), 0);
	struct fake_func *f = func_at(bdf);
	f->dev = dev;
	cfg[0x08] = 1;                                  /* revision 1: modern */
	cfg_put16(cfg, 0x06, 0x10);                     /* capability list */
	cfg_put16(cfg, 0x2C, 0x1AF4);
	cfg_put16(cfg, 0x2E, 0x1100);
	uint64_t bar4 = FAKE_BAR4(f->bar4_index);
	cfg_put32(cfg, 0x20, (uint32_t)bar4 | 0xC);     /* 64-bit prefetchable memory */
	cfg_put32(cfg, 0x24, (uint32_t)(bar4 >> 32));
	cfg[0x34] = 0x40;
	cfg[0x3D] = 1;                                  /* INTA */
	put_cap(cfg, 0x40, 0x50, 16, 1, 0x0000, 0x1000);
	put_cap(cfg, 0x50, 0x60, 16, 3, 0x1000, 0x1000);
	put_cap(cfg, 0x60, 0x70, 16, 4, 0x2000, 0x1000);
	put_cap(cfg, 0x70, 0x00, 20, 2, 0x3000, 0x1000);
	cfg_put32(cfg, 0x70 + 16, 4);                   /* notify_off_multiplier */
	dev->gsi = 20 + (PCI_DEV(bdf) % 4);             /* q35, INTA */
	return f;
}

void *fake_mem(uint64_t maddr, uint64_t len)
{
	if (maddr < FAKE_DMA_BASE || len == 0 || len > 4096)
		return NULL;
	uint64_t i = (maddr - FAKE_DMA_BASE) / 4096, off = (maddr - FAKE_DMA_BASE) % 4096;
	if (i >= FAKE_PAGES || !fm.page[i] || off + len > 4096)
		return NULL;
	return (uint8_t *)fm.page[i] + off;
}
