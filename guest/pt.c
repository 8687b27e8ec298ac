/* Page-table helpers (pt.h). */
#include "pt.h"

uint64_t pt_region_pages;
static uint64_t window_pfn, next_pfn;   /* the window L1's PFN; the next free one */
static uint64_t (*window_source)(void); /* where the window goes, if not after the region */

static noreturn void pt_die(const char *what, long rc)
{
	printf("TEST FAIL: page-table helper: %s (%ld)\n", what, rc);
	guest_shutdown(SHUTDOWN_poweroff);
}

uint64_t pt_mfn(uint64_t pfn)
{
	if (pfn >= start_info->nr_pages)
		pt_die("PFN beyond the domain", (long)pfn);
	return ((const uint64_t *)start_info->mfn_list)[pfn];
}

uint64_t pt_pfn(uint64_t mfn)
{
	return M2P[mfn];
}

uint64_t pt_va_mfn(const void *va)
{
	return pt_mfn(((uint64_t)va - VIRT_BASE) >> 12);
}

uint64_t pt_cr3_mfn(void)
{
	uint64_t cr3;
	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));   /* emulated */
	return cr3 >> 12;
}

const volatile uint64_t *pt_table(uint64_t mfn)
{
	uint64_t pfn = pt_pfn(mfn);
	if (pfn >= start_info->nr_pages || pt_mfn(pfn) != mfn)
		pt_die("table frame is not the domain's", (long)mfn);
	return (const volatile uint64_t *)pt_pfn_va(pfn);
}

uint64_t pt_entry_maddr(uint64_t va, unsigned level)
{
	uint64_t mfn = pt_cr3_mfn();
	for (unsigned l = 4; l > level; l--) {
		uint64_t e = pt_table(mfn)[pt_index(va, l)];
		if (!(e & PT_P))
			return 0;
		mfn = PT_MFN(e);
	}
	return pt_maddr(mfn, pt_index(va, level));
}

uint64_t pt_table_mfn(uint64_t va, unsigned level)
{
	uint64_t m = pt_entry_maddr(va, level);
	return m >> 12;
}

uint64_t pt_entry(uint64_t va, unsigned level)
{
	uint64_t m = pt_entry_maddr(va, level);
	return m ? pt_table(m >> 12)[(m & 4095) >> 3] : 0;
}

long pt_update_fd(uint64_t ptr, uint64_t val, unsigned foreigndom)
{
	struct mmu_update u = { ptr, val };
	unsigned done = ~0u;
	long rc = HYPERVISOR_mmu_update(&u, 1, &done, foreigndom);
	if (done != (rc ? 0u : 1u))
		pt_die("mmu_update reported a wrong done count", (long)done);
	return rc;
}

long pt_update(uint64_t ptr, uint64_t val)
{
	return pt_update_fd(ptr, val, DOMID_SELF);
}

long mmuext_fd(unsigned cmd, uint64_t arg1, uint64_t arg2, unsigned foreigndom)
{
	struct mmuext_op op = { .cmd = cmd, .arg1.mfn = arg1, .arg2.src_mfn = arg2 };
	/* A foreigndom the caller may not name is refused before any op is
	   read, leaving *pdone as it was (Xen 4.17): 0 reads as "none done". */
	unsigned done = 0;
	long rc = HYPERVISOR_mmuext_op(&op, 1, &done, foreigndom);
	if (done != (rc ? 0u : 1u))
		pt_die("mmuext_op reported a wrong done count", (long)done);
	return rc;
}

long mmuext(unsigned cmd, uint64_t arg1, uint64_t arg2)
{
	return mmuext_fd(cmd, arg1, arg2, DOMID_SELF);
}

long pt_map_mfn(uint64_t va, uint64_t mfn, uint64_t flags)
{
	return HYPERVISOR_update_va_mapping(va, flags ? (mfn << 12) | flags : 0, UVMF_INVLPG);
}

long pt_map(uint64_t pfn, uint64_t flags)
{
	return pt_map_mfn(pt_pfn_va(pfn), pt_mfn(pfn), flags);
}

uint64_t pt_probe_va(void)
{
	pt_init();
	return pt_pfn_va(window_pfn + 511);
}

uint64_t pt_view_va(void)
{
	pt_init();
	return pt_pfn_va(window_pfn + 510);
}

uint64_t pt_window_pfn(void)
{
	pt_init();
	return window_pfn;
}

uint64_t pt_region_size(void)
{
	/* The L2 that maps VIRT_BASE: its present entries are the region's L1s. */
	uint64_t l2 = pt_entry_maddr(VIRT_BASE, 2) >> 12;
	unsigned first = pt_index(VIRT_BASE, 2), n = 0;
	while (first + n < 512 && (pt_table(l2)[first + n] & PT_P))
		n++;
	return (uint64_t)n * 512;
}

void pt_window_from(uint64_t (*source)(void))
{
	window_source = source;
}

void pt_init(void)
{
	if (window_pfn)
		return;
	pt_region_pages = pt_region_size();
	window_pfn = window_source ? window_source() : pt_region_pages;
	if (!window_pfn || window_pfn + 512 > start_info->nr_pages)
		pt_die("no room for the window", (long)start_info->nr_pages);
	uint64_t w = pt_mfn(window_pfn);
	long rc = mmuext(MMUEXT_CLEAR_PAGE, w, 0);
	if (!rc)
		rc = pt_update(pt_entry_maddr(pt_pfn_va(window_pfn), 2), (w << 12) | PT_UPPER);
	if (!rc)
		rc = pt_map(window_pfn, PT_P | PT_A);   /* the window L1 maps itself read-only */
	if (rc)
		pt_die("cannot install the window L1", rc);
	next_pfn = window_pfn + 1;
}

uint64_t pt_alloc(void)
{
	pt_init();
	if (next_pfn >= window_pfn + 510)
		pt_die("window exhausted", (long)next_pfn);
	uint64_t pfn = next_pfn++;
	long rc = mmuext(MMUEXT_CLEAR_PAGE, pt_mfn(pfn), 0);
	if (rc)
		pt_die("cannot clear a fresh frame", rc);
	return pfn;
}

long pt_ensure_l1(uint64_t va)
{
	for (unsigned level = 4; level > 1; level--) {
		uint64_t m = pt_entry_maddr(va, level);
		if (pt_table(m >> 12)[(m & 4095) >> 3] & PT_P)
			continue;
		uint64_t pfn = pt_alloc();
		long rc = pt_map(pfn, PT_P | PT_A);
		if (!rc)
			rc = pt_update(m, (pt_mfn(pfn) << 12) | PT_UPPER);
		if (rc)
			return rc;
	}
	return 0;
}
