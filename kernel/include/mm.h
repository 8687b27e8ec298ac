/*
 * Machine memory: the frame table and the frame allocator.
 *
 * Every machine frame below max_mfn has one entry in the frame table saying
 * who owns it and how it is used.  A frame is in exactly one of three states:
 * free (owner DOMID_INVALID, on the free list), the hypervisor's (owner
 * DOMID_XEN: image, loader data, frame table, M2P, page tables), or a
 * domain's.  frame_alloc() hands out zeroed frames only, so nothing one
 * domain wrote can reach another.  frames_free counts the free list and is
 * what the leak checks compare.
 */
#pragma once
#include "lib.h"
#include "public/xen.h"
#include "../arch/x86_64/layout.h"

struct frame {
	domid_t  owner;
	uint8_t  type;          /* FRAME_TYPE_* (the pv-mmu model refines this) */
	uint8_t  flags;
	uint32_t type_count;
	uint32_t count;         /* general references; 1 = allocated, nothing else */
	uint32_t next;          /* free-list link */
};

enum frame_type {
	FRAME_TYPE_NONE = 0, FRAME_TYPE_L1, FRAME_TYPE_L2, FRAME_TYPE_L3, FRAME_TYPE_L4,
	FRAME_TYPE_SEG_DESC, FRAME_TYPE_SHARED, FRAME_TYPE_WRITABLE,
};

extern struct frame *frame_table;
extern uint64_t max_mfn;
extern uint64_t frames_free;
extern uint64_t *m2p_rw;        /* writable view of the M2P */

static inline void *mfn_to_virt(uint64_t mfn)
{
	return (void *)(DIRECTMAP_BASE + (mfn << PAGE_SHIFT));
}

static inline uint64_t virt_to_phys(const void *p)
{
	uint64_t va = (uint64_t)p;
	if (va >= DIRECTMAP_BASE)
		return va - DIRECTMAP_BASE;
	return va - KERNEL_VBASE;
}

static inline bool mfn_valid(uint64_t mfn)
{
	return mfn < max_mfn;
}

uint64_t boot_alloc_page(void);                 /* before frame_init; physical */
void frame_init(void);
uint64_t frame_alloc(domid_t owner);            /* 0 when exhausted (MFN 0 is never free) */
void frame_free(uint64_t mfn);
uint64_t frames_owned_by(domid_t owner);
void frame_release_domain(domid_t owner);       /* free every frame the domain owns */
