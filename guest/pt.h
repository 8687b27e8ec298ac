/*
 * Page-table helpers for PV guests: finding frames, walking the current
 * kernel tables, and changing them through the hypervisor.
 *
 * The start-of-day region maps PFN p at VIRT_BASE + p * 4096 (its
 * page-table frames read-only); the domain owns start_info->nr_pages frames,
 * so the PFNs past the region are free.  pt_init() installs one "window" L1
 * right after the region (or where the guest's heap gives it room, see
 * pt_window_from), so it and the next 511 PFNs can be mapped at their
 * natural address too (VA = VIRT_BASE + PFN * 4096, see pt_map()).  pt_alloc() hands
 * out those PFNs as fresh, zeroed and unmapped frames: ready to become page
 * tables (a frame mapped writable anywhere cannot).  The last two window
 * slots are kept for mapping attempts and views (pt_probe_va, pt_view_va).
 *
 * MFNs are read from the p2m list (pt_mfn) and turned back into PFNs with
 * the read-only M2P (pt_pfn); a table frame is read through wherever it is
 * mapped (pt_table: the region or the window, read-only is enough).
 */
#pragma once
#include "guest.h"

#define VIRT_BASE 0xFFFFFFFF80000000ull
#define M2P ((const volatile uint64_t *)MACH2PHYS_VIRT_START)

#define PT_P            (1ull << 0)
#define PT_RW           (1ull << 1)
#define PT_US           (1ull << 2)
#define PT_PWT          (1ull << 3)
#define PT_PCD          (1ull << 4)
#define PT_A            (1ull << 5)
#define PT_D            (1ull << 6)
#define PT_PSE          (1ull << 7)     /* L2/L3 */
#define PT_PAT          (1ull << 7)     /* L1 */
#define PT_G            (1ull << 8)
#define PT_GUEST_KERNEL (1ull << 52)    /* added by the hypervisor to kernel-only L1 entries */
#define PT_SOFT62       (1ull << 62)    /* the guest's (Xen debug builds: grant marker) */
#define PT_NX           (1ull << 63)
#define PT_ADDR         0x000FFFFFFFFFF000ull
#define PT_UPPER        (PT_P | PT_RW | PT_A | PT_D | PT_US)    /* the builder's L2-L4 flags */

#define PT_MFN(e)       (((e) & PT_ADDR) >> 12)

extern uint64_t pt_region_pages;        /* PFNs mapped at start of day (set by pt_init) */

/* PFNs the start-of-day region maps (VA = VIRT_BASE + PFN * 4096): 512 for
   each L1 present in the L2 under VIRT_BASE. */
uint64_t pt_region_size(void);
/* Idempotent: the first call places and installs the window. */
void pt_init(void);
/* The window's 512 PFNs (the first 512-aligned) come from source() instead
   of right after the region (0: no room).  A newlib guest's heap owns the
   PFNs past the region and hands out the window (guest/newlib/nl_heap.c). */
void pt_window_from(uint64_t (*source)(void));
uint64_t pt_mfn(uint64_t pfn);          /* p2m */
uint64_t pt_pfn(uint64_t mfn);          /* M2P */
uint64_t pt_va_mfn(const void *va);     /* MFN behind an address of the region or window */
static inline uint64_t pt_pfn_va(uint64_t pfn)
{
	return VIRT_BASE + (pfn << 12);
}
uint64_t pt_cr3_mfn(void);              /* MFN of the current kernel L4 (emulated mov %cr3) */

/* A fresh, zeroed, unmapped frame of this domain in the window; its PFN. */
uint64_t pt_alloc(void);
/* Map own PFN pfn (in the region or window) at its natural address with
   these flags (0: unmap); update_va_mapping's result. */
long pt_map(uint64_t pfn, uint64_t flags);
/* update_va_mapping(va, mfn << 12 | flags, UVMF_INVLPG). */
long pt_map_mfn(uint64_t va, uint64_t mfn, uint64_t flags);
/* Two window addresses no pt_alloc() frame uses: one for mapping attempts,
   one for read-only views of arbitrary own frames. */
uint64_t pt_probe_va(void);
uint64_t pt_view_va(void);
/* The window L1's own PFN: slot i of it maps PFN pt_window_pfn() + i, and
   slot 0 maps the window L1 itself, read-only. */
uint64_t pt_window_pfn(void);

/* Read-only view of an own frame that is mapped in the region or window. */
const volatile uint64_t *pt_table(uint64_t mfn);
/* Machine address of the entry that maps va at level (1-4) in the current
   kernel tables; 0 when a table above it is not present. */
uint64_t pt_entry_maddr(uint64_t va, unsigned level);
uint64_t pt_entry(uint64_t va, unsigned level);       /* its value (0 if absent) */
/* MFN of the level-`level` table that translates va (0 if absent). */
uint64_t pt_table_mfn(uint64_t va, unsigned level);
static inline uint64_t pt_maddr(uint64_t mfn, unsigned idx)
{
	return (mfn << 12) | ((uint64_t)idx << 3);
}
static inline unsigned pt_index(uint64_t va, unsigned level)
{
	return (unsigned)(va >> (12 + 9 * (level - 1))) & 511;
}
/* The canonical address with these table indices (the L4 index picks the half). */
static inline uint64_t pt_va(unsigned i4, unsigned i3, unsigned i2, unsigned i1)
{
	uint64_t va = ((uint64_t)i4 << 39) | ((uint64_t)i3 << 30) | ((uint64_t)i2 << 21) | ((uint64_t)i1 << 12);
	return i4 >= 256 ? va | 0xFFFF000000000000ull : va;
}
/* Make the current kernel tables reach an L1 for va, adding fresh L3/L2/L1
   tables (mapped read-only in the window) where entries are missing. */
long pt_ensure_l1(uint64_t va);

/* One request each, on the caller's own frames. */
long pt_update(uint64_t ptr, uint64_t val);             /* mmu_update, DOMID_SELF */
long pt_update_fd(uint64_t ptr, uint64_t val, unsigned foreigndom);
long mmuext(unsigned cmd, uint64_t arg1, uint64_t arg2);  /* mmuext_op, DOMID_SELF */
long mmuext_fd(unsigned cmd, uint64_t arg1, uint64_t arg2, unsigned foreigndom);
static inline long pt_pin(unsigned level, uint64_t mfn)
{
	return mmuext(MMUEXT_PIN_L1_TABLE + level - 1, mfn, 0);
}
static inline long pt_unpin(uint64_t mfn)
{
	return mmuext(MMUEXT_UNPIN_TABLE, mfn, 0);
}
