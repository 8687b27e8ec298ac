/*
 * What the shadow engine's files share and nobody else needs: shadow types,
 * the encoding of shadow entries, and the helpers between the files.
 *
 * A non-leaf shadow entry points at another pool page and carries that
 * page's pool index in bits the hardware ignores (9-11 and 52-62), so
 * unlinking a shadow never searches for its page.  A PAE root (paging off)
 * has entries where those bits are reserved: its four children are found by
 * their key instead.
 */
#pragma once
#include "shadow.h"

enum sh_type {
	SH_FREE = 0,
	SH_L1,          /* shadows a guest L1 (key: guest mfn) */
	SH_FL1,         /* a splintered 2 MiB page or a 2 MiB of the 1:1 map
	                   (key: first gfn); no guest frame behind it */
	SH_L2,
	SH_L3,
	SH_L4,          /* a long-mode root */
	SH_U2,          /* paging off: 1 GiB of the 1:1 map (key: which GiB) */
	SH_U3,          /* paging off: the PAE root (key 0) */
};

#define SH_FLAG_CACHED (1u << 0)        /* holds the root cache's reference */

#define SH_P    (1ull << 0)
#define SH_RW   (1ull << 1)
#define SH_US   (1ull << 2)
#define SH_A    (1ull << 5)
#define SH_D    (1ull << 6)
#define SH_PS   (1ull << 7)
#define SH_NX   (1ull << 63)
#define SH_ADDR 0x000FFFFFFFFFF000ull
#define SH_MFN(e) (((e) & SH_ADDR) >> 12)
#define SH_RIGHTS (SH_RW | SH_US | SH_NX)

static inline uint64_t sh_index_bits(unsigned int idx)
{
	return ((uint64_t)(idx & 0x7FF) << 52) | ((uint64_t)(idx >> 11) << 9);
}

static inline unsigned int sh_entry_index(uint64_t e)
{
	return (unsigned int)(((e >> 52) & 0x7FF) | (((e >> 9) & 7) << 11));
}

static inline unsigned int sh_va_index(uint64_t va, unsigned int level)
{
	return (unsigned int)(va >> (12 + 9 * (level - 1))) & 511;
}

static inline bool sh_is_root(uint8_t type)
{
	return type == SH_L4 || type == SH_U3;
}

static inline bool sh_is_leaf_table(uint8_t type)
{
	return type == SH_L1 || type == SH_FL1;
}

static inline uint64_t *sh_map(struct shadow_domain *d, unsigned int idx)
{
	return d->env.frame_ptr(d->env.ctx, d->pages[idx].mfn);
}

static inline void sh_want_flush(struct shadow_domain *d, enum shadow_flush f)
{
	if (f > d->flush)
		d->flush = f;
}

/* shadow_pool.c */
enum shadow_flush sh_take_flush(struct shadow_domain *d);
int sh_lookup(struct shadow_domain *d, uint8_t type, uint64_t key);
int sh_alloc(struct shadow_domain *d, uint8_t type, uint64_t key);
int sh_child_of(struct shadow_domain *d, unsigned int idx, unsigned int slot,
                uint64_t e);
void sh_get(struct shadow_domain *d, unsigned int idx);
void sh_put(struct shadow_domain *d, unsigned int idx);
bool sh_set_entry(struct shadow_domain *d, unsigned int idx, unsigned int slot,
                  uint64_t e);
bool sh_reserve(struct shadow_domain *d, unsigned int n);
void sh_empty_all(struct shadow_domain *d);

/* shadow_walk.c */
struct sh_walk {
	uint64_t gfn;                   /* the 4 KiB guest frame reached */
	uint64_t rights;                /* RW/US/NX combined over the levels */
	bool super;                     /* through a 2 MiB page */
	bool table_outside_ram;         /* a guest table's gfn is not RAM */
	uint32_t pfec;                  /* the error code of a failed walk */
};
bool sh_walk(struct shadow_vcpu *v, uint64_t va, uint32_t access, struct sh_walk *w);
bool sh_guest_rsvd(const struct shadow_vcpu *v, uint64_t e, unsigned int level);
uint64_t *sh_guest_table(struct shadow_domain *d, uint64_t gfn, uint64_t *mfn);

/* shadow_propagate.c */
uint64_t sh_leaf(struct shadow_vcpu *v, uint64_t gl1e);
uint64_t sh_fl1_leaf(struct shadow_domain *d, uint64_t gfn);
int sh_child(struct shadow_vcpu *v, uint64_t gentry, unsigned int level,
             bool make);
uint64_t sh_upper(struct shadow_vcpu *v, uint64_t gentry, unsigned int level,
                  int child);
int sh_promote(struct shadow_domain *d, uint8_t type, uint64_t mfn);
