/*
 * Machine memory: the frame table and the frame allocator.
 *
 * Every machine frame below max_mfn has one entry in the frame table: the
 * pv-mmu model's struct mmu_frame (owner, type, type count, reference
 * count).  A frame is free (owner DOMID_INVALID, count 0, on the free list
 * through kernel_link), the hypervisor's (owner DOMID_XEN, count 1: image,
 * loader data, frame table, M2P, per-domain bookkeeping), or a domain's.
 * Frames reach a domain only through mmu_frame_assign() and come back only
 * when the model says their last reference went (frame_released), so a
 * frame another domain still maps is never reused early.  Frames are zeroed
 * before they are handed out, so nothing one domain wrote reaches another.
 * frames_free counts the free list; the leak checks compare it.  A domain's
 * nr_pages counts its frames (those shared with the hypervisor aside).
 */
#pragma once
#include "lib.h"
#include "public/xen.h"
#include "../../pv-mmu/mmu.h"
#include "../arch/x86_64/layout.h"

struct domain;

extern struct mmu_frame *frame_table;
extern uint64_t max_mfn;
extern uint64_t frames_free;
extern uint64_t frames_ram;      /* RAM frames, the hypervisor's included (sysctl physinfo) */
extern uint64_t *m2p_rw;        /* writable view of the M2P */
extern struct mmu_env mmu_env;  /* the one model environment (mm_env.c) */

static inline void *mfn_to_virt(uint64_t mfn)
{
	return (void *)(DIRECTMAP_BASE + (mfn << PAGE_SHIFT));
}

static inline bool mfn_valid(uint64_t mfn)
{
	return mfn < max_mfn;
}

uint64_t boot_alloc_page(void);                 /* before frame_init; physical, zeroed */
uint64_t boot_alloc_run(uint64_t pages);        /* the same, contiguous pages */
extern uint64_t boot_window_end;                /* boot allocations stay below (paging_init raises it) */
uint64_t ram_end(void);                         /* end of the highest RAM region */
void frame_init(void);
/* A zeroed frame for d (xen_shared: written by the hypervisor, never a table). 0 when exhausted. */
uint64_t frame_alloc_for(struct domain *d, bool xen_shared);
uint64_t frame_alloc_xen(void);                 /* a zeroed hypervisor-owned frame, 0 when exhausted */
void frame_free_xen(uint64_t mfn);
void frame_put_free(uint64_t mfn);              /* back on the free list */
void frame_released(uint64_t mfn, domid_t last_owner);  /* the model's callback */
/* memory_op's frames: a zeroed, aligned run of 2^order free frames wholly
   below MFN `below`, held by the hypervisor until given or dropped (0 when
   there is none); a frame stolen from a domain, held the same way. */
uint64_t frame_take_run(unsigned order, uint64_t below);
void frame_hold(uint64_t mfn);
void frame_give_run(struct domain *d, uint64_t first, unsigned order);  /* assign, uncounted */
void frame_drop_run(uint64_t first, unsigned order);                    /* back to the free list */
uint64_t frames_owned_by(domid_t owner);
void mm_env_init(void);                         /* after frame_init */
struct vcpu;
void mmu_apply_pending(struct vcpu *v);         /* reload what the model asked for (hc_mmu.c) */

extern uint64_t tlb_flush_counts[MMU_FLUSH_CACHE + 1];
