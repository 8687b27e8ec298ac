/*
 * The frame table and the free list (see mm.h for the invariant).
 *
 * Before the frame table exists, the boot allocator hands out frames above
 * everything the loader reserved, in increasing address order: single
 * pages (boot_alloc_page) and contiguous runs (boot_alloc_run, for the
 * frame table and the M2P).  Until paging_init() has mapped all RAM only
 * the boot stub's first 1 GiB is reachable (boot_window_end).  A run that
 * does not fit in the rest of a RAM region continues in the next one; the
 * frames it jumped over are remembered and freed later, so no RAM is lost.
 *
 * frame_init() then builds the table over every frame up to the end of RAM
 * (above 4 GiB too, and across the PCI hole): RAM the boot allocator did
 * not take goes on the free list; the first MiB (RAM or legacy holes) and
 * the RAM below the boot allocator's mark (the image, the modules, the boot
 * allocations) are the hypervisor's; what is not RAM at all above 1 MiB
 * (holes, firmware, device windows such as the PCI hole) belongs to
 * DOMID_IO, as in Xen.  The free list hands out RAM above 4 GiB first, then
 * RAM below 4 GiB, each lowest frame first: low memory, which some devices
 * need, is used last (Xen's allocator too prefers high memory), and a
 * machine with no RAM above 4 GiB hands frames out in address order.
 * MFN 0 is never free, so 0 can mean "no frame".  The free list only ever
 * writes kernel_link: the model's fields (notably the TLB-flush stamp) stay
 * as the model left them.
 *
 * A frame is on the free list exactly when it is owner DOMID_INVALID with
 * count 0; a frame on its way between a domain and the list (memory_op's
 * runs and stolen frames) is held as a hypervisor frame meanwhile, so no
 * allocation can pick it.  memory_op asks for runs of 2^order frames,
 * aligned and below an address limit: they are found by scanning the frame
 * table from the top down and unlinked from the list in one pass.
 *
 * A domain's nr_pages (Xen's tot_pages) counts the frames assigned to it
 * that are not shared with the hypervisor: +1 when frame_alloc_for() hands
 * one out, -1 when the model releases one that was the domain's.
 */
#include "console.h"
#include "domain.h"
#include "machine.h"
#include "mm.h"
#include "multiboot.h"

struct mmu_frame *frame_table;
uint64_t max_mfn;
uint64_t frames_free;
uint64_t frames_ram;
uint64_t *m2p_rw;
uint64_t boot_window_end = BOOT_WINDOW;

static uint64_t boot_next;              /* next boot-allocated physical address */
static uint32_t free_head = UINT32_MAX;
static struct mb_region skipped[8];     /* RAM the boot allocator jumped over */
static unsigned nr_skipped;

#define LEGACY_END 0x100000        /* the first MiB is the hypervisor's, RAM or not */
#define MFN_4G     (1ull << (32 - PAGE_SHIFT))

static bool usable(uint64_t pa)
{
	for (unsigned i = 0; i < boot_info.nr_regions; i++)
		if (pa >= boot_info.regions[i].start && pa + PAGE_SIZE <= boot_info.regions[i].end)
			return true;
	return false;
}

static bool was_skipped(uint64_t pa)
{
	for (unsigned i = 0; i < nr_skipped; i++)
		if (pa >= skipped[i].start && pa < skipped[i].end)
			return true;
	return false;
}

uint64_t ram_end(void)
{
	uint64_t top = 0;
	for (unsigned i = 0; i < boot_info.nr_regions; i++)
		top = MAX(top, boot_info.regions[i].end);
	return top;
}

/* The lowest run of n usable pages at or above boot_next, inside the reachable window. */
uint64_t boot_alloc_run(uint64_t n)
{
	uint64_t bytes = n * PAGE_SIZE, best = 0;
	if (!boot_next)
		boot_next = boot_info.reserved_end;
	for (unsigned i = 0; i < boot_info.nr_regions; i++) {
		const struct mb_region *r = &boot_info.regions[i];
		uint64_t start = MAX(r->start, boot_next);
		if (start < r->end && r->end - start >= bytes && start + bytes <= boot_window_end &&
		    (!best || start < best))
			best = start;
	}
	if (!best)
		boot_refuse("memory: no room for %lu KiB of the hypervisor's own tables in %lu MiB of RAM "
			    "(give the machine more memory)", bytes >> 10, ram_end() >> 20);
	if (best > boot_next && nr_skipped < ARRAY_SIZE(skipped))
		skipped[nr_skipped++] = (struct mb_region){ boot_next, best };
	boot_next = best + bytes;
	memset((void *)(KERNEL_VBASE + best), 0, bytes);
	return best;
}

uint64_t boot_alloc_page(void)
{
	return boot_alloc_run(1);
}

void frame_released(uint64_t mfn, domid_t last_owner)
{
	struct domain *d = domain_by_id(last_owner);
	if (d)
		d->nr_pages--;
	frame_put_free(mfn);
}

void frame_put_free(uint64_t mfn)
{
	frame_table[mfn].kernel_link = free_head;
	free_head = (uint32_t)mfn;
	m2p_rw[mfn] = ~0ull;
	frames_free++;
}

struct frame_counts {
	uint64_t ram, hv, above4g;      /* RAM frames; the hypervisor's; free ones above 4 GiB */
};

/* Frames [lo, hi), from the top down: each goes to its owner or onto the free list. */
static void init_frames(uint64_t lo, uint64_t hi, struct frame_counts *c)
{
	for (uint64_t mfn = hi; mfn-- > lo;) {
		uint64_t pa = mfn << PAGE_SHIFT;
		bool ram = usable(pa);
		c->ram += ram;
		if (!ram && pa >= LEGACY_END) {
			frame_table[mfn] = (struct mmu_frame){ .owner = DOMID_IO, .count = 1 };
		} else if (pa < LEGACY_END || (pa < boot_next && !was_skipped(pa))) {
			frame_table[mfn] = (struct mmu_frame){ .owner = DOMID_XEN, .count = 1 };
			c->hv++;
		} else {
			frame_table[mfn] = (struct mmu_frame){ .owner = DOMID_INVALID };
			frame_put_free(mfn);
			c->above4g += mfn >= MFN_4G;
		}
	}
}

void frame_init(void)
{
	struct frame_counts c = { 0 };
	max_mfn = ram_end() >> PAGE_SHIFT;
	frame_table = mfn_to_virt(boot_alloc_run(ALIGN_UP(max_mfn * sizeof(struct mmu_frame), PAGE_SIZE)
						 >> PAGE_SHIFT) >> PAGE_SHIFT);
	/* Pushed low range first, each from the top down: RAM above 4 GiB comes off the list first. */
	init_frames(0, MIN(max_mfn, MFN_4G), &c);
	if (max_mfn > MFN_4G)
		init_frames(MFN_4G, max_mfn, &c);
	log_info("memory: %lu MiB of RAM up to %lu MiB (%lu MiB of it above 4 GiB), %lu MiB free; "
		 "the hypervisor uses %lu KiB",
		 c.ram >> 8, max_mfn >> 8, c.above4g >> 8, frames_free >> 8, c.hv * 4);
	frames_ram = c.ram;
	if (boot_info.ram_ignored)
		log_warn("memory: %lu MiB of RAM beyond %lu GiB (or in too many regions) is not used",
			 boot_info.ram_ignored >> 20, (uint64_t)DIRECTMAP_MAX >> 30);
}

static uint64_t pop_free(void)
{
	if (free_head == UINT32_MAX)
		return 0;
	uint64_t mfn = free_head;
	free_head = frame_table[mfn].kernel_link;
	frames_free--;
	memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
	return mfn;
}

uint64_t frame_alloc_for(struct domain *d, bool xen_shared)
{
	uint64_t mfn = pop_free();
	if (mfn && mmu_frame_assign(&mmu_env, &d->mmu, mfn, xen_shared))
		panic("frame %lx on the free list is not free", mfn);
	if (mfn && !xen_shared)
		d->nr_pages++;
	return mfn;
}

static bool is_free(uint64_t mfn)
{
	return frame_table[mfn].owner == DOMID_INVALID && frame_table[mfn].count == 0;
}

static void hold(uint64_t mfn)
{
	frame_table[mfn].owner = DOMID_XEN;
	frame_table[mfn].count = 1;
}

/* Unlink every free frame in [first, first + n) from the list and hold it. */
static void unlink_run(uint64_t first, uint64_t n)
{
	uint32_t *link = &free_head;
	while (*link != UINT32_MAX) {
		uint64_t mfn = *link;
		if (mfn >= first && mfn < first + n) {
			*link = frame_table[mfn].kernel_link;
			frames_free--;
		} else {
			link = &frame_table[mfn].kernel_link;
		}
	}
	for (uint64_t i = 0; i < n; i++) {
		hold(first + i);
		memset(mfn_to_virt(first + i), 0, PAGE_SIZE);
	}
}

uint64_t frame_take_run(unsigned order, uint64_t below)
{
	uint64_t n = 1ull << order;
	below = MIN(below, max_mfn);
	if (order == 0 && below == max_mfn) {
		uint64_t mfn = pop_free();
		if (mfn)
			hold(mfn);
		return mfn;
	}
	for (uint64_t base = ALIGN_DOWN(below, n); base >= n; base -= n) {
		uint64_t first = base - n, i = 0;
		while (i < n && is_free(first + i))
			i++;
		if (i == n) {
			unlink_run(first, n);
			return first;
		}
	}
	return 0;
}

void frame_hold(uint64_t mfn)
{
	hold(mfn);
}

void frame_give_run(struct domain *d, uint64_t first, unsigned order)
{
	for (uint64_t mfn = first; mfn < first + (1ull << order); mfn++) {
		frame_table[mfn].owner = DOMID_INVALID;
		frame_table[mfn].count = 0;
		if (mmu_frame_assign(&mmu_env, &d->mmu, mfn, false))
			panic("frame %lx held for d%u is not assignable", mfn, d->id);
	}
}

void frame_drop_run(uint64_t first, unsigned order)
{
	for (uint64_t mfn = first; mfn < first + (1ull << order); mfn++)
		frame_free_xen(mfn);
}

uint64_t frame_alloc_xen(void)
{
	uint64_t mfn = pop_free();
	if (mfn) {
		frame_table[mfn].owner = DOMID_XEN;
		frame_table[mfn].count = 1;
	}
	return mfn;
}

void frame_free_xen(uint64_t mfn)
{
	struct mmu_frame *f = &frame_table[mfn];
	if (f->owner != DOMID_XEN || f->count != 1)
		panic("frame_free_xen: frame %lx is not a free-able hypervisor frame", mfn);
	f->owner = DOMID_INVALID;
	f->count = 0;
	frame_put_free(mfn);
}

uint64_t frames_owned_by(domid_t owner)
{
	uint64_t n = 0;
	for (uint64_t mfn = 0; mfn < max_mfn; mfn++)
		n += frame_table[mfn].owner == owner;
	return n;
}
