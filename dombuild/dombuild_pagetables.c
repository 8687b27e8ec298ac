/*
 * The bootstrap page tables (xen-pv-abi.md 5.2, 5.6 step 4).
 *
 * They map the region [virt_base, virt_base + region_pages * 4096) onto
 * PFNs 0.. in order, as Xen's builder does: L1 entries P|RW|A, without RW
 * for the page-table frames themselves; L2, L3 and L4 entries P|RW|A|D|US.
 * The tables sit at pt_pfn in the order pv_layout counted them: the L4,
 * then the L3s, L2s and L1s in address order, so every table is used
 * exactly once and nr_pt is all of them.
 *
 * Invariant: the tables obey every rule the pv-mmu model checks when the
 * L4 is pinned (9.5-9.9): flags within the allowed masks, no superpages,
 * every frame the domain's own, and no page-table frame mapped writable.
 * The pin is what enforces it; a table left unused or a count that does
 * not match the layout is this file's bug and fails the build with
 * -XEN_EINVAL rather than produce tables nobody checked.
 */
#include "dombuild_internal.h"

#define PTE_P  (1ull << 0)
#define PTE_RW (1ull << 1)
#define PTE_US (1ull << 2)
#define PTE_A  (1ull << 5)
#define PTE_D  (1ull << 6)
#define UPPER  (PTE_P | PTE_RW | PTE_A | PTE_D | PTE_US)

static unsigned slot(uint64_t va, unsigned level)
{
	return (unsigned)(va >> (12 + 9 * (level - 1))) & 511;
}

static bool starts(uint64_t pfn, uint64_t va, unsigned level)
{
	return pfn == 0 || (va & ((1ull << (12 + 9 * (level - 1))) - 1)) == 0;
}

/* Point entry `idx` of table `table` (a PFN) at the table `child` (a PFN). */
static void link(struct dombuild *b, struct dombuild_env *env, uint64_t table, unsigned idx,
		 uint64_t child)
{
	uint64_t mfn = dombuild_mfn(b, env, child);
	uint64_t *t = dombuild_map_pfn(b, env, table);
	if (!t)
		return;
	t[idx] = (mfn << 12) | UPPER;
	env->unmap(env, t);
}

void dombuild_page_tables(struct dombuild *b, struct dombuild_env *env)
{
	const struct pv_layout *l = &b->layout;
	uint64_t next[5];               /* the next unused table of each level */
	next[4] = l->pt_pfn;
	next[3] = next[4] + 1;
	next[2] = next[3] + l->nr_l3;
	next[1] = next[2] + l->nr_l2;
	uint64_t cur[5] = { 0, 0, 0, 0, next[4]++ };
	uint64_t *l1 = NULL;
	for (uint64_t pfn = 0; pfn < l->region_pages && !b->error; pfn++) {
		uint64_t va = l->virt_base + (pfn << 12);
		for (unsigned level = 3; level >= 1; level--) {
			if (!starts(pfn, va, level + 1))
				continue;
			cur[level] = next[level]++;
			link(b, env, cur[level + 1], slot(va, level + 1), cur[level]);
		}
		if (starts(pfn, va, 2)) {
			if (l1)
				env->unmap(env, l1);
			l1 = dombuild_map_pfn(b, env, cur[1]);
		}
		uint64_t mfn = dombuild_mfn(b, env, pfn);
		bool table = pfn >= l->pt_pfn && pfn < l->pt_pfn + l->nr_pt;
		if (l1)
			l1[slot(va, 1)] = (mfn << 12) | PTE_P | PTE_A | (table ? 0 : PTE_RW);
	}
	if (l1)
		env->unmap(env, l1);
	uint64_t end3 = l->pt_pfn + 1 + l->nr_l3, end2 = end3 + l->nr_l2, end1 = end2 + l->nr_l1;
	if (next[3] != end3 || next[2] != end2 || next[1] != end1 || end1 != l->pt_pfn + l->nr_pt)
		dombuild_fail(b, -XEN_EINVAL);
}
