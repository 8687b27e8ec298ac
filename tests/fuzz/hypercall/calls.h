/*
 * One random hypercall: its number and six argument registers (the
 * hypervisor reads five; the sixth goes in r9 anyway).  gen_call() picks
 * the number by weight, every slot of the hypercall page included, and
 * beyond it, then fills the arguments with that call's generator, which
 * builds whatever structures the call reads in the arena and points at them
 * through g_ptr().  Multicall entries are generated the same way, one level
 * down (a nested multicall is still generated, with random arguments).
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

struct call {
	uint64_t nr;
	uint64_t a[6];
	bool iret;              /* a[0] is an iret frame, a[1] says whether it returns here (fuzz_iret) */
};

void gen_call(struct call *c, unsigned depth);

/* Issue it with the syscall instruction itself: any number, not only the
 * hypercall page's 128 slots, and a page the fuzzer may have scribbled on
 * is never needed. */
static inline long raw_hypercall(const struct call *c)
{
	register uint64_t rdi __asm__("rdi") = c->a[0], rsi __asm__("rsi") = c->a[1],
		rdx __asm__("rdx") = c->a[2], r10 __asm__("r10") = c->a[3], r8 __asm__("r8") = c->a[4],
		r9 __asm__("r9") = c->a[5];
	uint64_t rax = c->nr;
	__asm__ volatile("syscall"
			 : "+a"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8), "+r"(r9)
			 :
			 : "rcx", "r11", "memory");
	return (long)rax;
}


