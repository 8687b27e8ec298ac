/*
 * The domain's memory and its p2m list (xen-pv-abi.md 5.2, 5.6 step 2).
 *
 * The p2m pages get their frames first, so the MFN of every later frame
 * has a place to go; then, one p2m page at a time, the PFNs that page
 * describes get theirs (in one populate call of at most 512) and the page
 * is written whole: one 8-byte MFN per PFN below nr_pages, zero after.
 * The p2m list in the domain is then the only PFN -> MFN table; the
 * builder keeps the p2m pages' own MFNs (b->p2m_mfns) and reads the rest
 * back through a mapping (dombuild_mfn).
 *
 * Invariant: every PFN below nr_pages gets exactly one frame and the p2m
 * list names it; a populate that falls short stops the build with
 * -XEN_ENOMEM, leaving what was given with the domain.
 */
#include "dombuild_internal.h"

static bool is_p2m_pfn(const struct pv_layout *l, uint64_t pfn)
{
	return pfn >= l->p2m_pfn && pfn < l->p2m_pfn + l->p2m_pages;
}

static bool populate(struct dombuild_env *env, uint64_t *pfns, uint64_t n)
{
	return n == 0 || env->populate(env, pfns, n) == n;
}

/* The frames of p2m page `page` that are not p2m pages, then the page. */
static void fill_p2m_page(struct dombuild *b, struct dombuild_env *env, uint64_t page)
{
	const struct pv_layout *l = &b->layout;
	uint64_t first = page * 512, end = first + 512 < l->nr_pages ? first + 512 : l->nr_pages;
	uint64_t k = 0;
	for (uint64_t pfn = first; pfn < end; pfn++)
		if (!is_p2m_pfn(l, pfn))
			b->batch[k++] = pfn;
	if (!populate(env, b->batch, k)) {
		dombuild_fail(b, -XEN_ENOMEM);
		return;
	}
	uint64_t *p2m = env->map(env, b->p2m_mfns[page]);
	if (!p2m) {
		dombuild_fail(b, -XEN_EFAULT);
		return;
	}
	memset(p2m, 0, DOMBUILD_PAGE);
	k = 0;
	for (uint64_t pfn = first; pfn < end; pfn++)
		p2m[pfn - first] = is_p2m_pfn(l, pfn) ? b->p2m_mfns[pfn - l->p2m_pfn] : b->batch[k++];
	env->unmap(env, p2m);
}

void dombuild_populate(struct dombuild *b, struct dombuild_env *env)
{
	const struct pv_layout *l = &b->layout;
	for (uint64_t i = 0; i < l->p2m_pages; i++)
		b->p2m_mfns[i] = l->p2m_pfn + i;
	if (!populate(env, b->p2m_mfns, l->p2m_pages)) {
		dombuild_fail(b, -XEN_ENOMEM);
		return;
	}
	for (uint64_t page = 0; page < l->p2m_pages && !b->error; page++)
		fill_p2m_page(b, env, page);
}

uint64_t dombuild_mfn(struct dombuild *b, struct dombuild_env *env, uint64_t pfn)
{
	const uint64_t *p2m = env->map(env, b->p2m_mfns[pfn / 512]);
	if (!p2m) {
		dombuild_fail(b, -XEN_EFAULT);
		return 0;
	}
	uint64_t mfn = p2m[pfn % 512];
	env->unmap(env, (void *)p2m);
	return mfn;
}
