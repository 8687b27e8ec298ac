/*
 * The frame table and the free list (see mm.h for the invariant).
 *
 * Before the frame table exists, boot_alloc_page() hands out frames above
 * everything the loader reserved; frame_init() then builds the table and
 * puts every usable frame above the boot allocations on the free list.
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
#include "mm.h"
#include "multiboot.h"

struct mmu_frame *frame_table;
uint64_t max_mfn;
uint64_t frames_free;
uint64_t *m2p_rw;

static uint64_t boot_next;              /* next boot-allocated physical address */
static uint32_t free_head = UINT32_MAX;

static bool usable(uint64_t pa)
{
	for (unsigned i = 0; i < boot_info.nr_regions; i++)
		if (pa >= boot_info.regions[i].start && pa + PAGE_SIZE <= boot_info.regions[i].end)
			return true;
	return false;
}

uint64_t boot_alloc_page(void)
{
	if (!boot_next)
		boot_next = boot_info.reserved_end;
	while (!usable(boot_next)) {
		boot_next += PAGE_SIZE;
		if (boot_next >= (1ull << 30))
			panic("boot allocator: no usable memory below 1 GiB");
	}
	uint64_t pa = boot_next;
	boot_next += PAGE_SIZE;
	memset((void *)(KERNEL_VBASE + pa), 0, PAGE_SIZE);
	return pa;
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

void frame_init(void)
{
	uint64_t top = 0;
	for (unsigned i = 0; i < boot_info.nr_regions; i++)
		top = MAX(top, boot_info.regions[i].end);
	if (top > DIRECTMAP_SIZE)
		top = DIRECTMAP_SIZE;           /* RAM above 4 GiB is not used */
	max_mfn = top >> PAGE_SHIFT;

	uint64_t bytes = max_mfn * sizeof(struct mmu_frame);
	uint64_t first = 0;
	for (uint64_t done = 0; done < bytes; done += PAGE_SIZE) {
		uint64_t pa = boot_alloc_page();
		if (!first)
			first = pa;
		else if (pa != first + done)
			panic("frame table: boot memory is not contiguous");
	}
	frame_table = mfn_to_virt(first >> PAGE_SHIFT);

	for (uint64_t mfn = 0; mfn < max_mfn; mfn++)
		frame_table[mfn] = (struct mmu_frame){ .owner = DOMID_XEN, .count = 1 };
	for (uint64_t mfn = max_mfn; mfn-- > 1;) {
		uint64_t pa = mfn << PAGE_SHIFT;
		if (pa < boot_next || !usable(pa))
			continue;
		frame_table[mfn] = (struct mmu_frame){ .owner = DOMID_INVALID };
		frame_put_free(mfn);
	}
	log_info("memory: %lu MiB, %lu frames, %lu free", (max_mfn * PAGE_SIZE) >> 20, max_mfn, frames_free);
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
