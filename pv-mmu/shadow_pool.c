/*
 * The shadow pool: where shadows live, how they are found, counted and
 * thrown away.
 *
 * A domain's shadows are pages of a fixed pool the kernel hands over at
 * domain creation; the engine never allocates anything else, so a guest can
 * cost the hypervisor no more than its pool however it builds its tables.
 * Each shadow is hashed by (type, key) -- the guest table's machine frame, or
 * for a splintered superpage its first gfn -- so a guest table has at most
 * one shadow of each type.  A shadow counts its references: one per shadow
 * entry above it, one per vCPU using it as its root, one while it sits in
 * the root cache.  At zero it is destroyed, dropping its own references to
 * the shadows below, and its page goes back to the free list.
 *
 * Invariant: a page is on the free list exactly when no shadow entry, vCPU
 * or cache slot refers to it; pages_in_use counts the others.  When the pool
 * runs short (sh_reserve), whole shadow trees are given up, never a page
 * still referenced: first cached roots no vCPU uses, oldest first, then
 * every entry of every root in use (everything refaults).  Each entry
 * removal that may leave a translation in a TLB asks for a domain flush.
 */
#include "shadow_internal.h"

static unsigned int bucket(uint8_t type, uint64_t key)
{
	return (unsigned int)(((key ^ ((uint64_t)type << 56)) * 0x9E3779B97F4A7C15ull) >> 58);
}

int shadow_domain_init(struct shadow_domain *d, const struct shadow_env *env,
                       struct shadow_page *pages, unsigned int nr_pages,
                       unsigned int max_vcpus, unsigned int paddr_bits)
{
	if (!env || !env->frame_ptr || !env->p2m || !pages || !max_vcpus ||
	    nr_pages < SHADOW_POOL_MIN(max_vcpus) || nr_pages > SHADOW_POOL_MAX ||
	    paddr_bits < 36 || paddr_bits > 52)
		return -XEN_EINVAL;
	for (unsigned int i = 0; i < nr_pages; i++)
		if (!pages[i].mfn)
			return -XEN_EINVAL;
	*d = (struct shadow_domain){ .env = *env, .pages = pages, .nr_pages = nr_pages,
	                             .paddr_bits = paddr_bits, .free = 1 };
	for (unsigned int i = 0; i < nr_pages; i++)
		pages[i] = (struct shadow_page){ .mfn = pages[i].mfn,
		                                 .next = (uint16_t)(i + 1 < nr_pages ? i + 2 : 0) };
	return 0;
}

void shadow_domain_teardown(struct shadow_domain *d)
{
	for (unsigned int i = 0; i < d->nr_pages; i++) {
		uint64_t *p = sh_map(d, i);

		for (unsigned int s = 0; s < 512; s++)
			p[s] = 0;
		d->pages[i] = (struct shadow_page){ .mfn = d->pages[i].mfn };
	}
	for (unsigned int b = 0; b < SHADOW_HASH_BUCKETS; b++)
		d->hash[b] = 0;
	for (unsigned int r = 0; r < SHADOW_ROOT_CACHE; r++)
		d->roots[r] = 0;
	d->free = 0;
	d->nr_pages = 0;
	d->stats.pages_in_use = 0;
}

enum shadow_flush sh_take_flush(struct shadow_domain *d)
{
	enum shadow_flush f = d->flush;

	if (f != SHADOW_FLUSH_NONE)
		d->stats.flushes[f]++;
	d->flush = SHADOW_FLUSH_NONE;
	return f;
}

int sh_lookup(struct shadow_domain *d, uint8_t type, uint64_t key)
{
	for (unsigned int i = d->hash[bucket(type, key)]; i; i = d->pages[i - 1].next)
		if (d->pages[i - 1].type == type && d->pages[i - 1].key == key)
			return (int)i - 1;
	return -1;
}

bool shadow_frame_is_table(struct shadow_domain *d, uint64_t mfn)
{
	for (uint8_t t = SH_L1; t <= SH_L4; t++)
		if (t != SH_FL1 && sh_lookup(d, t, mfn) >= 0)
			return true;
	return false;
}

/* A fresh, empty shadow; the caller has reserved the page (sh_reserve). */
int sh_alloc(struct shadow_domain *d, uint8_t type, uint64_t key)
{
	unsigned int i = d->free - 1u, b = bucket(type, key);
	uint64_t *p;

	if (!d->free)
		return -1;
	d->free = d->pages[i].next;
	p = sh_map(d, i);
	for (unsigned int s = 0; s < 512; s++)
		p[s] = 0;
	d->pages[i].type = type;
	d->pages[i].key = key;
	d->pages[i].refs = 0;
	d->pages[i].flags = 0;
	d->pages[i].next = d->hash[b];
	d->hash[b] = (uint16_t)(i + 1);
	if (++d->stats.pages_in_use > d->stats.pages_peak)
		d->stats.pages_peak = d->stats.pages_in_use;
	return (int)i;
}

/* The shadow an entry of page idx at slot points at, or -1. */
int sh_child_of(struct shadow_domain *d, unsigned int idx, unsigned int slot,
                    uint64_t e)
{
	const struct shadow_page *pg = &d->pages[idx];

	if (!(e & SH_P))
		return -1;
	switch (pg->type) {
	case SH_L2: case SH_L3: case SH_L4:
		return (int)sh_entry_index(e);
	case SH_U3:
		return sh_lookup(d, SH_U2, slot);
	case SH_U2:
		return sh_lookup(d, SH_FL1, ((pg->key << 9) + slot) << 9);
	default:
		return -1;
	}
}

void sh_get(struct shadow_domain *d, unsigned int idx)
{
	d->pages[idx].refs++;
}

static void destroy(struct shadow_domain *d, unsigned int idx)
{
	struct shadow_page *pg = &d->pages[idx];
	uint16_t *link = &d->hash[bucket(pg->type, pg->key)];
	uint64_t *p = sh_map(d, idx);

	for (unsigned int s = 0; s < 512; s++) {
		int c = sh_child_of(d, idx, s, p[s]);

		p[s] = 0;
		if (c >= 0)
			sh_put(d, (unsigned int)c);
	}
	while (*link != idx + 1)
		link = &d->pages[*link - 1].next;
	*link = pg->next;
	pg->type = SH_FREE;
	pg->next = d->free;
	d->free = (uint16_t)(idx + 1);
	d->stats.pages_in_use--;
}

void sh_put(struct shadow_domain *d, unsigned int idx)
{
	if (--d->pages[idx].refs == 0)
		destroy(d, idx);
}

/* Write entry slot of shadow idx, moving references from the old entry's
   child to the new one's, and ask for a flush when rights went away.
   Returns whether the entry changed. */
bool sh_set_entry(struct shadow_domain *d, unsigned int idx, unsigned int slot,
                  uint64_t e)
{
	uint64_t *p = sh_map(d, idx), old = p[slot];
	int nc = sh_child_of(d, idx, slot, e), oc = sh_child_of(d, idx, slot, old);

	if (old == e)
		return false;
	if (nc >= 0)
		sh_get(d, (unsigned int)nc);
	p[slot] = e;
	if (oc >= 0)
		sh_put(d, (unsigned int)oc);
	if ((old & SH_P) && (!(e & SH_P) || SH_MFN(old) != SH_MFN(e) ||
	                     (old & ~e & (SH_RW | SH_US)) || (e & ~old & SH_NX)))
		sh_want_flush(d, SHADOW_FLUSH_DOMAIN);
	return true;
}

/* Empty every root in use (a paging-off root keeps its four children, which
   hardware caches as PDPTEs, and empties them instead), after dropping the
   root cache: every shadow below a root goes. */
void sh_empty_all(struct shadow_domain *d)
{
	for (unsigned int r = 0; r < SHADOW_ROOT_CACHE; r++) {
		unsigned int i = d->roots[r];

		d->roots[r] = 0;
		if (i) {
			d->pages[i - 1].flags &= (uint8_t)~SH_FLAG_CACHED;
			sh_put(d, i - 1);
		}
	}
	for (unsigned int i = 0; i < d->nr_pages; i++) {
		uint8_t t = d->pages[i].type;

		if (t != SH_L4 && t != SH_U2)
			continue;
		for (unsigned int s = 0; s < 512; s++)
			sh_set_entry(d, i, s, 0);
	}
	sh_want_flush(d, SHADOW_FLUSH_DOMAIN);
}

/* Make sure n pages are free, giving up shadows if needed. */
bool sh_reserve(struct shadow_domain *d, unsigned int n)
{
	unsigned int r = SHADOW_ROOT_CACHE;

	if (d->nr_pages - d->stats.pages_in_use >= n)
		return true;
	d->stats.reclaims++;
	while (r-- > 0 && d->nr_pages - d->stats.pages_in_use < n) {
		unsigned int i = d->roots[r];

		if (!i || d->pages[i - 1].refs != 1)
			continue;
		for (unsigned int k = r; k + 1 < SHADOW_ROOT_CACHE; k++)
			d->roots[k] = d->roots[k + 1];
		d->roots[SHADOW_ROOT_CACHE - 1] = 0;
		d->pages[i - 1].flags &= (uint8_t)~SH_FLAG_CACHED;
		sh_put(d, i - 1);
	}
	if (d->nr_pages - d->stats.pages_in_use < n)
		sh_empty_all(d);
	return d->nr_pages - d->stats.pages_in_use >= n;
}

enum shadow_flush shadow_p2m_changed(struct shadow_domain *d)
{
	sh_empty_all(d);
	return sh_take_flush(d);
}
