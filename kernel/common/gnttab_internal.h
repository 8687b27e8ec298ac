/*
 * What the grant-table files share (gnttab.c, gnttab_map.c, gnttab_copy.c,
 * gnttab_transfer.c) and nobody else: the entries, the pins, the handles.
 *
 * Pins, as Xen counts them: one 8-bit count per kind of use (host-writable,
 * host-read-only, device-writable, device-read-only; a copy counts as a host
 * use while it runs), packed in one word.  A count that reached 128 refuses
 * further pins of its kind (general_error), as Xen's overflow check does;
 * the other kinds go on.
 * While pin is non-zero the entry belongs to one user domain and one frame,
 * fixed when the first pin was taken: later pins neither re-read the
 * granter's domid and frame nor re-check its flags, except that a writable
 * pin while no writable pin exists re-checks GTF_readonly.
 */
#pragma once
#include "domain.h"
#include "gnttab.h"
#include "guest_access.h"
#include "hypercall.h"
#include "mm.h"

#define SHARED_PER_FRAME 512            /* v1 entries of 8 bytes */
#define ACTIVE_PER_FRAME 256            /* struct active_grant of 16 bytes */

#define PIN_HOST_W     0x00000001u
#define PIN_HOST_R     0x00000100u
#define PIN_DEV_W      0x00010000u
#define PIN_DEV_R      0x01000000u
#define PIN_WRITERS    0x00ff00ffu      /* host-writable and device-writable counts */

struct active_grant {
	uint32_t pin;                   /* PIN_* counts */
	domid_t user;                   /* while pinned: the domain using it */
	uint16_t pad;
	uint64_t mfn;                   /* while pinned: the frame it grants */
};

#define NO_HANDLE 0xffff

unsigned gnttab_nr_entries(const struct gnttab *g);
struct grant_entry_v1 *gnttab_shared(struct domain *d, grant_ref_t ref);
struct active_grant *gnttab_active(struct domain *d, grant_ref_t ref);

/* Pin granter's ref for user: kind is one PIN_* count (or the sum of a
   device and a host count), readonly when none of them writes, map refuses
   GTF_sub_page (a copy ignores it in v1, as Xen does).  The frame is in
   *mfn.  GNTST_* status; on failure nothing changed. */
int16_t gnttab_pin(struct domain *granter, grant_ref_t ref, struct domain *user,
		   uint32_t kind, bool map, uint64_t *mfn);
/* Drop those pins again (the busy flags follow). */
void gnttab_unpin(struct domain *granter, grant_ref_t ref, uint32_t kind);

/* The pins of one mapping made with GNTMAP_* flags. */
uint32_t gnttab_map_pins(uint32_t gntmap_flags);

/* Maptrack handles: the head of the free list (NO_HANDLE if none), and back
   to its tail. */
unsigned gnttab_handle_get(struct gnttab *g);
void gnttab_handle_put(struct gnttab *g, unsigned h);

/* One element of each batched op, on the calling domain; the GNTST_* status
   (the op's out fields are filled in place). */
int16_t gnttab_map_one(struct domain *self, struct gnttab_map_grant_ref *op);
int16_t gnttab_unmap_one(struct domain *self, uint64_t host_addr, uint64_t dev_bus_addr,
			 grant_handle_t handle, uint64_t new_addr);
int16_t gnttab_copy_one(struct domain *self, const struct gnttab_copy *op);
int16_t gnttab_transfer_one(struct domain *self, const struct gnttab_transfer *op);
/* cache_flush is not a status op: 0 or a -XEN_E* that ends the batch.
   *cur_ref is where the search for the caller's pin resumes (Xen keeps it
   in the command's upper bits across continuations). */
long gnttab_cache_flush_one(struct domain *self, const struct gnttab_cache_flush *op,
			    uint32_t cur_ref);
