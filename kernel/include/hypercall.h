/*
 * Hypercall handlers: each takes the five argument registers and returns the
 * value for rax, a negative Xen errno, -XEN_ERESTART to re-execute the
 * syscall (after rewriting its own argument registers in current->regs), or
 * HYPERCALL_REGS_SET when it has set the guest's registers itself (iret).
 */
#pragma once
#include "domain.h"

#define HYPERCALL_REGS_SET ((long)0x8000000000000000ull)

typedef long hypercall_fn(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);

#define HYPERCALL(nr, name, fn, doc) hypercall_fn fn;
#include "../common/hypercall_table.h"
#undef HYPERCALL

/* Write the hypercall stubs (a page of 32-byte slots) at p. */
void hypercall_page_fill(uint8_t *p);

/* At boot, before any domain: the handlers of table's non-empty slots
   replace the dispatch table's (the census's counting wrappers). */
void hypercall_table_replace(hypercall_fn *const table[HYPERCALL_PAGE_SLOTS]);

/* Run hypercall nr with these arguments (-ENOSYS for an empty slot). */
long hypercall_call(uint64_t nr, const uint64_t args[5]);

/* Hypercall work done before a continuation is forced (bounds one call's cost). */
#define HYPERCALL_BATCH 64
