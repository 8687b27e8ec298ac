/*
 * Start-of-day layout arithmetic (pv_layout.h).  The page tables must map
 * the whole region including themselves, so their number is recomputed
 * until it stops changing.  Portable: no hypervisor dependencies.
 */
#include "pv_layout.h"
#include "lib.h"
#include "public/errno.h"

#define MB4 (4ull << 20)

static uint64_t span(uint64_t start, uint64_t end, unsigned shift)
{
	return ((end - 1) >> shift) - (start >> shift) + 1;
}

int pv_layout_compute(struct pv_layout *l, uint64_t virt_base, uint64_t image_end,
		      uint64_t nr_pages, bool initial_domain)
{
	memset(l, 0, sizeof(*l));
	l->virt_base = virt_base;
	l->nr_pages = nr_pages;
	uint64_t pfn = ALIGN_UP(image_end - virt_base, 4096) >> 12;
	l->p2m_pfn = pfn;
	l->p2m_pages = ALIGN_UP(nr_pages * 8, 4096) >> 12;
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
		uint64_t end = ALIGN_UP(((stack + 1) << 12) + (512 << 10), MB4);
		uint64_t va_end = virt_base + end;
		l->nr_l3 = span(virt_base, va_end, 39);
		l->nr_l2 = span(virt_base, va_end, 30);
		l->nr_l1 = span(virt_base, va_end, 21);
		uint64_t need = 1 + l->nr_l3 + l->nr_l2 + l->nr_l1;
		if (need <= nr_pt) {
			l->nr_pt = nr_pt;
			l->stack_pfn = stack;
			l->region_pages = end >> 12;
			break;
		}
		nr_pt = need;
	}
	return l->region_pages <= nr_pages ? 0 : -XEN_ENOMEM;
}
