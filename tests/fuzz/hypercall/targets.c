/*
 * A fuzz child's start of day: finding its own interesting frames and
 * preparing its fuzz area (targets.h).  Everything here runs before the
 * first random call and may use the page-table helpers, which fail loudly:
 * a child that cannot set itself up is a broken test, not a fuzz result.
 */
#include "attack.h"
#include "events.h"
#include "public/grant_table.h"
#include "public/version.h"
#include "targets.h"

struct fuzz_targets T;

#define AREA_PAGES (ARENA_PAGES + 3 + LOOSE_PAGES + 2)
static uint8_t area[AREA_PAGES][4096] __attribute__((aligned(4096)));

extern char _start[], _etext[];

uint64_t own_mfn(uint64_t pfn)
{
	return pfn < T.nr_pages ? T.p2m[pfn] : 0;
}

static uint64_t va_mfn(const void *va)
{
	return own_mfn(((uint64_t)va - VIRT_BASE) >> 12);
}

static void set_flags(uint64_t va, uint64_t flags)
{
	long rc = pt_map_mfn(va, va_mfn((void *)va), flags);
	CHECK(rc == 0, "fuzz set-up: remapping %lx: %ld", va, rc);
}

static void grant_table_init(uint64_t va)
{
	struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1, .frame_list = (uint64_t)&T.grant_mfn };
	long rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1);
	if (rc || st.status) {
		printf("fuzz set-up: no grant table (%ld, status %d)\n", rc, st.status);
		T.grant_mfn = 0;
		return;
	}
	uint64_t flags = pt_entry(va, 1) & (PT_P | PT_RW | PT_US | PT_A | PT_D);
	rc = pt_map_mfn(va, T.grant_mfn, flags);
	CHECK(rc == 0, "fuzz set-up: mapping the grant frame: %ld", rc);
	T.grant_va = va;
}

/* Pages mapped at start of day: 512 per present entry of the L2 that maps VIRT_BASE. */
static uint64_t region_pages(void)
{
	uint64_t n = 0;
	for (unsigned i = pt_index(VIRT_BASE, 2); i < 512 && (pt_entry(VIRT_BASE + (n << 12), 2) & PT_P); i++)
		n += 512;
	return n;
}

/* The ro page as the child's GDT, with a flat data and a 64-bit code
 * segment of DPL 3 in entries 1 and 2, so that selectors the fuzzer loads
 * (probe.c) can name descriptors it then changes (update_descriptor). */
static void descriptor_table_init(void)
{
	long rc = HYPERVISOR_set_gdt(&T.ro_mfn, 512);
	if (!rc)
		rc = HYPERVISOR_update_descriptor((T.ro_mfn << 12) + 8, 0x00cff3000000ffffull);
	if (!rc)
		rc = HYPERVISOR_update_descriptor((T.ro_mfn << 12) + 16, 0x00affb000000ffffull);
	CHECK(rc == 0, "fuzz set-up: a GDT of its own: %ld", rc);
}

/* A pinned copy of the live L4 (its guest slots; the hypervisor fills its own). */
static void alt_l4_init(uint64_t va)
{
	const volatile uint64_t *l4 = pt_table(T.l4_mfn);
	uint64_t *copy = (uint64_t *)va;
	for (unsigned i = 0; i < 512; i++)
		copy[i] = i >= HYPERVISOR_L4_FIRST && i <= HYPERVISOR_L4_LAST ? 0 : l4[i] & ~(PT_A | PT_D);
	T.alt_l4_mfn = va_mfn((void *)va);
	set_flags(va, 0);
	long rc = pt_pin(4, T.alt_l4_mfn);
	CHECK(rc == 0, "fuzz set-up: pinning a copy of the L4: %ld", rc);
}

void targets_init(void)
{
	uint8_t handle[16];
	CHECK_EQ(HYPERVISOR_xen_version(XENVER_guest_handle, handle), 0);
	T.self = (domid_t)(handle[14] << 8 | handle[15]);
	T.nr_pages = start_info->nr_pages;
	T.p2m = (const uint64_t *)start_info->mfn_list;
	T.max_mfn = (uint64_t)HYPERVISOR_memory_op(2 /* XENMEM_maximum_ram_page */, NULL) + 1;
	T.nr_pt = (unsigned)MIN(start_info->nr_pt_frames, MAX_PT_FRAMES);
	for (unsigned i = 0; i < T.nr_pt; i++) {
		T.pt_va[i] = start_info->pt_base + i * 4096ull;
		T.pt_mfn[i] = va_mfn((void *)T.pt_va[i]);
	}
	T.l4_mfn = pt_cr3_mfn();
	T.shared_info_mfn = start_info->shared_info >> 12;
	T.shared_info_va = (uint64_t)shared_info;
	T.start_info_va = (uint64_t)start_info;
	for (unsigned level = 3; level > 0; level--)
		T.m2p_mfn[3 - level] = hv_m2p_table(level, 0);
	T.m2p_mfn[3] = hv_m2p_table(0, 0);
	T.text_start = (uint64_t)_start;
	T.text_end = (uint64_t)_etext;
	T.stack_va = (uint64_t)__builtin_frame_address(0);
	T.region_pages = region_pages();
	T.spare_pfn = ((start_info->pt_base - VIRT_BASE) >> 12) + start_info->nr_pt_frames + 1;
	for (uint64_t p = 0; p < T.region_pages && p / 512 < MAX_PT_FRAMES; p += 512)
		T.l1_mfn[p / 512] = pt_table_mfn(VIRT_BASE + (p << 12), 1);
	T.l2_mfn = pt_table_mfn(VIRT_BASE, 2);

	T.arena = area[0];
	unsigned p = ARENA_PAGES;
	/* Random bytes live here: not executable, so a wild jump into them
	 * faults instead of running them (see the lock prefix in probe.c). */
	for (unsigned i = 0; i < ARENA_PAGES; i++)
		set_flags((uint64_t)area[i], (pt_entry((uint64_t)area[i], 1) & (PT_P | PT_RW | PT_US | PT_A | PT_D)) | PT_NX);
	uint64_t rw = pt_entry((uint64_t)area[p], 1) & (PT_P | PT_RW | PT_US | PT_A | PT_D);
	T.ro_va = (uint64_t)area[p++];
	T.ro_mfn = va_mfn((void *)T.ro_va);
	set_flags(T.ro_va, rw & ~PT_RW);
	descriptor_table_init();
	T.code_va = (uint64_t)area[p++];
	T.guard_va = (uint64_t)area[p++];
	T.guard_mfn = va_mfn((void *)T.guard_va);
	set_flags(T.guard_va, 0);
	for (unsigned i = 0; i < LOOSE_PAGES; i++, p++) {
		T.loose_va[i] = (uint64_t)area[p];
		T.loose_mfn[i] = va_mfn(area[p]);
		set_flags(T.loose_va[i], 0);
	}
	HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables);   /* -ENOSYS before ptwr */
	grant_table_init((uint64_t)area[p++]);
	alt_l4_init((uint64_t)area[p]);
	printf("fuzz set-up: d%u, %lu pages (spare from %lx to %lx), L4 %lx, max mfn %lx, grant frame %lx\n",
	       T.self, T.nr_pages, T.spare_pfn, T.region_pages, T.l4_mfn, T.max_mfn, T.grant_mfn);
}
