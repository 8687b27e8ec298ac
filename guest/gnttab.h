/*
 * Guest side of grant tables v1 (gnttab.c): set up and map our own table,
 * grant and revoke entries (the granter's protocol, xen-pv-abi.md 11.2),
 * map, unmap and copy others' grants, and find the MFN behind a virtual
 * address of our image (through the p2m list).
 */
#pragma once
#include "guest.h"
#include "public/grant_table.h"

#define GNTTAB_FIRST_FREE_REF GNTTAB_NR_RESERVED_ENTRIES

extern struct grant_entry_v1 *grant_table;

/* setup_table for nr_frames of our own table and map them; fails the test on error. */
void gnttab_setup(unsigned nr_frames);
void gnttab_grant(grant_ref_t ref, domid_t to, uint64_t mfn, bool readonly);
/* End access: false while the grant is mapped or being used (GTF_reading/writing set). */
bool gnttab_revoke(grant_ref_t ref);

/* One map/unmap/copy; the GNTST_* status. */
int16_t gnttab_map(domid_t granter, grant_ref_t ref, uint64_t va, uint32_t flags, grant_handle_t *handle);
int16_t gnttab_unmap(uint64_t va, grant_handle_t handle);
int16_t gnttab_copy_one(struct gnttab_copy *op);
/* Copy len bytes from our page src into granter's grant ref (offset 0). */
int16_t gnttab_copy_to_ref(domid_t granter, grant_ref_t ref, const void *src, uint16_t len);

/* The MFN of a page of our image (by virtual address). */
uint64_t guest_va_to_mfn(const void *va);
/* Make a page of our image an empty (non-present) slot a grant can be mapped at. */
uint64_t grant_window(unsigned i);
