/*
 * The register frame of an interrupted guest or hypervisor context.
 *
 * The layout is what the entry stubs build: general registers pushed below
 * the vector number, the error code and the CPU's own interrupt frame.  For
 * guest entries the frame lives inside the running vCPU (TSS.RSP0 points just
 * past it), so the hypervisor keeps no per-guest state on its stack and can
 * switch vCPUs by switching which frame it returns through.  The size is a
 * multiple of 16 because the CPU aligns RSP0 to 16 on entry.
 */
#pragma once
#include <stdint.h>

struct cpu_regs {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

_Static_assert(sizeof(struct cpu_regs) % 16 == 0, "cpu_regs must keep RSP0 aligned");

/* General register n (0-15) in the instruction encoding's order: rax, rcx,
   rdx, rbx, rsp, rbp, rsi, rdi, r8-r15. */
static inline uint64_t *regs_gpr(struct cpu_regs *r, unsigned n)
{
	uint64_t *const regs[16] = { &r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp,
		&r->rsi, &r->rdi, &r->r8, &r->r9, &r->r10, &r->r11, &r->r12, &r->r13, &r->r14, &r->r15 };
	return regs[n & 15];
}

#include <stddef.h>
#include "layout.h"
_Static_assert(offsetof(struct cpu_regs, cs) == REGS_CS, "entry.S frame offset");
