/*
 * Writing page-table entries with ordinary stores (Xen's writable page
 * tables): VMASST_TYPE_writable_pagetables, and one helper per instruction
 * form the tests use.
 *
 * Each store helper runs exactly one instruction, with fixed registers (so
 * its bytes and length are known), at ptwr_last_rip, with a #PF catcher
 * installed that resumes after it.  It returns the number of page faults
 * caught: 0 when the hypervisor emulated the store, 1 when the guest got the
 * page fault instead (caught.* says which); rep stos resumes after the whole
 * instruction on the first fault.
 */
#pragma once
#include "guest.h"

extern uint64_t ptwr_last_rip;

long ptwr_assist(bool on);      /* vm_assist enable / disable writable_pagetables */

unsigned ptwr_mov(volatile uint64_t *e, uint64_t v);                   /* mov %rsi,(%rdi) */
unsigned ptwr_mov32(volatile uint64_t *e, bool high, uint32_t v);      /* movl %esi,(%rdi) / 4(%rdi) */
unsigned ptwr_or8(volatile uint64_t *e, uint8_t bits);                 /* orb %al,(%rdi) */
/* lock cmpxchg %rsi,(%rdi): *equal gets ZF; *expected gets rax after. */
unsigned ptwr_cmpxchg(volatile uint64_t *e, uint64_t *expected, uint64_t v, bool *equal);
unsigned ptwr_xchg(volatile uint64_t *e, uint64_t *v);                 /* xchg %rsi,(%rdi) */
unsigned ptwr_btr(volatile uint64_t *e, uint64_t bit, bool *was_set);  /* lock btr %rsi,(%rdi) */
unsigned ptwr_bts(volatile uint64_t *e, uint64_t bit, bool *was_set);  /* lock bts %rsi,(%rdi) */
/* rep stosq of v into n entries from e; *left gets rcx after. */
unsigned ptwr_rep_stos(volatile uint64_t *e, uint64_t v, uint64_t n, uint64_t *left);
unsigned ptwr_store16(volatile uint64_t *e);                           /* movdqu %xmm0,(%rdi): 16 bytes */

/* A store that must have been refused: one #PF, error code 3 (present,
   write, guest-kernel mode), cr2 = at, rip = the store, and *e == before. */
void ptwr_expect_refused(const char *what, unsigned faults, volatile uint64_t *e, uint64_t at,
			 uint64_t before);
