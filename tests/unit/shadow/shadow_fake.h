/*
 * A fake machine for the shadow engine on the host: SF_FRAMES frames of
 * memory, a guest of SF_GFNS guest frames whose p2m scatters them over the
 * low machine frames (gfn g is never machine frame g, so a gfn/mfn mix-up
 * shows), a pool of shadow frames above them, and two vCPUs.  It also holds
 * the independent checker the unit tests and the fuzzer share: it walks
 * every shadow tree as the hardware would and compares each translation
 * with a reference walk of the guest's tables plus the p2m.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "shadow_internal.h"

#define SF_FRAMES   512
#define SF_GFNS     128                 /* gfns 0..127; 127 and up are MMIO */
#define SF_POOL_MFN 256                 /* pool frames from here */
#define SF_POOL_MAX (SF_FRAMES - SF_POOL_MFN)
#define SF_VCPUS    2

/* guest entry flags */
#define G_P   SH_P
#define G_RW  SH_RW
#define G_US  SH_US
#define G_A   SH_A
#define G_D   SH_D
#define G_PS  SH_PS
#define G_NX  SH_NX
#define G_TABLE (G_P | G_RW | G_US | G_A)       /* a non-leaf entry */
#define G_PAGE  (G_P | G_RW | G_US | G_A | G_D) /* a dirty, writable leaf */

#define SF_CR0 (SHADOW_CR0_PG | SHADOW_CR0_WP | 1)
#define SF_CR4 SHADOW_CR4_PAE
#define SF_EFER (SHADOW_EFER_LME | SHADOW_EFER_NXE | (1ull << 10))

struct sf_machine {
	uint64_t mem[SF_FRAMES][512];
	uint64_t p2m_mfn[SF_GFNS];
	enum shadow_p2m_type p2m_type[SF_GFNS];
	struct shadow_page pages[SF_POOL_MAX];
	struct shadow_domain d;
	struct shadow_vcpu v[SF_VCPUS];
	unsigned int next_table;        /* sf_map's next free table gfn */
	unsigned int p2m_calls;
};

/* A fresh machine, a pool of pool_pages, vCPUs initialised, no root. */
void sf_init(struct sf_machine *m, unsigned int pool_pages);
/* The guest frame gfn's 512 entries (through the p2m). */
uint64_t *sf_gmem(struct sf_machine *m, uint64_t gfn);
static inline uint64_t sf_pte(uint64_t gfn, uint64_t flags)
{
	return (gfn << 12) | flags;
}
/* Map va -> gfn (4 KiB, leaf flags) in the tables under guest L4 gfn l4,
   making missing tables from gfn 16 upwards (0-15 are for top tables) with G_TABLE.  Returns the gfn of
   the L1 written. */
uint64_t sf_map(struct sf_machine *m, uint64_t l4, uint64_t va, uint64_t gfn,
                uint64_t flags);
/* The guest entry at level (1-4) for va under l4 (NULL if a table is missing). */
uint64_t *sf_gentry(struct sf_machine *m, uint64_t l4, uint64_t va, unsigned int level);
/* vCPU i loads CR3 = gfn l4 in long mode with NXE; 0 or the error. */
int sf_cr3(struct sf_machine *m, unsigned int i, uint64_t l4);
/* A fault on vCPU 0. */
enum shadow_fault_result sf_fault(struct sf_machine *m, uint64_t va, uint32_t pfec,
                                  struct shadow_fault_out *out);

/* What the hardware would do with vCPU i's current shadow root at va. */
struct sf_hw {
	bool present, rw, us, nx;
	uint64_t mfn;
};
struct sf_hw sf_hw_walk(struct sf_machine *m, unsigned int i, uint64_t va);

/* What vCPU i's guest tables say about an access (SHADOW_PFEC_* bits) at
   va, by the reference walk: allowed (with the gfn reached), a fault, or a
   guest table outside RAM. */
enum sf_ref { SF_REF_OK, SF_REF_FAULT, SF_REF_BAD_TABLE };
enum sf_ref sf_ref_access(struct sf_machine *m, unsigned int i, uint64_t va,
                          uint32_t access, uint64_t *gfn);

/* Check every shadow against the guest tables and the p2m; NULL when all is
   well, else what is wrong (a static string with the address). */
const char *sf_check(struct sf_machine *m);
