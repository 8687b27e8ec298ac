/*
 * The hypervisor's page tables, and the part of them every guest shares.
 *
 * paging_init() builds "idle_l4": slots 261 and 262 both point at one L3 that
 * maps all RAM with 2 MiB pages -- the first 4 GiB always (the local APIC
 * lives there), and on up to the end of the highest RAM region (above
 * 4 GiB, beyond the PCI hole), at most DIRECTMAP_MAX -- so the image,
 * linked at KERNEL_VBASE + PA, and the direct map at DIRECTMAP_BASE + PA
 * are the same translations; slot 256 maps the M2P (one entry for every
 * frame up to the end of RAM) read-only with US set, and slot 260
 * holds the per-vCPU LDT windows (ldt.c), supervisor-only.  Every
 * guest L4 gets a copy of slots 256-271 (hv_l4_slots), so the hypervisor runs
 * on the guest's CR3.  Only slot 256 is reachable from CPL 3, and only for
 * reading.  The direct map is built from the boot stub's 1 GiB window and
 * switched to first; from then on boot allocations may come from any RAM
 * (boot_window_end), which the frame table and the M2P need when RAM is
 * large.
 */
#include "console.h"
#include "mm.h"
#include "paging.h"
#include "cpu.h"

uint64_t pte_nx_mask;
uint64_t idle_l4_mfn;
uint64_t hv_l4_slots[16];
static uint64_t *ldt_window_l1[(LDT_WINDOW_SLOTS * LDT_WINDOW_PAGES + 511) / 512];

static uint64_t *pa_ptr(uint64_t pa)
{
	return (uint64_t *)(KERNEL_VBASE + pa);
}

/* The M2P's frames are one contiguous run; its page tables are single pages. */
static void map_m2p(uint64_t *l4, uint64_t nr_frames)
{
	uint64_t pages = ALIGN_UP(nr_frames * 8, PAGE_SIZE) / PAGE_SIZE;
	uint64_t first = boot_alloc_run(pages);
	uint64_t l3 = boot_alloc_page();
	l4[L4_SLOT_M2P] = l3 | PTE_P | PTE_US;
	uint64_t l2 = 0, l1 = 0;
	for (uint64_t i = 0; i < pages; i++) {
		if (i % (512 * 512) == 0) {
			l2 = boot_alloc_page();
			pa_ptr(l3)[i / (512 * 512)] = l2 | PTE_P | PTE_US;
		}
		if (i % 512 == 0) {
			l1 = boot_alloc_page();
			pa_ptr(l2)[(i / 512) % 512] = l1 | PTE_P | PTE_US;
		}
		pa_ptr(l1)[i % 512] = (first + i * PAGE_SIZE) | PTE_P | PTE_US | PTE_NX_IF_SUPPORTED;
	}
	m2p_rw = (uint64_t *)(DIRECTMAP_BASE + first);
	memset(pa_ptr(first), 0xff, pages * PAGE_SIZE);
}

/* Slot 260: one L3 and L2, and L1s for LDT_WINDOW_PAGES pages per vCPU, all empty. */
static void map_ldt_windows(uint64_t *l4)
{
	uint64_t l3 = boot_alloc_page(), l2 = boot_alloc_page();
	l4[L4_SLOT_PERDOMAIN] = l3 | PTE_P | PTE_RW;
	pa_ptr(l3)[0] = l2 | PTE_P | PTE_RW;
	unsigned nr_l1 = (LDT_WINDOW_SLOTS * LDT_WINDOW_PAGES + 511) / 512;
	for (unsigned i = 0; i < nr_l1; i++) {
		uint64_t l1 = boot_alloc_page();
		pa_ptr(l2)[i] = l1 | PTE_P | PTE_RW;
		ldt_window_l1[i] = (uint64_t *)(DIRECTMAP_BASE + l1);
	}
}

uint64_t *ldt_window_pte(unsigned slot, unsigned page)
{
	unsigned n = slot * LDT_WINDOW_PAGES + page;
	return &ldt_window_l1[n / 512][n % 512];
}

uint64_t ldt_window_va(unsigned slot)
{
	return LDT_WINDOW_BASE + (uint64_t)slot * LDT_WINDOW_PAGES * PAGE_SIZE;
}

void paging_init(uint64_t ram_top)
{
	uint32_t r[4];
	cpuid(0x80000001, 0, r);
	if (r[3] & (1u << 20)) {
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
		pte_nx_mask = PTE_NX;
	}
	uint64_t map_end = MIN(ALIGN_UP(MAX(ram_top, 4ull << 30), 1ull << 30), (uint64_t)DIRECTMAP_MAX);
	uint64_t l4 = boot_alloc_page();
	uint64_t l3 = boot_alloc_page();
	for (uint64_t g = 0; g < map_end >> 30; g++) {
		uint64_t l2 = boot_alloc_page();
		for (uint64_t i = 0; i < 512; i++)
			pa_ptr(l2)[i] = ((g << 30) + (i << 21)) | PTE_P | PTE_RW | PTE_PS;
		pa_ptr(l3)[g] = l2 | PTE_P | PTE_RW;
	}
	pa_ptr(l4)[L4_SLOT_IMAGE] = l3 | PTE_P | PTE_RW;
	pa_ptr(l4)[L4_SLOT_DIRECT] = l3 | PTE_P | PTE_RW;
	write_cr3(l4);
	boot_window_end = map_end;
	map_m2p(pa_ptr(l4), ram_top >> PAGE_SHIFT);
	map_ldt_windows(pa_ptr(l4));
	memcpy(hv_l4_slots, pa_ptr(l4) + 256, sizeof(hv_l4_slots));
	idle_l4_mfn = l4 >> PAGE_SHIFT;
	write_cr3(l4);
	write_cr4(read_cr4() | CR4_PGE);
}
