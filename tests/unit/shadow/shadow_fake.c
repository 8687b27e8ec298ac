/*
 * The fake machine for the shadow engine, and the independent checker (see
 * shadow_fake.h).  The checker knows the engine's pool only as the hardware
 * does: machine frames from SF_POOL_MFN up, reached through the addresses
 * in shadow entries; the engine's descriptors are used only to find the
 * roots and the frames it calls page tables, and to check its accounting.
 */
#include <stdio.h>
#include <string.h>
#include "shadow_fake.h"

#define PADDR_BITS 40

static uint64_t *fake_frame(void *ctx, uint64_t mfn)
{
	struct sf_machine *m = ctx;

	if (mfn >= SF_FRAMES)
		return NULL;
	return m->mem[mfn];
}

static enum shadow_p2m_type fake_p2m(void *ctx, uint64_t gfn, uint64_t *mfn)
{
	struct sf_machine *m = ctx;

	m->p2m_calls++;
	if (gfn >= SF_GFNS)
		return SHADOW_P2M_NONE;
	*mfn = m->p2m_mfn[gfn];
	return m->p2m_type[gfn];
}

void sf_init(struct sf_machine *m, unsigned int pool_pages)
{
	struct shadow_env env = { .frame_ptr = fake_frame, .p2m = fake_p2m, .ctx = m };

	memset(m, 0, sizeof(*m));
	for (unsigned int g = 0; g < SF_GFNS; g++) {
		m->p2m_mfn[g] = 1 + (g * 53) % 251;     /* scattered, below the pool */
		m->p2m_type[g] = g == SF_GFNS - 1 ? SHADOW_P2M_NONE : SHADOW_P2M_RAM;
	}
	for (unsigned int i = 0; i < pool_pages; i++)
		m->pages[i].mfn = SF_POOL_MFN + i;
	if (shadow_domain_init(&m->d, &env, m->pages, pool_pages, SF_VCPUS, PADDR_BITS))
		fprintf(stderr, "sf_init: shadow_domain_init refused %u pages\n", pool_pages);
	for (unsigned int i = 0; i < SF_VCPUS; i++)
		shadow_vcpu_init(&m->v[i], &m->d);
	m->next_table = 16;
}

uint64_t *sf_gmem(struct sf_machine *m, uint64_t gfn)
{
	return m->mem[m->p2m_mfn[gfn]];
}

uint64_t *sf_gentry(struct sf_machine *m, uint64_t l4, uint64_t va, unsigned int level)
{
	uint64_t gfn = l4;

	for (unsigned int l = 4;; l--) {
		uint64_t *e;

		if (gfn >= SF_GFNS)
			return NULL;
		e = &sf_gmem(m, gfn)[sh_va_index(va, l)];
		if (l == level)
			return e;
		if (!(*e & G_P))
			return NULL;
		gfn = SH_MFN(*e);
	}
}

uint64_t sf_map(struct sf_machine *m, uint64_t l4, uint64_t va, uint64_t gfn,
                uint64_t flags)
{
	uint64_t table = l4;

	for (unsigned int l = 4; l > 1; l--) {
		uint64_t *e = &sf_gmem(m, table)[sh_va_index(va, l)];

		if (!(*e & G_P))
			*e = sf_pte(m->next_table++, G_TABLE);
		table = SH_MFN(*e);
	}
	sf_gmem(m, table)[sh_va_index(va, 1)] = sf_pte(gfn, flags);
	return table;
}

int sf_cr3(struct sf_machine *m, unsigned int i, uint64_t l4)
{
	struct shadow_cr3_out out;

	return shadow_set_cr3(&m->v[i], SF_CR0, l4 << 12, SF_CR4, SF_EFER, &out);
}

enum shadow_fault_result sf_fault(struct sf_machine *m, uint64_t va, uint32_t pfec,
                                  struct shadow_fault_out *out)
{
	shadow_page_fault(&m->v[0], va, pfec, out);
	return out->result;
}

static uint64_t *pool_frame(struct sf_machine *m, uint64_t e)
{
	uint64_t mfn = SH_MFN(e);

	if (mfn < SF_POOL_MFN || mfn >= SF_POOL_MFN + m->d.nr_pages)
		return NULL;
	return m->mem[mfn];
}

struct sf_hw sf_hw_walk(struct sf_machine *m, unsigned int i, uint64_t va)
{
	struct sf_hw hw = { .rw = true, .us = true };
	const struct shadow_vcpu *v = &m->v[i];
	uint64_t *t, e = 0;
	unsigned int level = 4;

	if (!v->root)
		return hw;
	t = m->mem[m->pages[v->root - 1].mfn];
	if (v->mode == SHADOW_MODE_UNPAGED) {
		e = t[(va >> 30) & 3];
		if (!(e & SH_P) || !(t = pool_frame(m, e)))
			return hw;
		level = 2;
	}
	for (;; level--) {
		e = t[sh_va_index(va, level)];
		if (!(e & SH_P))
			return hw;
		hw.rw &= !!(e & SH_RW);
		hw.us &= !!(e & SH_US);
		hw.nx |= !!(e & SH_NX);
		if (level == 1)
			break;
		if (!(t = pool_frame(m, e)))
			return hw;
	}
	hw.present = true;
	hw.mfn = SH_MFN(e);
	return hw;
}

/* ---- the checker ---- */

struct ref {
	bool ok, rw, us, nx, dirty, bad_table;
	uint64_t gfn;
	uint64_t tables[4];             /* machine frames of the guest tables used */
	unsigned int nr_tables;
};

static bool ref_rsvd(uint64_t e, unsigned int level, bool nxe)
{
	if (e & SH_ADDR & ~((1ull << PADDR_BITS) - 1))
		return true;
	if (!nxe && (e & SH_NX))
		return true;
	if (level >= 3 && (e & SH_PS))
		return true;
	return level == 2 && (e & SH_PS) && (e & 0x1FE000);
}

/* The guest's own view of va from its top table at machine frame top,
   without touching A/D bits; need_a: a clear A bit ends the walk (what a
   shadow may hold), else it does not (what the hardware allows). */
static struct ref ref_walk(struct sf_machine *m, uint64_t top, uint64_t va, bool nxe,
                           bool need_a)
{
	struct ref r = { .rw = true, .us = true };
	uint64_t mfn = top;

	for (unsigned int l = 4; l >= 1; l--) {
		uint64_t e = m->mem[mfn][sh_va_index(va, l)];

		r.tables[r.nr_tables++] = mfn;
		if (!(e & G_P) || (need_a && !(e & G_A)) || ref_rsvd(e, l, nxe))
			return r;
		r.rw &= !!(e & G_RW);
		r.us &= !!(e & G_US);
		r.nx |= nxe && (e & G_NX);
		if (l == 2 && (e & G_PS)) {
			r.gfn = (SH_MFN(e) & ~511ull) + sh_va_index(va, 1);
			r.dirty = !!(e & G_D);
			r.ok = true;
			return r;
		}
		if (l == 1) {
			r.gfn = SH_MFN(e);
			r.dirty = !!(e & G_D);
			r.ok = true;
			return r;
		}
		if (SH_MFN(e) >= SF_GFNS || m->p2m_type[SH_MFN(e)] == SHADOW_P2M_NONE) {
			r.bad_table = true;
			return r;
		}
		mfn = m->p2m_mfn[SH_MFN(e)];
	}
	return r;
}

enum sf_ref sf_ref_access(struct sf_machine *m, unsigned int i, uint64_t va,
                          uint32_t access, uint64_t *gfn)
{
	const struct shadow_vcpu *v = &m->v[i];
	bool nxe = !!(v->efer & SHADOW_EFER_NXE), user = access & SHADOW_PFEC_USER;
	uint64_t top = SH_MFN(v->cr3);
	struct ref r = { .ok = true, .rw = true, .us = true, .gfn = (va & 0xFFFFFFFFull) >> 12 };

	if (v->mode == SHADOW_MODE_LONG) {
		if (top >= SF_GFNS || m->p2m_type[top] == SHADOW_P2M_NONE)
			return SF_REF_BAD_TABLE;
		r = ref_walk(m, m->p2m_mfn[top], va, nxe, false);
	}
	*gfn = r.gfn;
	if (r.bad_table)
		return SF_REF_BAD_TABLE;
	if (!r.ok || (user && !r.us) || ((access & SHADOW_PFEC_FETCH) && r.nx) ||
	    ((access & SHADOW_PFEC_WRITE) && !r.rw && (user || (v->cr0 & SHADOW_CR0_WP))))
		return SF_REF_FAULT;
	return SF_REF_OK;
}

static char why[256];
static uint8_t is_table[SF_FRAMES], writable[SF_FRAMES];

static const char *check_leaf(struct sf_machine *m, const struct shadow_page *root,
                              uint64_t va, struct sf_hw hw, bool nxe)
{
	struct ref r = { .ok = true, .rw = true, .us = true, .dirty = true,
	                 .gfn = (va & 0xFFFFFFFFull) >> 12 };

	if (root->type == SH_L4)
		r = ref_walk(m, root->key, va, nxe, true);
	for (unsigned int i = 0; i < r.nr_tables; i++)
		is_table[r.tables[i]] = 1;
	if (hw.rw)
		writable[hw.mfn] = 1;
	snprintf(why, sizeof(why), "va %#llx root mfn %llu: ", (unsigned long long)va,
	         (unsigned long long)root->mfn);
	if (!r.ok)
		return strcat(why, "shadow maps what the guest tables do not");
	if (r.gfn >= SF_GFNS || m->p2m_type[r.gfn] == SHADOW_P2M_NONE)
		return strcat(why, "shadow maps a gfn that is not RAM");
	if (m->p2m_mfn[r.gfn] != hw.mfn)
		return strcat(why, "shadow maps a frame the p2m does not give for the gfn");
	if (hw.rw && (!r.rw || !r.dirty || m->p2m_type[r.gfn] != SHADOW_P2M_RAM))
		return strcat(why, "shadow writable where the guest or p2m is not (or D clear)");
	if (hw.us && !r.us)
		return strcat(why, "shadow user-accessible where the guest is not");
	if (!hw.nx && r.nx)
		return strcat(why, "shadow executable where the guest is NX");
	return NULL;
}

/* Walk one root's tree as the hardware would, checking each leaf. */
static const char *check_root(struct sf_machine *m, const struct shadow_page *root, bool nxe)
{
	uint64_t *t4 = m->mem[root->mfn];
	bool pae = root->type == SH_U3;

	for (unsigned int i4 = 0; i4 < (pae ? 1u : 512u); i4++) {
		uint64_t *t3 = t4, e4 = SH_P | SH_RW | SH_US;

		if (!pae && (!((e4 = t4[i4]) & SH_P) || !(t3 = pool_frame(m, e4))))
			continue;
		for (unsigned int i3 = 0; i3 < (pae ? 4u : 512u); i3++) {
			uint64_t e3 = t3[i3], *t2, *t1;

			if (pae && (e3 & ~(SH_ADDR | SH_P)))
				return "a PAE root entry has bits other than P and the address";
			if (!(e3 & SH_P) || !(t2 = pool_frame(m, e3)))
				continue;
			for (unsigned int i2 = 0; i2 < 512; i2++) {
				uint64_t e2 = t2[i2];

				if (!(e2 & SH_P) || !(t1 = pool_frame(m, e2)))
					continue;
				if (pae && (e2 & 0x7FF0000000000000ull))
					return "a PAE entry has reserved bits 52-62";
				for (unsigned int i1 = 0; i1 < 512; i1++) {
					uint64_t e1 = t1[i1], all = e4 & e3 & e2 & e1;
					uint64_t va = ((uint64_t)i4 << 39) | ((uint64_t)i3 << 30) |
					              ((uint64_t)i2 << 21) | ((uint64_t)i1 << 12);
					struct sf_hw hw = { .present = true, .mfn = SH_MFN(e1),
					                    .rw = !!(all & SH_RW), .us = !!(all & SH_US),
					                    .nx = !!((e4 | e3 | e2 | e1) & SH_NX) };
					const char *bad;

					if (!(e1 & SH_P))
						continue;
					if (va & (1ull << 47))
						va |= 0xFFFF000000000000ull;
					if ((bad = check_leaf(m, root, va, hw, nxe)))
						return bad;
				}
			}
		}
	}
	return NULL;
}

static const char *check_pool(struct sf_machine *m)
{
	struct shadow_domain *d = &m->d;
	unsigned int used = 0, free = 0;

	for (unsigned int i = 0; i < d->nr_pages; i++) {
		if (d->pages[i].type == SH_FREE)
			continue;
		used++;
		if (!d->pages[i].refs)
			return "a shadow in use has no reference";
		if (d->pages[i].type != SH_FL1 && d->pages[i].type <= SH_L4)
			is_table[d->pages[i].key] = 1;
	}
	for (unsigned int i = d->free; i && free <= d->nr_pages; i = d->pages[i - 1].next)
		free++;
	if (used != d->stats.pages_in_use || used + free != d->nr_pages)
		return "pool accounting: in use + free is not the pool";
	return NULL;
}

const char *sf_check(struct sf_machine *m)
{
	struct shadow_domain *d = &m->d;
	bool nxe = !!(m->v[0].efer & SHADOW_EFER_NXE);
	const char *bad;

	memset(is_table, 0, sizeof(is_table));
	memset(writable, 0, sizeof(writable));
	if ((bad = check_pool(m)))
		return bad;
	for (unsigned int i = 0; i < d->nr_pages; i++)
		if (sh_is_root(d->pages[i].type) && (bad = check_root(m, &d->pages[i], nxe)))
			return bad;
	for (unsigned int i = 0; i < d->nr_pages; i++) {
		const uint64_t *p = m->mem[d->pages[i].mfn];

		if (!sh_is_leaf_table(d->pages[i].type))
			continue;
		for (unsigned int s = 0; s < 512; s++)
			if ((p[s] & (SH_P | SH_RW)) == (SH_P | SH_RW) && SH_MFN(p[s]) < SF_FRAMES)
				writable[SH_MFN(p[s])] = 1;
	}
	for (unsigned int f = 0; f < SF_FRAMES; f++)
		if (is_table[f] && writable[f]) {
			snprintf(why, sizeof(why), "guest page-table frame %u is mapped writable", f);
			return why;
		}
	return NULL;
}
