/*
 * One shadow entry from one guest entry (Xen calls this propagation), and
 * the write protection of guest page-table pages.
 *
 * A leaf shadow entry maps the machine frame the p2m gives for the guest's
 * gfn, with the guest's U/S and NX, and is writable only when all of these
 * hold: the guest entry is writable, its dirty bit is set (so a clean page
 * faults on its first write and the walk sets D), the p2m type is writable
 * RAM, and the frame is not a guest page table (it has no shadow).  A guest
 * entry that is not present, not yet accessed (so the first access faults
 * and the walk sets A), has reserved bits, or names a gfn that is not RAM
 * gives an empty shadow entry.  A non-leaf shadow entry points at the
 * shadow of the guest table below with the guest's R/W, U/S and NX (for a
 * 2 MiB page, R/W only once its D is set); it also carries A and D so the
 * hardware never writes a shadow.  A 2 MiB guest page is splintered: the
 * shadow L2 entry points at an fl1 shadow keyed by the superpage's first gfn
 * whose 512 entries map its frames with full rights, the L2 entry above
 * holding the superpage's.
 *
 * Write protection: the first shadow of any type for a guest frame makes it
 * a page table (promotion); every writable leaf shadow entry mapping it is
 * then made read-only, and the domain's TLBs flushed.  With sh_leaf refusing
 * RW to frames with shadows, no writable path to a guest page table remains.
 */
#include "shadow_internal.h"

uint64_t sh_leaf(struct shadow_vcpu *v, uint64_t gl1e)
{
	struct shadow_domain *d = v->d;
	uint64_t mfn, e;
	enum shadow_p2m_type t;

	if ((gl1e & (SH_P | SH_A)) != (SH_P | SH_A) || sh_guest_rsvd(v, gl1e, 1))
		return 0;
	t = d->env.p2m(d->env.ctx, SH_MFN(gl1e), &mfn);
	if (t == SHADOW_P2M_NONE)
		return 0;
	e = (mfn << 12) | SH_P | SH_A | SH_D | (gl1e & (SH_US | SH_NX));
	if ((gl1e & (SH_RW | SH_D)) == (SH_RW | SH_D) && t == SHADOW_P2M_RAM &&
	    !shadow_frame_is_table(d, mfn))
		e |= SH_RW;
	return e;
}

uint64_t sh_fl1_leaf(struct shadow_domain *d, uint64_t gfn)
{
	uint64_t mfn, e;
	enum shadow_p2m_type t = d->env.p2m(d->env.ctx, gfn, &mfn);

	if (t == SHADOW_P2M_NONE)
		return 0;
	e = (mfn << 12) | SH_P | SH_A | SH_D | SH_US;
	if (t == SHADOW_P2M_RAM && !shadow_frame_is_table(d, mfn))
		e |= SH_RW;
	return e;
}

int sh_promote(struct shadow_domain *d, uint8_t type, uint64_t mfn)
{
	bool was_table = shadow_frame_is_table(d, mfn);
	int idx = sh_alloc(d, type, mfn);

	if (idx < 0 || was_table)
		return idx;
	d->stats.promotions++;
	for (unsigned int i = 0; i < d->nr_pages; i++) {
		uint64_t *p;

		if (!sh_is_leaf_table(d->pages[i].type))
			continue;
		p = sh_map(d, i);
		for (unsigned int s = 0; s < 512; s++) {
			if ((p[s] & (SH_P | SH_RW)) != (SH_P | SH_RW) || SH_MFN(p[s]) != mfn)
				continue;
			p[s] &= ~SH_RW;
			d->stats.write_protects++;
			sh_want_flush(d, SHADOW_FLUSH_DOMAIN);
		}
	}
	return idx;
}

/* The shadow below a guest entry at level 2-4 (made and promoted when make
   is set and there is none), or -1 when the entry gives no shadow. */
int sh_child(struct shadow_vcpu *v, uint64_t gentry, unsigned int level, bool make)
{
	struct shadow_domain *d = v->d;
	uint64_t mfn;
	uint8_t type = (uint8_t)(level == 4 ? SH_L3 : level == 3 ? SH_L2 : SH_L1);
	int idx;

	if ((gentry & (SH_P | SH_A)) != (SH_P | SH_A) || sh_guest_rsvd(v, gentry, level))
		return -1;
	if (level == 2 && (gentry & SH_PS)) {
		uint64_t key = SH_MFN(gentry) & ~511ull;

		idx = sh_lookup(d, SH_FL1, key);
		return idx >= 0 || !make ? idx : sh_alloc(d, SH_FL1, key);
	}
	if (d->env.p2m(d->env.ctx, SH_MFN(gentry), &mfn) == SHADOW_P2M_NONE)
		return -1;
	idx = sh_lookup(d, type, mfn);
	return idx >= 0 || !make ? idx : sh_promote(d, type, mfn);
}

uint64_t sh_upper(struct shadow_vcpu *v, uint64_t gentry, unsigned int level, int child)
{
	uint64_t rights = gentry & SH_RIGHTS;

	if (child < 0)
		return 0;
	if (level == 2 && (gentry & SH_PS) && !(gentry & SH_D))
		rights &= ~SH_RW;
	return (v->d->pages[child].mfn << 12) | SH_P | SH_A | SH_D | rights |
	       sh_index_bits((unsigned int)child);
}
