/*
 * The p2m of an HVM domain: guest frame number to machine frame, kept as
 * a 4-level long-mode page table (hvm_paging.h).
 *
 * Every present entry at every level has P, RW, US, A and D set: the
 * nested walk is a user-mode access (AMD's rule, measured under QEMU), and
 * with A and D already set the CPU never writes the tables.  Only the
 * domain's own RAM is mapped, 4 KiB at a time; every other guest-physical
 * address has no entry, so an access there is a nested page fault, which
 * is how MMIO and holes reach the hypervisor.  Table frames are hypervisor
 * frames counted in hvm->p2m_frames and all freed by p2m_destroy.
 * Invariant: a p2m entry names a frame its domain owns; removing a present
 * entry flushes the domain's vCPUs' TLBs (fresh ASIDs) before they run.
 */
#include "hvm.h"
#include "hvm_paging.h"
#include "mm.h"

#define P2M_FLAGS  0x67ull              /* P | RW | US | A | D */
#define P2M_ADDR   0x000FFFFFFFFFF000ull
#define P2M_MAX_GFN (1ull << 36)        /* 48-bit guest-physical space */

static uint64_t *table(uint64_t mfn)
{
	return mfn_to_virt(mfn);
}

static uint64_t new_table(struct hvm_domain *h)
{
	uint64_t mfn = frame_alloc_xen();
	if (mfn)
		h->p2m_frames++;
	return mfn;
}

/* The L1 entry for gfn, building tables on the way when create; NULL if absent. */
static uint64_t *l1_entry(struct domain *d, uint64_t gfn, bool create)
{
	struct hvm_domain *h = hvm_of(d);
	if (gfn >= P2M_MAX_GFN)
		return NULL;
	if (!h->p2m_root) {
		if (!create || !(h->p2m_root = new_table(h)))
			return NULL;
	}
	uint64_t mfn = h->p2m_root;
	for (int level = 3; level >= 1; level--) {
		uint64_t *e = &table(mfn)[(gfn >> (9 * level)) & 511];
		if (!(*e & 1)) {
			uint64_t t;
			if (!create || !(t = new_table(h)))
				return NULL;
			*e = (t << PAGE_SHIFT) | P2M_FLAGS;
		}
		mfn = (*e & P2M_ADDR) >> PAGE_SHIFT;
	}
	return &table(mfn)[gfn & 511];
}

int p2m_set(struct domain *d, uint64_t gfn, uint64_t mfn)
{
	uint64_t *e = l1_entry(d, gfn, true);
	if (!e)
		return -XEN_ENOMEM;
	if (*e & 1)
		p2m_clear(d, gfn);
	*e = (mfn << PAGE_SHIFT) | P2M_FLAGS;
	return 0;
}

uint64_t p2m_lookup(const struct domain *d, uint64_t gfn)
{
	uint64_t *e = l1_entry((struct domain *)d, gfn, false);
	return e && (*e & 1) ? (*e & P2M_ADDR) >> PAGE_SHIFT : 0;
}

void p2m_clear(struct domain *d, uint64_t gfn)
{
	uint64_t *e = l1_entry(d, gfn, false);
	if (!e || !(*e & 1))
		return;
	*e = 0;
	hvm_of(d)->stats.p2m_removed++;
	for (unsigned k = 0; k < d->nr_vcpus; k++)
		hvm_flush_vcpu_tlb(d->vcpus[k]);
}

static void free_level(struct hvm_domain *h, uint64_t mfn, int level)
{
	uint64_t *t = table(mfn);
	if (level > 1)
		for (unsigned i = 0; i < 512; i++)
			if (t[i] & 1)
				free_level(h, (t[i] & P2M_ADDR) >> PAGE_SHIFT, level - 1);
	frame_free_xen(mfn);
	h->p2m_frames--;
}

void p2m_destroy(struct domain *d)
{
	struct hvm_domain *h = hvm_of(d);
	if (h->p2m_root)
		free_level(h, h->p2m_root, 4);
	h->p2m_root = 0;
}
