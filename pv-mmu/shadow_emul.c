/*
 * Emulated guest writes: a store the shadow would not let through (to a
 * guest page-table page, to read-only RAM, or to a read-only page while the
 * guest runs with CR0.WP clear) after the caller decoded the instruction.
 *
 * The store goes into the guest frame, then every shadow entry it touched
 * is derived again from the new guest entry, in every shadow of that frame
 * (a frame may be a table at several levels at once, through a
 * self-referencing entry): L1 shadows first, then L2, L3, L4, so a new upper
 * entry never sits above a stale lower one.  An upper entry is linked only
 * to a shadow that already exists for the new target; otherwise it is left
 * empty and built on the next fault.  Straddling stores re-derive each
 * 8-byte entry they touch; a store crossing a page is the caller's to split.
 *
 * Invariant: after this returns, every shadow of the frame agrees with the
 * frame's contents by the rules of shadow_propagate.c; a shadow entry whose
 * rights shrank asks for a domain flush.
 */
#include "shadow_internal.h"

static void revalidate(struct shadow_vcpu *v, unsigned int idx, unsigned int slot)
{
	struct shadow_domain *d = v->d;
	uint8_t type = d->pages[idx].type;
	uint64_t ge = d->env.frame_ptr(d->env.ctx, d->pages[idx].key)[slot], e;
	unsigned int level = type == SH_L1 ? 1 : type == SH_L2 ? 2 : type == SH_L3 ? 3 : 4;

	if (level == 1)
		e = sh_leaf(v, ge);
	else
		e = sh_upper(v, ge, level, sh_child(v, ge, level, false));
	sh_set_entry(d, idx, slot, e);
	d->stats.entries_revalidated++;
}

int shadow_emulate_write(struct shadow_vcpu *v, uint64_t gpa, uint64_t value,
                         unsigned int bytes, enum shadow_flush *flush)
{
	static const uint8_t order[] = { SH_L1, SH_L2, SH_L3, SH_L4 };
	struct shadow_domain *d = v->d;
	unsigned int off = gpa & 0xFFF;
	enum shadow_p2m_type t;
	uint64_t mfn;
	uint8_t *p;

	*flush = SHADOW_FLUSH_NONE;
	if ((bytes != 1 && bytes != 2 && bytes != 4 && bytes != 8) || off + bytes > 4096)
		return -XEN_EINVAL;
	t = d->env.p2m(d->env.ctx, gpa >> 12, &mfn);
	if (t == SHADOW_P2M_NONE)
		return -XEN_EINVAL;
	if (t == SHADOW_P2M_RAM_RO)
		return -XEN_EPERM;
	p = (uint8_t *)d->env.frame_ptr(d->env.ctx, mfn);
	for (unsigned int i = 0; i < bytes; i++)
		p[off + i] = (uint8_t)(value >> (8 * i));
	d->stats.emulated_writes++;
	for (unsigned int k = 0; k < sizeof(order); k++) {
		int idx = sh_lookup(d, order[k], mfn);

		for (unsigned int s = off / 8; idx >= 0 && s <= (off + bytes - 1) / 8; s++)
			revalidate(v, (unsigned int)idx, s);
	}
	*flush = sh_take_flush(d);
	return 0;
}
