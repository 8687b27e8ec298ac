/*
 * The driver platform (plat.h) for a PV driver domain, on Xen's x86_64 PV
 * ABI (design/driver-domain.md 1.3-1.8), in a newlib guest.
 *
 * Port I/O: the domain raises its virtual IOPL to 1 with PHYSDEVOP_set_iopl
 * (a PV kernel runs at virtual CPL 1), then executes in/out; every one
 * traps to the hypervisor, which performs it if the port is the domain's.
 *
 * Configuration space: mechanism #1, a dword CONFIG_ADDRESS write to 0xCF8
 * (enable bit 31, bus 23:16, device 15:11, function 10:8, dword 7:2) and
 * an access of the wanted width at 0xCFC + (offset & 3).  The hypervisor
 * keeps CONFIG_ADDRESS per domain and forwards only the domain's own
 * functions (others read as all ones, writes vanish).
 *
 * Device MMIO: a window is given virtual addresses borrowed from the heap
 * (memalign: pages already mapped by the heap, so their L1 tables exist
 * and are the domain's), and each of its L1 entries is rewritten with
 * mmu_update(foreigndom = DOMID_IO) to the BAR's machine frame, cached
 * UC (PCD | PWT: PAT index 3), then the old translation is flushed with
 * MMUEXT_INVLPG_LOCAL.  The RAM frames behind the borrowed addresses stay
 * the domain's, unused while the window lives (windows are never unmapped:
 * a driver domain keeps its devices for its life).
 *
 * DMA: one heap page per allocation (memalign(4096, 4096)); its machine
 * address is its PFN's MFN from the p2m (start_info->mfn_list), so one page
 * is always machine-contiguous.  Without an IOMMU the device could reach
 * any machine frame; nothing here can prevent that.
 *
 * Interrupts: PHYSDEVOP_map_pirq (MAP_PIRQ_TYPE_GSI, the GSI as index and
 * as the wanted pirq, DOMID_SELF), EVTCHNOP_bind_pirq (WILL_SHARE: q35's
 * PCI lines are shared), PHYSDEVOP_irq_status_query for whether EOIs are
 * needed.  Xen binds a pirq to one event channel per domain (a second
 * bind_pirq is -EEXIST), so functions on one line (q35 shares its PCI
 * INTx lines: slots 0x10 and 0x18 both use GSI 16, for instance) share the
 * binding: the first bind of a GSI makes it, later ones take the same pirq
 * and port.  The line is level-triggered and each virtio function has its
 * own ISR: a driver that consumes the shared pending bit and EOIs the line
 * re-raises it at once while another function still asserts it, so no
 * function's interrupt is lost.  The port is left masked: irq_wait looks at its pending bit and
 * sleeps with SCHEDOP_poll, which wakes on a pending port even when
 * masked, so no upcall handler races with the driver.  irq_eoi issues
 * PHYSDEVOP_eoi after the driver has read the device's ISR.
 *
 * The physdev_op argument layouts are declared here (Xen's public
 * physdev.h; offsets in design/driver-domain.md 1.3): the tree's
 * include/public has no physdev.h yet.
 *
 * Run under QEMU by the block back-end domain (split-drivers/blkback-
 * domain/bbd_virtio.c; tests systems/blk-rw and systems/blk-persist).
 */
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include "events.h"
#include "hypercall.h"
#include "plat_pv.h"
#include "pt.h"

#define PHYSDEVOP_irq_status_query 5
#define PHYSDEVOP_set_iopl         6
#define PHYSDEVOP_eoi              12
#define PHYSDEVOP_map_pirq         13
#define MAP_PIRQ_TYPE_GSI          1
#define XENIRQSTAT_needs_eoi       1
#define BIND_PIRQ__WILL_SHARE      1

struct physdev_set_iopl { uint32_t iopl; };
struct physdev_eoi { uint32_t irq; };
struct physdev_irq_status_query { uint32_t irq; uint32_t flags; };
struct physdev_map_pirq {
	uint16_t domid;
	int32_t type;
	int32_t index;
	int32_t pirq;
	int32_t bus;
	int32_t devfn;
	int32_t entry_nr;
	uint64_t table_base;
};
_Static_assert(sizeof(struct physdev_map_pirq) == 40, "physdev_map_pirq is 40 bytes");

struct evtchn_bind_pirq_arg { uint32_t pirq; uint32_t flags; uint32_t port; };

#define CONFIG_ADDRESS 0xCF8
#define CONFIG_DATA    0xCFC
#define PAGE           4096u
#define MMIO_FLAGS     (PT_P | PT_RW | PT_A | PT_D | PT_PCD | PT_PWT)

static uint32_t port_in(uint16_t port, unsigned width)
{
	uint32_t v = 0;
	if (width == 1) {
		uint8_t b;
		__asm__ volatile("inb %1, %0" : "=a"(b) : "Nd"(port));
		v = b;
	} else if (width == 2) {
		uint16_t w;
		__asm__ volatile("inw %1, %0" : "=a"(w) : "Nd"(port));
		v = w;
	} else {
		__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	}
	return v;
}

static void port_out(uint16_t port, unsigned width, uint32_t v)
{
	if (width == 1)
		__asm__ volatile("outb %0, %1" : : "a"((uint8_t)v), "Nd"(port));
	else if (width == 2)
		__asm__ volatile("outw %0, %1" : : "a"((uint16_t)v), "Nd"(port));
	else
		__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static void select_config(pci_bdf_t bdf, unsigned off)
{
	port_out(CONFIG_ADDRESS, 4, 0x80000000u | ((uint32_t)bdf << 8) | (off & 0xFC));
}

static uint32_t pv_cfg_read(struct plat *p, pci_bdf_t bdf, unsigned off, unsigned width)
{
	(void)p;
	select_config(bdf, off);
	return port_in((uint16_t)(CONFIG_DATA + (off & 3)), width);
}

static void pv_cfg_write(struct plat *p, pci_bdf_t bdf, unsigned off, unsigned width, uint32_t val)
{
	(void)p;
	select_config(bdf, off);
	port_out((uint16_t)(CONFIG_DATA + (off & 3)), width, val);
}

static int map_mmio(uint64_t addr, uint32_t len, struct plat_regs *out)
{
	uint64_t first = addr & ~(uint64_t)(PAGE - 1);
	uint64_t pages = (addr + len - first + PAGE - 1) / PAGE;
	uint8_t *va = memalign(PAGE, pages * PAGE);
	if (!va)
		return -ENOMEM;
	for (uint64_t i = 0; i < pages; i++) {
		uint64_t page_va = (uint64_t)va + i * PAGE;
		uint64_t entry = pt_entry_maddr(page_va, 1);
		if (!entry)
			return -EFAULT;
		long rc = pt_update_fd(entry, (first + i * PAGE) | MMIO_FLAGS, DOMID_IO);
		if (rc < 0)
			return (int)rc;         /* the borrowed pages stay lost: a setup error */
		mmuext(MMUEXT_INVLPG_LOCAL, page_va, 0);
	}
	out->mmio = va + (addr - first);
	return 0;
}

static int pv_map_regs(struct plat *p, enum plat_space space, uint64_t addr, uint32_t len,
                       struct plat_regs *out)
{
	(void)p;
	*out = (struct plat_regs){ .space = space, .addr = addr };
	if (len == 0)
		return 0;
	if (space == PLAT_PORT) {
		if (addr >= 0x10000 || len > 0x10000 - addr)
			return -EINVAL;
	} else {
		if (addr + len < addr || addr + len > (1ull << 52))
			return -EINVAL;
		int rc = map_mmio(addr, len, out);
		if (rc < 0)
			return rc;
	}
	out->len = len;
	return 0;
}

static uint32_t pv_read(struct plat *p, const struct plat_regs *r, uint32_t off, unsigned width)
{
	(void)p;
	if (r->space == PLAT_PORT)
		return port_in((uint16_t)(r->addr + off), width);
	volatile uint8_t *a = r->mmio + off;
	return width == 1 ? *a : width == 2 ? *(volatile uint16_t *)a : *(volatile uint32_t *)a;
}

static void pv_write(struct plat *p, const struct plat_regs *r, uint32_t off, unsigned width,
                     uint32_t val)
{
	(void)p;
	if (r->space == PLAT_PORT) {
		port_out((uint16_t)(r->addr + off), width, val);
		return;
	}
	volatile uint8_t *a = r->mmio + off;
	if (width == 1)
		*a = (uint8_t)val;
	else if (width == 2)
		*(volatile uint16_t *)a = (uint16_t)val;
	else
		*(volatile uint32_t *)a = val;
}

static int pv_dma_alloc(struct plat *p, struct plat_dma_page *out)
{
	(void)p;
	void *va = memalign(PAGE, PAGE);
	if (!va)
		return -ENOMEM;
	memset(va, 0, PAGE);
	out->va = va;
	out->maddr = pt_va_mfn(va) << 12;
	return 0;
}

static void pv_dma_free(struct plat *p, struct plat_dma_page *pg)
{
	(void)p;
	free(pg->va);
	*pg = (struct plat_dma_page){ 0 };
}

#define BOUND_MAX 16

static struct plat_irq bound[BOUND_MAX];        /* the lines bound so far */
static unsigned nbound;

static int pv_irq_bind(struct plat *p, unsigned gsi, struct plat_irq *out)
{
	(void)p;
	for (unsigned i = 0; i < nbound; i++) {
		if (bound[i].gsi == gsi) {
			*out = bound[i];
			return 0;
		}
	}
	if (nbound == BOUND_MAX)
		return -ENOSPC;
	struct physdev_map_pirq map = {
		.domid = DOMID_SELF, .type = MAP_PIRQ_TYPE_GSI, .index = (int32_t)gsi, .pirq = (int32_t)gsi,
	};
	long rc = HYPERVISOR_physdev_op(PHYSDEVOP_map_pirq, &map);
	if (rc < 0)
		return (int)rc;
	struct evtchn_bind_pirq_arg bind = { .pirq = (uint32_t)map.pirq, .flags = BIND_PIRQ__WILL_SHARE };
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &bind);
	if (rc < 0)
		return (int)rc;
	struct physdev_irq_status_query q = { .irq = (uint32_t)map.pirq };
	rc = HYPERVISOR_physdev_op(PHYSDEVOP_irq_status_query, &q);
	*out = (struct plat_irq){
		.gsi = gsi, .handle = (unsigned)map.pirq, .port = bind.port,
		.needs_eoi = rc < 0 || (q.flags & XENIRQSTAT_needs_eoi),
	};
	events_mask(bind.port);
	/* One EOI up front, as Linux does: a line that fired before the
	   binding is re-enabled. */
	struct physdev_eoi eoi = { .irq = out->handle };
	HYPERVISOR_physdev_op(PHYSDEVOP_eoi, &eoi);
	bound[nbound++] = *out;
	return 0;
}

static int pv_irq_wait(struct plat *p, struct plat_irq *irq, uint64_t timeout_ns)
{
	(void)p;
	evtchn_port_t port = irq->port;
	uint64_t now = system_time_ns();
	bool forever = timeout_ns > UINT64_MAX - now;
	uint64_t deadline = forever ? 0 : now + timeout_ns;     /* 0: SCHEDOP_poll without timeout */
	for (;;) {
		if (events_pending(port)) {
			events_clear(port);
			return 1;
		}
		if (!forever && system_time_ns() >= deadline)
			return 0;
		long rc = evtchn_poll(&port, 1, deadline);
		if (rc < 0)
			return (int)rc;
	}
}

static void pv_irq_eoi(struct plat *p, struct plat_irq *irq)
{
	(void)p;
	if (irq->needs_eoi) {
		struct physdev_eoi eoi = { .irq = irq->handle };
		HYPERVISOR_physdev_op(PHYSDEVOP_eoi, &eoi);
	}
}

int plat_pv_init(struct plat *p)
{
	struct physdev_set_iopl iopl = { .iopl = 1 };
	long rc = HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl);
	if (rc < 0)
		return (int)rc;
	*p = (struct plat){
		.cfg_read = pv_cfg_read, .cfg_write = pv_cfg_write, .map_regs = pv_map_regs,
		.read = pv_read, .write = pv_write, .dma_alloc = pv_dma_alloc, .dma_free = pv_dma_free,
		.irq_bind = pv_irq_bind, .irq_wait = pv_irq_wait, .irq_eoi = pv_irq_eoi,
	};
	return 0;
}
