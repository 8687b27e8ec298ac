/*
 * What a fuzz child aims its arguments at: the addresses and frames whose
 * handling by the hypervisor matters, found or prepared once at start of
 * day (targets_init) so that the generators (args.c) can pick among them
 * by class.
 *
 * The child's fuzz area is a run of its own pages, set up so that every
 * boundary the hypervisor must get right is one page away:
 *
 *   arena[0..ARENA_PAGES)  read-write: the structures each call points at
 *   ro                     mapped read-only: copies to it fault, reads
 *                          succeed; the child's GDT (targets.c)
 *   code                   read-write: instruction probes (probe.c)
 *   guard                  unmapped: any access faults
 *   loose[0..LOOSE_PAGES)  unmapped and zero: frames that may become page
 *                          tables, GDT or LDT pages, as no writable mapping
 *                          of them exists
 *   grant                  the child's grant-table frame, mapped writable
 *                          in place of the page that was there
 *   alt_l4                 unmapped: a pinned copy of the child's L4, so
 *                          that a new base pointer can be one the child
 *                          survives (the same mappings through other tables)
 *
 * so a structure placed to end just before `ro` straddles read-write into
 * read-only, one ending before `guard` read-write into unmapped.
 *
 * Besides those, the spare pages of the start-of-day region (past the boot
 * stack) are the child's to remap and give away.  The rest of the region,
 * its code, data, stack and p2m list, is vital: the generators aim at it
 * only rarely, since a child that unmapped its own code has nothing more to
 * say, and the hypervisor runs the same checks whichever page it was.
 */
#pragma once
#include "guest.h"

#define ARENA_PAGES 4
#define LOOSE_PAGES 8
#define MAX_PT_FRAMES 16

struct fuzz_targets {
	domid_t self;                   /* from XENVER_guest_handle */
	uint64_t nr_pages, region_pages;
	uint64_t spare_pfn;             /* region pages from here on hold nothing the child uses */
	uint64_t l1_mfn[MAX_PT_FRAMES]; /* the L1 mapping region page p is l1_mfn[p / 512] */
	uint64_t l2_mfn;                /* the L2 mapping the region */
	const uint64_t *p2m;            /* the builder's p2m list (own memory: may be scribbled on) */
	uint64_t max_mfn;               /* XENMEM_maximum_ram_page */
	unsigned nr_pt;                 /* bootstrap page-table frames, L4 first */
	uint64_t pt_va[MAX_PT_FRAMES], pt_mfn[MAX_PT_FRAMES];
	uint64_t l4_mfn, alt_l4_mfn;
	uint64_t shared_info_mfn, shared_info_va, start_info_va;
	uint64_t m2p_mfn[4];            /* the hypervisor's M2P L3, L2, L1 and first page */
	uint64_t text_start, text_end;  /* own code */
	uint64_t stack_va;              /* in the live stack, with its callers' frames above */
	uint8_t *arena;                 /* ARENA_PAGES read-write pages */
	uint64_t ro_va, ro_mfn, code_va, guard_va, guard_mfn;
	uint64_t loose_va[LOOSE_PAGES], loose_mfn[LOOSE_PAGES];
	uint64_t grant_va, grant_mfn;   /* grant_mfn 0: no grant table */
};

extern struct fuzz_targets T;

/* Discover and prepare everything above (after events_init); prints what it found. */
void targets_init(void);
uint64_t own_mfn(uint64_t pfn);         /* p2m lookup, 0 past the domain */
static inline uint64_t spare_pfn(uint64_t r)     /* a random spare page, from a random number */
{
	return T.spare_pfn + r % (T.region_pages - T.spare_pfn);
}
