/*
 * The guest walk: what the guest's own page tables say about one access,
 * computed as the hardware would compute it, and the accessed and dirty
 * bits the hardware would set.
 *
 * Every shadow entry is derived from the walk's inputs, and every fault the
 * engine gives back to the guest comes from here, so this file decides what
 * the guest sees: present bits, reserved bits (address bits at or above the
 * guest's MAXPHYADDR, NX without EFER.NXE, PS in an L4 or L3 entry, the
 * low address bits of a 2 MiB page), U/S, R/W with CR0.WP, and NX.  The
 * error code is the hardware's: WRITE and USER as the access, FETCH only with
 * EFER.NXE, PRESENT for a protection or reserved-bit fault, RSVD for the
 * latter.  Only a walk that succeeds sets A in each entry it used and D in
 * the leaf on a write, by compare-and-exchange: a guest store that got there
 * first wins and the walk starts again.
 *
 * Invariant: the walk reads each guest entry once, and what it returns
 * (the frame and the combined rights) is what that one read said.
 */
#include "shadow_internal.h"

#define SH_SUPER_RSVD 0x1FE000ull       /* address bits 13-20 of a 2 MiB page */

uint64_t *sh_guest_table(struct shadow_domain *d, uint64_t gfn, uint64_t *mfn)
{
	if (d->env.p2m(d->env.ctx, gfn, mfn) == SHADOW_P2M_NONE)
		return NULL;
	return d->env.frame_ptr(d->env.ctx, *mfn);
}

/* Reserved bits set in a guest entry at level (1-4)? */
bool sh_guest_rsvd(const struct shadow_vcpu *v, uint64_t e, unsigned int level)
{
	uint64_t addr_rsvd = SH_ADDR & ~((1ull << v->d->paddr_bits) - 1);

	if ((e & addr_rsvd) || (!(v->efer & SHADOW_EFER_NXE) && (e & SH_NX)))
		return true;
	if (level >= 3)
		return e & SH_PS;
	return level == 2 && (e & SH_PS) && (e & SH_SUPER_RSVD);
}

static uint32_t fault_code(const struct shadow_vcpu *v, uint32_t access)
{
	uint32_t f = access & (SHADOW_PFEC_WRITE | SHADOW_PFEC_USER);

	if (v->efer & SHADOW_EFER_NXE)
		f |= access & SHADOW_PFEC_FETCH;
	return f;
}

static bool set_bits(uint64_t *p, uint64_t seen, uint64_t bits)
{
	if ((seen & bits) == bits)
		return true;
	return __atomic_compare_exchange_n(p, &seen, seen | bits, false,
	                                   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

/* One attempt: WALK_OK with *w, WALK_FAULT with w->pfec, or WALK_RETRY when
   a racing store changed an entry before its A/D bits could be set. */
enum { WALK_OK, WALK_FAULT, WALK_RETRY };

static int fail(struct sh_walk *w, uint32_t pfec)
{
	w->pfec = pfec;
	return WALK_FAULT;
}

static int walk_once(struct shadow_vcpu *v, uint64_t va, uint32_t access,
                          struct sh_walk *w)
{
	struct shadow_domain *d = v->d;
	uint64_t gfn = SH_MFN(v->cr3), *slot[5], seen[5], mfn;
	unsigned int level;

	*w = (struct sh_walk){ .rights = SH_RW | SH_US };
	if (v->mode == SHADOW_MODE_UNPAGED) {
		w->gfn = (va & 0xFFFFFFFFull) >> 12;
		return WALK_OK;
	}
	for (level = 4; level >= 1; level--) {
		uint64_t *table = sh_guest_table(d, gfn, &mfn), e;

		if (!table) {
			w->table_outside_ram = true;
			return fail(w, fault_code(v, access) | SHADOW_PFEC_PRESENT | SHADOW_PFEC_RSVD);
		}
		slot[level] = &table[sh_va_index(va, level)];
		e = seen[level] = __atomic_load_n(slot[level], __ATOMIC_RELAXED);
		if (!(e & SH_P))
			return fail(w, fault_code(v, access));
		if (sh_guest_rsvd(v, e, level))
			return fail(w, fault_code(v, access) | SHADOW_PFEC_PRESENT | SHADOW_PFEC_RSVD);
		w->rights &= e | SH_NX;
		w->rights |= e & SH_NX;
		if (level == 2 && (e & SH_PS)) {
			w->super = true;
			gfn = (SH_MFN(e) & ~511ull) + sh_va_index(va, 1);
			break;
		}
		gfn = SH_MFN(e);
	}
	if (((access & SHADOW_PFEC_USER) && !(w->rights & SH_US)) ||
	    ((access & SHADOW_PFEC_WRITE) && !(w->rights & SH_RW) &&
	     ((access & SHADOW_PFEC_USER) || (v->cr0 & SHADOW_CR0_WP))) ||
	    ((access & SHADOW_PFEC_FETCH) && (w->rights & SH_NX)))
		return fail(w, fault_code(v, access) | SHADOW_PFEC_PRESENT);
	w->gfn = gfn;
	if (level == 0)
		level = 1;
	for (unsigned int l = 4; l >= level; l--) {
		uint64_t bits = SH_A;

		if (l == level && (access & SHADOW_PFEC_WRITE))
			bits |= SH_D;
		if (!set_bits(slot[l], seen[l], bits))
			return WALK_RETRY;
	}
	return WALK_OK;
}

bool sh_walk(struct shadow_vcpu *v, uint64_t va, uint32_t access, struct sh_walk *w)
{
	int r;

	while ((r = walk_once(v, va, access, w)) == WALK_RETRY)
		;
	return r == WALK_OK;
}

bool shadow_gva_to_gpa(struct shadow_vcpu *v, uint64_t va, uint32_t access,
                       uint64_t *gpa, uint32_t *pfec)
{
	struct sh_walk w;

	if (v->mode == SHADOW_MODE_NONE) {
		*pfec = SHADOW_PFEC_RSVD | SHADOW_PFEC_PRESENT;
		return false;
	}
	if (!sh_walk(v, va, access, &w)) {
		*pfec = w.pfec;
		return false;
	}
	*gpa = (w.gfn << 12) | (va & 0xFFF);
	return true;
}
