/*
 * CR3 and the paging mode, the root cache, and INVLPG.
 *
 * A CR3 load (or a CR0/CR4/EFER change of the paging mode) makes the shadow
 * of the guest's top-level table the vCPU's root: the caller puts its
 * machine address in the VMCB.  Roots are found by hash before anything is
 * built, and the last SHADOW_ROOT_CACHE roots used stay referenced by the
 * root cache with their whole trees, so a guest switching between processes
 * finds its shadows where it left them, as Xen's pinned top-level shadows
 * do.  Guest paging off gets one shared root: a PAE table whose four entries
 * each point at the shadow of one GiB of the 1:1 map, all made at once (the
 * hardware reads those four entries only when CR3 is loaded).
 *
 * INVLPG drops the leaf shadow entry for the address; it is rebuilt from the
 * guest's entry on the next touch.  Guest page-table writes are emulated and
 * re-derived as they happen (shadow_emul.c), so nothing else is stale.
 *
 * Invariant: a vCPU's root holds a reference for as long as the vCPU uses
 * it, so no reclaim can free a table the hardware is walking; a root leaving
 * the cache is destroyed only when no vCPU uses it.
 */
#include "shadow_internal.h"

void shadow_vcpu_init(struct shadow_vcpu *v, struct shadow_domain *d)
{
	*v = (struct shadow_vcpu){ .d = d };
}

void shadow_vcpu_teardown(struct shadow_vcpu *v)
{
	if (v->root)
		sh_put(v->d, v->root - 1u);
	v->root = 0;
	v->mode = SHADOW_MODE_NONE;
}

/* Put root idx at the head of the cache, evicting the oldest if full. */
static void cache_root(struct shadow_domain *d, unsigned int idx)
{
	unsigned int r = 0;

	if (d->pages[idx].flags & SH_FLAG_CACHED) {
		while (d->roots[r] != idx + 1)
			r++;
	} else {
		r = SHADOW_ROOT_CACHE - 1;
		if (d->roots[r]) {
			d->pages[d->roots[r] - 1].flags &= (uint8_t)~SH_FLAG_CACHED;
			sh_put(d, d->roots[r] - 1u);
		}
		d->pages[idx].flags |= SH_FLAG_CACHED;
		sh_get(d, idx);
	}
	for (; r > 0; r--)
		d->roots[r] = d->roots[r - 1];
	d->roots[0] = (uint16_t)(idx + 1);
}

/* The paging-off root and its four children. */
static int unpaged_root(struct shadow_domain *d)
{
	int root = sh_lookup(d, SH_U3, 0);

	if (root >= 0) {
		d->stats.root_cache_hits++;
		return root;
	}
	if (!sh_reserve(d, 5))
		return -XEN_ENOMEM;
	root = sh_alloc(d, SH_U3, 0);
	for (unsigned int i = 0; i < 4; i++) {
		int u2 = sh_alloc(d, SH_U2, i);

		sh_set_entry(d, (unsigned int)root, i, (d->pages[u2].mfn << 12) | SH_P);
	}
	return root;
}

static int long_root(struct shadow_vcpu *v, uint64_t cr3)
{
	struct shadow_domain *d = v->d;
	uint64_t rsvd = ~((1ull << d->paddr_bits) - 1) & ~0xFFFull, mfn;
	int root;

	if ((cr3 & rsvd) ||
	    d->env.p2m(d->env.ctx, SH_MFN(cr3), &mfn) == SHADOW_P2M_NONE)
		return -XEN_EINVAL;
	root = sh_lookup(d, SH_L4, mfn);
	if (root >= 0) {
		d->stats.root_cache_hits++;
		return root;
	}
	if (!sh_reserve(d, 1))
		return -XEN_ENOMEM;
	return sh_promote(d, SH_L4, mfn);
}

int shadow_set_cr3(struct shadow_vcpu *v, uint64_t cr0, uint64_t cr3,
                   uint64_t cr4, uint64_t efer, struct shadow_cr3_out *out)
{
	struct shadow_domain *d = v->d;
	enum shadow_mode mode;
	int root;

	*out = (struct shadow_cr3_out){ 0 };
	if (!(cr0 & SHADOW_CR0_PG))
		mode = SHADOW_MODE_UNPAGED;
	else if ((cr4 & SHADOW_CR4_PAE) && (efer & SHADOW_EFER_LME))
		mode = SHADOW_MODE_LONG;
	else
		return -XEN_EOPNOTSUPP;
	d->stats.cr3_switches++;
	/* NX is a right under EFER.NXE and a reserved bit without it: shadows
	   built under the other setting may not stay, cached ones included. */
	if (!!(efer & SHADOW_EFER_NXE) != d->nxe) {
		if (d->stats.pages_in_use)
			sh_empty_all(d);
		d->nxe = !d->nxe;
	}
	if (mode == SHADOW_MODE_LONG)
		root = long_root(v, cr3);
	else
		root = unpaged_root(d);
	if (root < 0)
		return root;
	sh_get(d, (unsigned int)root);
	shadow_vcpu_teardown(v);
	cache_root(d, (unsigned int)root);
	v->root = (uint16_t)(root + 1);
	v->mode = mode;
	v->cr0 = cr0, v->cr3 = cr3, v->cr4 = cr4, v->efer = efer;
	sh_want_flush(d, SHADOW_FLUSH_VCPU);
	out->root_maddr = d->pages[root].mfn << 12;
	out->mode = mode;
	out->flush = sh_take_flush(d);
	return 0;
}

enum shadow_flush shadow_invlpg(struct shadow_vcpu *v, uint64_t va)
{
	struct shadow_domain *d = v->d;
	int idx = (int)v->root - 1;
	unsigned int level = v->mode == SHADOW_MODE_LONG ? 4 : 3;

	d->stats.invlpgs++;
	if (v->mode == SHADOW_MODE_UNPAGED)
		va &= 0xFFFFFFFFull;
	while (idx >= 0 && !sh_is_leaf_table(d->pages[idx].type)) {
		unsigned int slot = sh_va_index(va, level--);

		idx = sh_child_of(d, (unsigned int)idx, slot, sh_map(d, (unsigned int)idx)[slot]);
	}
	/* A leaf has no shadow below it, and the guest's entry is unchanged
	   (its writes are emulated): only this vCPU's TLB needs the flush. */
	if (idx >= 0)
		sh_map(d, (unsigned int)idx)[sh_va_index(va, 1)] = 0;
	sh_want_flush(d, SHADOW_FLUSH_VA);
	return sh_take_flush(d);
}
