/*
 * Argument classes: each generator returns one value of a kind the
 * hypervisor must handle (integers, counts, guest pointers, virtual
 * addresses, frame numbers, machine addresses, page-table entries, domain
 * ids, ports, selectors, descriptors), drawn from the classes that matter
 * for it: the valid case most often, then the edges (zero, one, limits,
 * one past, all ones), then the hostile ones (other domains' frames, the
 * hypervisor's addresses and frames, non-canonical and wrapping addresses,
 * ranges that straddle into unmapped or read-only pages).
 *
 * Structures a call points at are built in the arena (arena_alloc, reset
 * before each top-level call); g_ptr() then decides where the call is told
 * they are: mostly where they were built, sometimes moved to straddle a
 * boundary of the fuzz area, sometimes a pointer of another class entirely.
 */
#pragma once
#include "rng.h"
#include "targets.h"

void arena_reset(void);
/* len zeroed bytes in the arena, 16-byte aligned; NULL when it is full. */
void *arena_alloc(size_t len);
/* len random bytes in the arena (never NULL: the arena start if full). */
void *arena_random(size_t len);

/* Where a call is told len bytes of input (built at buf) or output are. */
uint64_t g_ptr(void *buf, size_t len);
uint64_t g_bad_ptr(size_t len);         /* never the valid case */

uint64_t g_int(void);                   /* integer edges and random values */
uint64_t g_count(void);                 /* element counts, incl. huge and flag bits */
uint64_t g_va(void);                    /* a virtual address to map or flush */
uint64_t g_code_va(void);               /* a handler or return address */
uint64_t g_mfn(void);
uint64_t g_pfn(void);
uint64_t g_maddr(void);                 /* machine address of a page-table entry or descriptor */
uint64_t g_pte(void);
uint64_t g_uvmf(void);                  /* update_va_mapping flags */
uint32_t g_domid(void);                 /* 16-bit ids mostly, sometimes wider */
uint16_t g_peer(void);                  /* a domain that may have offered something: 0, a batch-mate, self */
uint32_t g_port(void);
uint64_t g_selector(void);
uint64_t g_desc(void);
uint32_t g_vcpu(void);
/* AVOIDED (see args.c): DR7 with no data breakpoint enabled. */
uint64_t qemu_safe_dr7(uint64_t v);
