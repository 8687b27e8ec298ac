/*
 * The shadow page-table engine: the public interface.
 *
 * An HVM guest under shadow paging writes its own page tables in its own
 * memory, in guest-physical terms, and the hardware never walks them.  It
 * walks shadows instead: tables this engine builds from the guest's, with
 * the same virtual layout but machine frames (through the domain's p2m) and
 * rights no larger than the guest's.  The engine is portable C, like the PV
 * model beside it: the kernel gives it a way to reach a frame's contents, the
 * domain's p2m, and a pool of frames for shadows; host unit tests
 * (tests/unit/shadow/) and a fuzzer (tests/fuzz/shadow/) drive the same code
 * against fake memory.
 *
 * THE INVARIANT.  A present shadow entry grants at most what the guest's
 * tables and the p2m allow, and points at the machine frame the p2m gives for
 * the guest frame the guest's tables name: a shadow never reaches a machine
 * frame that is not a p2m frame of this domain.  And a guest frame that has a
 * shadow (a guest page-table page) is writable through no shadow entry, so
 * every guest change to it traps and is seen (shadow_emulate_write).
 * Everything else follows: shadows are built lazily on hidden page faults,
 * thrown away when short of pool pages, and rebuilt on demand; nothing the
 * guest writes can make a shadow more permissive than its own tables.
 *
 * Guest paging modes: paging off (a 1:1 guest-physical map below 4 GiB,
 * shadowed with a PAE root: the caller runs the vCPU with CR4.PAE set and
 * EFER.LME clear) and 4-level long mode.  32-bit and PAE guest paging are
 * refused (-XEN_EOPNOTSUPP: the caller crashes the domain).  2 MiB guest
 * pages are splintered into 4 KiB shadow entries (an "fl1" shadow keyed by
 * the superpage's first gfn); 1 GiB pages are not offered (PS in an L3 entry
 * is a reserved-bit fault, as on a CPU without them).  NX (with the guest's
 * EFER.NXE), U/S, R/W and CR0.WP are honoured; SMEP, SMAP, protection keys
 * and the guest's cache attributes are not (shadows map RAM write-back).
 * Accessed and dirty bits: the engine's walk sets A in every guest entry it
 * uses and D in the leaf on a write; a leaf whose guest D is clear is
 * shadowed read-only, so the first write faults and sets it.
 *
 * Flushing: every call that may leave stale translations in the TLB returns
 * a flush request (enum shadow_flush); the caller carries it out before the
 * vCPU runs again.  Under TCG a missing flush is invisible, so the requests
 * are counted and tested directly.
 *
 * Locking: no global state; one domain's calls are serialised by the caller
 * (the domain's paging lock), and no vCPU of the domain runs guest code
 * while a call is in progress.  Callbacks must not call back into the engine.
 *
 * Files: shadow_pool.c (pool, hash, reference counts, reclaim, teardown),
 * shadow_walk.c (the guest walk, A/D bits), shadow_propagate.c (one shadow
 * entry from one guest entry; write protection), shadow_fault.c (the page
 * fault), shadow_emul.c (emulated writes), shadow_cr3.c (CR3 and paging
 * mode, the root cache, INVLPG).  docs/shadow.md explains the design.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "public/errno.h"

#define SHADOW_HASH_BUCKETS 64
#define SHADOW_ROOT_CACHE   8           /* cached top-level shadows per domain */
#define SHADOW_POOL_MAX     16384       /* pool pages: a 14-bit index per entry */
/* The smallest pool for a domain of n vCPUs: a paging-off root (five pages)
   per vCPU, plus one fault's chain (three pages) and a spare. */
#define SHADOW_POOL_MIN(n)  (5u * (n) + 4u)

/* CR0, CR4, EFER bits the engine reads. */
#define SHADOW_CR0_WP   (1ull << 16)
#define SHADOW_CR0_PG   (1ull << 31)
#define SHADOW_CR4_PAE  (1ull << 5)
#define SHADOW_EFER_LME (1ull << 8)
#define SHADOW_EFER_NXE (1ull << 11)

/* Page-fault error code bits (in and out). */
#define SHADOW_PFEC_PRESENT (1u << 0)
#define SHADOW_PFEC_WRITE   (1u << 1)
#define SHADOW_PFEC_USER    (1u << 2)
#define SHADOW_PFEC_RSVD    (1u << 3)
#define SHADOW_PFEC_FETCH   (1u << 4)

/* What the p2m says about a gfn. */
enum shadow_p2m_type {
	SHADOW_P2M_NONE,                /* not RAM of this domain: MMIO or nothing */
	SHADOW_P2M_RAM,                 /* RAM, writable */
	SHADOW_P2M_RAM_RO,              /* RAM the guest may only read */
};

/* How the kernel (or a test) reaches memory and the domain's p2m. */
struct shadow_env {
	/* The 512 entries of a machine frame: a pool frame or a p2m frame. */
	uint64_t *(*frame_ptr)(void *ctx, uint64_t mfn);
	/* The domain's p2m: the type of gfn, and its machine frame in *mfn. */
	enum shadow_p2m_type (*p2m)(void *ctx, uint64_t gfn, uint64_t *mfn);
	void *ctx;
};

/* One pool page.  The caller allocates nr_pages of these, sets mfn in each
   to a frame it owns and gives the array to shadow_domain_init; the rest is
   the engine's. */
struct shadow_page {
	uint64_t mfn;                   /* the pool frame (caller's) */
	uint64_t key;                   /* guest mfn, or first gfn (fl1), or index */
	uint32_t refs;                  /* upper entries + vCPUs + the root cache */
	uint16_t next;                  /* hash chain or free list: index + 1 */
	uint8_t type;                   /* enum sh_type (shadow_internal.h) */
	uint8_t flags;
};

/* What the caller flushes before the vCPU runs again (strongest wins). */
enum shadow_flush {
	SHADOW_FLUSH_NONE,
	SHADOW_FLUSH_VA,                /* this vCPU's ASID, one address (INVLPGA) */
	SHADOW_FLUSH_VCPU,              /* this vCPU's whole ASID */
	SHADOW_FLUSH_DOMAIN,            /* every vCPU of the domain, whole ASIDs */
};

struct shadow_counters {
	uint64_t hidden_faults;         /* fixed by the engine, invisible to the guest */
	uint64_t guest_faults;          /* real faults, given back to the guest */
	uint64_t emulate_exits;         /* allowed writes the shadow refuses (page
	                                   tables, read-only RAM, CR0.WP=0) */
	uint64_t mmio_faults;           /* leaf gfn not RAM */
	uint64_t emulated_writes;       /* shadow_emulate_write calls that wrote */
	uint64_t entries_revalidated;   /* shadow entries re-derived after a write */
	uint64_t cr3_switches;          /* shadow_set_cr3 calls */
	uint64_t root_cache_hits;       /* ... that found the root already built */
	uint64_t invlpgs;
	uint64_t promotions;            /* guest frames that became page tables */
	uint64_t write_protects;        /* writable shadow entries made read-only */
	uint64_t reclaims;              /* pool short: shadows thrown away */
	uint64_t flushes[SHADOW_FLUSH_DOMAIN + 1];  /* requests by kind */
	uint32_t pages_in_use, pages_peak;
};

struct shadow_domain {
	struct shadow_env env;
	struct shadow_page *pages;
	unsigned int nr_pages;
	unsigned int paddr_bits;        /* guest MAXPHYADDR: higher bits are reserved */
	uint16_t free;                  /* free list: index + 1 */
	uint16_t hash[SHADOW_HASH_BUCKETS];
	uint16_t roots[SHADOW_ROOT_CACHE];  /* index + 1, most recent first */
	enum shadow_flush flush;        /* pending request, handed out by each call */
	bool nxe;                       /* EFER.NXE the shadows were built under */
	struct shadow_counters stats;
};

enum shadow_mode {
	SHADOW_MODE_NONE,               /* no root yet */
	SHADOW_MODE_UNPAGED,            /* guest paging off: run with a PAE root */
	SHADOW_MODE_LONG,               /* 4-level guest tables: run with a 4-level root */
};

struct shadow_vcpu {
	struct shadow_domain *d;
	uint64_t cr0, cr3, cr4, efer;   /* the guest's values, as last given */
	enum shadow_mode mode;
	uint16_t root;                  /* index + 1 of the root in use, 0: none */
};

/* ---- the domain and its pool (shadow_pool.c) ---- */

/* Set up d with a pool of nr_pages frames (pages[i].mfn filled in by the
   caller, non-zero), for max_vcpus vCPUs and a guest physical-address width
   of paddr_bits (36-52).  -XEN_EINVAL: a bad argument, or fewer pages than
   SHADOW_POOL_MIN(max_vcpus), or more than SHADOW_POOL_MAX. */
int shadow_domain_init(struct shadow_domain *d, const struct shadow_env *env,
                       struct shadow_page *pages, unsigned int nr_pages,
                       unsigned int max_vcpus, unsigned int paddr_bits);
/* Drop every shadow and zero every pool frame: the caller may free
   pages[i].mfn afterwards.  Call after the domain's vCPUs have stopped for
   good; their shadow_vcpu state is dead. */
void shadow_domain_teardown(struct shadow_domain *d);
/* The p2m entry of some gfn changed or went away: throw every shadow away
   (vCPU roots stay, empty) so nothing maps the old frame.  Returns the flush
   to do (SHADOW_FLUSH_DOMAIN). */
enum shadow_flush shadow_p2m_changed(struct shadow_domain *d);
/* Is the machine frame a guest page-table page (it has a shadow)?  Then a
   write into it from outside the guest's own stores (a device model's DMA)
   must go through shadow_emulate_write. */
bool shadow_frame_is_table(struct shadow_domain *d, uint64_t mfn);

/* ---- vCPUs, CR3 and the paging mode (shadow_cr3.c) ---- */

void shadow_vcpu_init(struct shadow_vcpu *v, struct shadow_domain *d);
/* The vCPU stops for good: its root reference goes. */
void shadow_vcpu_teardown(struct shadow_vcpu *v);

struct shadow_cr3_out {
	uint64_t root_maddr;            /* load into the VMCB's CR3 */
	enum shadow_mode mode;          /* UNPAGED: VMCB CR4.PAE=1, EFER.LME=LMA=0 */
	enum shadow_flush flush;
};
/* The guest wrote CR3, or CR0/CR4/EFER in a way that changes paging: make
   the matching shadow root current.  A guest top-level table seen before is
   found in the root cache with its whole shadow tree, not rebuilt.  Always
   asks for at least a SHADOW_FLUSH_VCPU (a CR3 load flushes the guest's
   non-global translations).  -XEN_EOPNOTSUPP: 32-bit or PAE paging;
   -XEN_EINVAL: CR3 names a frame that is not the domain's RAM, or has
   reserved bits set (the caller crashes the domain or injects #GP). */
int shadow_set_cr3(struct shadow_vcpu *v, uint64_t cr0, uint64_t cr3,
                   uint64_t cr4, uint64_t efer, struct shadow_cr3_out *out);
/* The guest executed INVLPG va: the shadow entry for va goes (it is rebuilt
   on the next touch).  Returns the flush to do. */
enum shadow_flush shadow_invlpg(struct shadow_vcpu *v, uint64_t va);

/* ---- the page fault (shadow_fault.c) ---- */

enum shadow_fault_result {
	SHADOW_FIXED,           /* hidden fault: the shadow was built; resume
	                           (after the flush: a fault that changed no
	                           entry asks for SHADOW_FLUSH_VA of va) */
	SHADOW_GUEST_FAULT,     /* the guest's own tables forbid it: inject #PF
	                           with out->pfec and CR2 = va */
	SHADOW_EMULATE,         /* a permitted write the shadow cannot allow (a
	                           page-table page, or CR0.WP=0): decode the
	                           instruction, call shadow_emulate_write at the
	                           gpa it writes (out->gpa for va), skip it */
	SHADOW_MMIO,            /* the leaf gfn is not RAM: out->gpa for va */
	SHADOW_CRASH,           /* a guest table lives outside RAM, or the pool
	                           cannot hold one chain: crash the domain */
};

struct shadow_fault_out {
	enum shadow_fault_result result;
	uint32_t pfec;                  /* GUEST_FAULT: the error code to inject */
	uint64_t gpa;                   /* EMULATE, MMIO */
	enum shadow_flush flush;
};

/* A #PF intercept at va with the hardware error code pfec. */
void shadow_page_fault(struct shadow_vcpu *v, uint64_t va, uint32_t pfec,
                       struct shadow_fault_out *out);

/* Translate va as the guest's tables do for an access of kind access
   (WRITE, USER, FETCH bits), setting A/D bits as hardware would: for the
   caller's instruction fetch and decode.  true with *gpa, or false with the
   error code to inject in *pfec (PRESENT | RSVD also when a guest table is
   outside RAM, or no root was set yet). */
bool shadow_gva_to_gpa(struct shadow_vcpu *v, uint64_t va, uint32_t access,
                       uint64_t *gpa, uint32_t *pfec);

/* ---- emulated writes (shadow_emul.c) ---- */

/* Store bytes (1, 2, 4 or 8) of value (little-endian) at gpa, in one page,
   into guest memory, and re-derive every shadow entry the store touched.
   -XEN_EINVAL: bad size, crosses a page, or gpa is not RAM (MMIO: the
   caller's); -XEN_EPERM: read-only RAM (the caller discards the store).
   *flush gets the flush to do. */
int shadow_emulate_write(struct shadow_vcpu *v, uint64_t gpa, uint64_t value,
                         unsigned int bytes, enum shadow_flush *flush);
