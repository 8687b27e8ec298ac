/*
 * Grant tables, version 1 (gnttab*.c).
 *
 * The shared entries live in frames the domain owns and maps writable (set
 * up with setup_table); what the hypervisor must be able to trust lives in
 * its own memory: per-entry pin counts ("active" entries, in hypervisor
 * frames, two per shared frame) and, per mapping domain, the table of its
 * live mappings, indexed by the handle map_grant_ref returned ("maptrack").
 * Free maptrack entries (flags 0) are chained into a first-in first-out
 * list through next_free.
 */
#pragma once
#include "lib.h"
#include "public/grant_table.h"

struct domain;

#define GNTTAB_MAX_FRAMES  64
#define GNTTAB_DEFAULT_FRAMES 32
#define GNTTAB_MAPTRACK    512          /* live mappings one domain may hold */

struct grant_mapping {
	uint32_t flags;                 /* GNTMAP_* it still holds (host and/or
	                                   device part); 0: free */
	domid_t granter;
	uint16_t next_free;             /* free entries: the next one in the list */
	grant_ref_t ref;
	uint64_t mfn;
};

struct gnttab {
	unsigned nr_frames, max_frames;
	uint64_t frames[GNTTAB_MAX_FRAMES];     /* shared entries (domain's, hypervisor-written) */
	uint64_t active[2 * GNTTAB_MAX_FRAMES]; /* pin counts (hypervisor frames) */
	struct grant_mapping maps[GNTTAB_MAPTRACK];
	uint16_t free_head, free_tail;  /* handed out from the head, freed to the tail */
};

void gnttab_init(struct domain *d, unsigned max_frames);
void gnttab_release_mappings(struct domain *d);  /* teardown, before the page tables go */
void gnttab_free(struct domain *d);              /* teardown, after */
long gnttab_op(struct domain *d, unsigned cmd, uint64_t args, unsigned count);
