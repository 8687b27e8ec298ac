/*
 * The heap of a newlib guest: sbrk over the domain's own memory.
 *
 * The start-of-day region maps PFN p at VIRT_BASE + p * 4096, its last
 * element the boot stack; what follows it, up to the region's end (a 4 MiB
 * boundary, at least 512 KiB on), is free and already mapped: the heap
 * starts there.  The domain's frames past the region (start_info->nr_pages
 * in all) continue it at their natural addresses, mapped as the break
 * reaches them, 2 MiB per new L1 table; the tables are the domain's last
 * PFNs, taken from the top down and never mapped (so the hypervisor can
 * validate them), and the heap stops short of them.  The L2 under
 * VIRT_BASE bounds it all to 1 GiB (region + heap).  The page-table
 * helpers' window (guest/pt.c; the toolstack maps other domains' frames
 * there) takes its 512 PFNs from the heap's top, when first used: the heap
 * then ends below them, and if the heap has grown into that room already
 * there is no window.  Neither ever takes a frame the other uses.  The heap's limit is
 * fixed at start: sbrk past it, or below its start, fails with ENOMEM, as
 * does a mapping the hypervisor refuses.  Memory given back (a negative
 * increment) stays mapped and is handed out again; nothing is zeroed
 * (newlib's calloc clears what it hands out).  Every PFN past the
 * region belongs to the heap: a newlib guest gets pages for other uses
 * (rings, grants) from malloc/memalign.
 */
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include "nl.h"
#include "pt.h"

#define MAP_BATCH 64
#define L2_SLOTS 512

extern char _end[];

static uint64_t heap_start, heap_brk, heap_mapped, heap_limit;  /* addresses */
static uint64_t next_table_pfn;         /* the next L1 table's PFN (downward) */
static uint64_t l1_mfn;                 /* the table mapping heap_mapped's 2 MiB */

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* pt_window_from's source: the highest 512-aligned PFNs the heap can spare. */
static uint64_t heap_give_window(void)
{
	uint64_t limit_pfn = (heap_limit - VIRT_BASE) >> 12;
	uint64_t w = limit_pfn >= 512 ? (limit_pfn - 512) & ~511ull : 0;
	if (pt_pfn_va(w) < heap_mapped || pt_pfn_va(w) < heap_brk)
		return 0;
	heap_limit = pt_pfn_va(w);
	return w;
}

void nl_heap_init(void)
{
	const struct start_info *si = start_info;
	uint64_t end = max_u64((uint64_t)_end, (uint64_t)si + 4096);
	end = max_u64(end, si->mfn_list + si->nr_pages * 8);
	end = max_u64(end, si->pt_base + si->nr_pt_frames * 4096);
	end = max_u64(end, guest_boot_sp);
	if (si->mod_start && !(si->flags & SIF_MOD_START_PFN))
		end = max_u64(end, si->mod_start + si->mod_len);
	heap_start = heap_brk = ALIGN_UP(end, 4096);

	uint64_t region = pt_region_size();
	uint64_t beyond = si->nr_pages > region ? si->nr_pages - region : 0;
	uint64_t pages = beyond - (beyond + 512) / 513;  /* one table per 512, tables included */
	uint64_t room = (uint64_t)L2_SLOTS * 512 - region;
	pages = pages < room ? pages : room;
	heap_mapped = pt_pfn_va(region);
	heap_limit = max_u64(heap_mapped + pages * 4096, heap_start);
	next_table_pfn = si->nr_pages - 1;
	pt_window_from(heap_give_window);
}

/* Put a fresh L1 table under the 2 MiB that starts at heap_mapped. */
static long heap_new_table(void)
{
	uint64_t mfn = pt_mfn(next_table_pfn);
	long rc = mmuext(MMUEXT_CLEAR_PAGE, mfn, 0);
	if (!rc)
		rc = pt_update(pt_entry_maddr(heap_mapped, 2), (mfn << 12) | PT_UPPER);
	if (rc)
		return rc;
	next_table_pfn--;
	l1_mfn = mfn;
	return 0;
}

/* Map the PFNs from heap_mapped on until `want` is covered. */
static long heap_map_to(uint64_t want)
{
	struct mmu_update req[MAP_BATCH];
	while (heap_mapped < want) {
		unsigned idx = pt_index(heap_mapped, 1);
		long rc = idx ? 0 : heap_new_table();
		if (rc)
			return rc;
		unsigned n = 0;
		for (uint64_t va = heap_mapped; va < want && n < MAP_BATCH && idx + n < 512; va += 4096, n++) {
			uint64_t pfn = (va - VIRT_BASE) >> 12;
			req[n] = (struct mmu_update){ pt_maddr(l1_mfn, idx + n),
						      (pt_mfn(pfn) << 12) | PT_P | PT_RW | PT_A | PT_D };
		}
		unsigned done = 0;
		rc = HYPERVISOR_mmu_update(req, n, &done, DOMID_SELF);
		heap_mapped += (uint64_t)(rc ? done : n) * 4096;
		if (rc)
			return rc;
	}
	return 0;
}

void *sbrk(ptrdiff_t incr)
{
	uint64_t old = heap_brk;
	bool ok = incr >= 0 ? (uint64_t)incr <= heap_limit - heap_brk
			    : 0 - (uint64_t)incr <= heap_brk - heap_start;
	uint64_t want = heap_brk + (uint64_t)incr;
	if (!ok || (want > heap_mapped && heap_map_to(want))) {
		errno = ENOMEM;
		return (void *)-1;
	}
	heap_brk = want;
	return (void *)old;
}
