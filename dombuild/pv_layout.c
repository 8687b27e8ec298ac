/*
 * Start-of-day layout arithmetic (pv_layout.h).  The page tables must map
 * the whole region including themselves, so their number is recomputed
 * until it stops changing; the p2m list grows with the domain's memory,
 * so the smallest memory that holds the layout is found the same way.
 * Portable: no hypervisor dependencies, no library calls.
 */
#include "pv_layout.h"
#include "public/errno.h"

#define MB4 (4ull << 20)

static uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

static uint64_t span(uint64_t start, uint64_t end, unsigned shift)
{
	return ((end - 1) >> shift) - (start >> shift) + 1;
}

static void layout(struct pv_layout *l, uint64_t virt_base, uint64_t image_end,
		   uint64_t module_len, uint64_t nr_pages, bool initial_domain)
{
	*l = (struct pv_layout){ .virt_base = virt_base, .nr_pages = nr_pages };
	uint64_t pfn = align_up(image_end - virt_base, 4096) >> 12;
	l->module_pfn = pfn;
	l->module_pages = align_up(module_len, 4096) >> 12;
	pfn += l->module_pages;
	l->p2m_pfn = pfn;
	l->p2m_pages = align_up(nr_pages * 8, 4096) >> 12;
	pfn += l->p2m_pages;
	l->start_info_pfn = pfn++;
	if (!initial_domain) {
		l->xenstore_pfn = pfn++;
		l->console_pfn = pfn++;
	}
	l->pt_pfn = pfn;
	uint64_t nr_pt = 1;
	for (;;) {
		uint64_t stack = l->pt_pfn + nr_pt;
		uint64_t end = align_up(((stack + 1) << 12) + (512 << 10), MB4);
		uint64_t va_end = virt_base + end;
		l->nr_l3 = span(virt_base, va_end, 39);
		l->nr_l2 = span(virt_base, va_end, 30);
		l->nr_l1 = span(virt_base, va_end, 21);
		uint64_t need = 1 + l->nr_l3 + l->nr_l2 + l->nr_l1;
		if (need <= nr_pt) {
			l->nr_pt = nr_pt;
			l->stack_pfn = stack;
			l->region_pages = end >> 12;
			return;
		}
		nr_pt = need;
	}
}

int pv_layout_compute(struct pv_layout *l, uint64_t virt_base, uint64_t image_end,
		      uint64_t module_len, uint64_t nr_pages, bool initial_domain)
{
	if (nr_pages > PV_LAYOUT_MAX_PAGES || module_len > (PV_LAYOUT_MAX_PAGES << 12)) {
		*l = (struct pv_layout){ .virt_base = virt_base, .nr_pages = nr_pages };
		return -XEN_E2BIG;
	}
	layout(l, virt_base, image_end, module_len, nr_pages, initial_domain);
	return l->region_pages <= nr_pages ? 0 : -XEN_ENOMEM;
}

uint64_t pv_layout_min_pages(uint64_t virt_base, uint64_t image_end, uint64_t module_len,
			     bool initial_domain)
{
	struct pv_layout l;
	uint64_t n = 1;
	for (;;) {
		layout(&l, virt_base, image_end, module_len, n, initial_domain);
		if (l.region_pages <= n)
			return n;
		n = l.region_pages;
	}
}
