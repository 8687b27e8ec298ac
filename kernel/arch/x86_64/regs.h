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
#include <stddef.h>
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
	static const uint8_t offset[16] = {
		offsetof(struct cpu_regs, rax), offsetof(struct cpu_regs, rcx),
		offsetof(struct cpu_regs, rdx), offsetof(struct cpu_regs, rbx),
		offsetof(struct cpu_regs, rsp), offsetof(struct cpu_regs, rbp),
		offsetof(struct cpu_regs, rsi), offsetof(struct cpu_regs, rdi),
		offsetof(struct cpu_regs, r8), offsetof(struct cpu_regs, r9),
		offsetof(struct cpu_regs, r10), offsetof(struct cpu_regs, r11),
		offsetof(struct cpu_regs, r12), offsetof(struct cpu_regs, r13),
		offsetof(struct cpu_regs, r14), offsetof(struct cpu_regs, r15),
	};
	return (uint64_t *)((char *)r + offset[n & 15]);
}

#include "layout.h"
_Static_assert(offsetof(struct cpu_regs, rip) == REGS_RIP, "entry.S frame offset");
_Static_assert(offsetof(struct cpu_regs, cs) == REGS_CS, "entry.S frame offset");
_Static_assert(offsetof(struct cpu_regs, rflags) == REGS_RFLAGS, "entry.S frame offset");
_Static_assert(offsetof(struct cpu_regs, rsp) == REGS_RSP, "entry.S frame offset");
_Static_assert(offsetof(struct cpu_regs, ss) == REGS_SS, "entry.S frame offset");
