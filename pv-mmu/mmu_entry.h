/*
 * One page-table entry on its own: which bits a guest may set, what the
 * hypervisor adds, and when a rewrite may skip the reference checks.
 * Static inline, for every file of the model that checks an entry: these
 * run on every entry mmu_update, update_va_mapping and validation write,
 * so they are compiled into their callers (docs/performance.md).
 *
 * Invariant enforced here: no entry the hardware walks carries a bit the
 * guest must not control.  For a present entry (Xen's masks for 64-bit PV,
 * written here in PTE bit positions instead of Xen's 24-bit flag encoding):
 *
 *   all levels   PWT, PCD and PSE/PAT (bit 7) and G are refused at L2-L4:
 *                no superpages (XSA-148), no cache-attribute games, no global
 *                upper-level entries;
 *   L1           PWT, PCD and PAT are refused, G is allowed; a domain with
 *                I/O memory may use PWT/PCD/PAT;
 *   NX           refused when the CPU has no NX (it would be a reserved bit).
 *
 * Bits 9-11 and 52-62 are the guest's, as in Xen's release builds (its debug
 * builds mark grant mappings with bit 62 and refuse it elsewhere; Umbra
 * marks nothing in an entry, mmu_grant.c).
 *
 * A non-present entry is ignored by the hardware and takes no reference, but
 * on a CPU affected by L1TF (XSA-273) its address bits can still reach the
 * cache: mmu_l1tf.c decides which are safe there.
 *
 * Because the guest kernel runs at CPL 3, Xen sets US on every present entry
 * and marks kernel-only L1 mappings with bit 52 (_PAGE_GUEST_KERNEL); the
 * guest reads those bits back.  Umbra does not add G to user mappings (Xen
 * does, as an optimisation); a guest-set G is kept, so the kernel either runs
 * with CR4.PGE clear or flushes global entries when it switches domains.
 *
 * I/O memory (a frame outside RAM, mappable only with the domain's I/O
 * memory permission) is always mapped uncacheable, as Xen does unless told
 * otherwise (its mmio-relax option): with Xen's PAT (index PAT:PCD:PWT),
 * indexes 2 (UC-), 3 (UC), 4 (WC), 6 and 7 (UC) stay as asked, and WB (0),
 * WT (1) and WP (5) get PCD and PWT added, which makes them UC (3 or 7).
 *
 * The fast path: a present entry replaced by one with the same frame whose
 * other differences are all in FAST_PATH_BITS can be written without taking
 * new references, because it maps the same frame with the same rights.  RW,
 * P, PSE and the cache bits are deliberately absent (XSA-182: a read-only
 * linear entry made writable through this shortcut was a writable page
 * table).
 */
#pragma once
#include "mmu_internal.h"

#define BASE_DISALLOWED (MMU_PTE_PWT | MMU_PTE_PCD | MMU_PTE_PSE | MMU_PTE_G)
#define L1_DISALLOWED   (MMU_PTE_PWT | MMU_PTE_PCD | MMU_PTE_PAT)
#define FAST_PATH_BITS  (MMU_PTE_NX | MMU_PTE_AVAIL_HIGH | MMU_PTE_AVAIL |     \
                         MMU_PTE_G | MMU_PTE_D | MMU_PTE_A | MMU_PTE_US)

static inline uint64_t mmu_disallowed(struct mmu_env *env, unsigned int level,
                               const struct mmu_domain *d)
{
	uint64_t bad = BASE_DISALLOWED;

	if (level == 1)
		bad = d->io_capable ? L1_DISALLOWED & ~MMU_PTE_CACHE : L1_DISALLOWED;
	if (!env->cpu_has_nx)
		bad |= MMU_PTE_NX;
	return bad;
}

/* May d write e into a table of this level?  0 or -EINVAL. */
static inline int mmu_entry_ok(struct mmu_env *env, unsigned int level,
                               const struct mmu_domain *d, uint64_t e)
{
	if (!(e & MMU_PTE_P))
		return mmu_l1tf_entry_ok(env, level, e);
	return (e & mmu_disallowed(env, level, d)) ? -XEN_EINVAL : 0;
}

static inline uint64_t mmu_adjust_entry(unsigned int level, uint64_t e)
{
	if (!(e & MMU_PTE_P))
		return e;
	if (level == 1 && !(e & MMU_PTE_US))
		return e | MMU_PTE_US | MMU_PTE_GUEST_KERNEL;
	if (level == 4)
		return e | MMU_PTE_US | MMU_PTE_A;
	return e | MMU_PTE_US;
}

/* An L1 entry of I/O memory made uncacheable (WB, WT, WP become UC). */
static inline uint64_t mmu_io_cache(struct mmu_env *env, unsigned int level, uint64_t e)
{
	if (level != 1 || !(e & MMU_PTE_P) || mmu_is_ram(env, MMU_PTE_MFN(e)))
		return e;
	unsigned int index = ((e & MMU_PTE_PAT) ? 4u : 0u) | ((e & MMU_PTE_PCD) ? 2u : 0u) |
	                     ((e & MMU_PTE_PWT) ? 1u : 0u);
	if (index == 0 || index == 1 || index == 5)
		e |= MMU_PTE_PCD | MMU_PTE_PWT;
	return e;
}

/* May the present entry old become e without new references?  (Both are
   adjusted; the caller has checked e's flags.) */
static inline bool mmu_fast_path(uint64_t old, uint64_t e)
{
	return (old & MMU_PTE_P) && (e & MMU_PTE_P) &&
	       ((old ^ e) & ~FAST_PATH_BITS) == 0;
}
