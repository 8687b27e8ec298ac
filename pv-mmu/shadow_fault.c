/*
 * The shadow page fault: the hardware faulted on the shadow tables, and
 * either the shadow was only incomplete (a hidden fault: build it, resume)
 * or the guest's own tables forbid the access (a real fault: give it back).
 *
 * Steps: walk the guest tables for the access (shadow_walk.c; that sets the
 * guest's A and D bits); a failed walk is the guest's fault, with the walk's
 * error code.  A leaf gfn that is not RAM is MMIO for the caller.  Otherwise
 * reserve three pool pages (one chain), then go down from the vCPU's root,
 * finding or making (and so write-protecting) the shadow of each guest
 * table on the way, re-reading each guest entry from the now protected
 * table, and write the entries (shadow_propagate.c).  A write the shadow
 * still cannot allow although the guest may do it -- to a guest page table,
 * to read-only RAM, or to a read-only page with CR0.WP clear -- is for the
 * caller to emulate (shadow_emul.c).  A fault that changed no shadow entry
 * came from a stale TLB entry: it asks for that address to be flushed.
 *
 * Invariant: this path only ever writes shadow entries computed by
 * shadow_propagate.c from guest entries read after their table was
 * protected, so a guest store racing with the fault is either seen here or
 * trapped and re-derived by the emulator.
 */
#include "shadow_internal.h"

/* Long mode: the shadow chain for va; returns whether any entry changed.
   It stops early when a guest entry changed under the walk: the guest
   retries and the next walk sees it. */
static bool build_long(struct shadow_vcpu *v, uint64_t va)
{
	struct shadow_domain *d = v->d;
	unsigned int idx = v->root - 1u, slot = sh_va_index(va, 1);
	bool changed = false;

	for (unsigned int level = 4; level >= 2; level--) {
		uint64_t ge = d->env.frame_ptr(d->env.ctx, d->pages[idx].key)[sh_va_index(va, level)];
		int child = sh_child(v, ge, level, true);

		if (child < 0)
			return true;
		changed |= sh_set_entry(d, idx, sh_va_index(va, level), sh_upper(v, ge, level, child));
		idx = (unsigned int)child;
		if (d->pages[idx].type == SH_FL1)
			return sh_set_entry(d, idx, slot, sh_fl1_leaf(d, d->pages[idx].key + slot)) ||
			       changed;
	}
	return sh_set_entry(d, idx, slot,
	                    sh_leaf(v, d->env.frame_ptr(d->env.ctx, d->pages[idx].key)[slot])) ||
	       changed;
}

/* Paging off: the 1:1 map below 4 GiB, through the root's four children. */
static bool build_unpaged(struct shadow_vcpu *v, uint64_t va)
{
	struct shadow_domain *d = v->d;
	uint64_t gfn = (va & 0xFFFFFFFFull) >> 12, key = gfn & ~511ull;
	int u2 = sh_lookup(d, SH_U2, gfn >> 18), fl1 = sh_lookup(d, SH_FL1, key);
	bool changed;

	if (fl1 < 0)
		fl1 = sh_alloc(d, SH_FL1, key);
	changed = sh_set_entry(d, (unsigned int)u2, sh_va_index(va, 2),
	                       (d->pages[fl1].mfn << 12) | SH_P | SH_RW | SH_US | SH_A);

	return sh_set_entry(d, (unsigned int)fl1, sh_va_index(va, 1), sh_fl1_leaf(d, gfn)) ||
	       changed;
}

static void finish(struct shadow_domain *d, struct shadow_fault_out *out,
                   enum shadow_fault_result r, uint64_t *counter)
{
	out->result = r;
	if (counter)
		(*counter)++;
	out->flush = sh_take_flush(d);
}

void shadow_page_fault(struct shadow_vcpu *v, uint64_t va, uint32_t pfec,
                       struct shadow_fault_out *out)
{
	struct shadow_domain *d = v->d;
	uint32_t access = pfec & (SHADOW_PFEC_WRITE | SHADOW_PFEC_USER | SHADOW_PFEC_FETCH);
	uint64_t mfn;
	struct sh_walk w;
	enum shadow_p2m_type t;
	bool changed;

	*out = (struct shadow_fault_out){ 0 };
	if (v->mode == SHADOW_MODE_NONE)
		return finish(d, out, SHADOW_CRASH, NULL);
	if (!sh_walk(v, va, access, &w)) {
		if (w.table_outside_ram)
			return finish(d, out, SHADOW_CRASH, NULL);
		out->pfec = w.pfec;
		return finish(d, out, SHADOW_GUEST_FAULT, &d->stats.guest_faults);
	}
	out->gpa = (w.gfn << 12) | (va & 0xFFF);
	t = d->env.p2m(d->env.ctx, w.gfn, &mfn);
	if (t == SHADOW_P2M_NONE)
		return finish(d, out, SHADOW_MMIO, &d->stats.mmio_faults);
	if (!sh_reserve(d, 3))
		return finish(d, out, SHADOW_CRASH, NULL);
	changed = v->mode == SHADOW_MODE_LONG ? build_long(v, va) : build_unpaged(v, va);
	if ((access & SHADOW_PFEC_WRITE) &&
	    (!(w.rights & SH_RW) || t == SHADOW_P2M_RAM_RO || shadow_frame_is_table(d, mfn)))
		return finish(d, out, SHADOW_EMULATE, &d->stats.emulate_exits);
	/* Nothing changed: the hardware faulted on a stale TLB entry. */
	if (!changed)
		sh_want_flush(d, SHADOW_FLUSH_VA);
	finish(d, out, SHADOW_FIXED, &d->stats.hidden_faults);
}
