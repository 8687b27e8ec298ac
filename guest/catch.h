/*
 * Catching traps in test kernels.
 *
 * catch_trap() installs a handler that records what the hypervisor's bounce
 * frame said (vector, error code, rip, cs, rflags, rsp, ss and, for #PF, the
 * emulated CR2) in `caught` and resumes `skip` bytes past the saved rip, with
 * TF cleared so a single-step trap stops.  expect_caught() fails the test
 * unless exactly one trap with the given vector, error code, rip and rsp was
 * caught from guest-kernel mode since the last catch_reset().
 *
 * TRAP_PROBE(p, setup, insn, inputs...) resets `caught` and `p`, runs the asm
 * `setup` and then the asm `insn` (the one expected to trap) with sentinels in
 * rcx, r11 and r12 (the registers a bounce frame and the iret hypercall carry
 * specially), recording insn's address and the stack pointer at it, then the
 * three registers as found after insn.  setup and insn may use rax, rdx,
 * xmm0, xmm1 and the named inputs (none is fine).  expect_probe() checks the
 * trap one probe caught (rip and rsp given relative to the probed
 * instruction's) and that execution came back after insn with the sentinels
 * intact.
 */
#pragma once
#include "guest.h"

struct caught_trap {
	unsigned count;
	uint64_t vector, error_code, rip, cs, rflags, rsp, ss, cr2;
};

extern volatile struct caught_trap caught;

long catch_trap(unsigned vector, unsigned skip, unsigned dpl);
/* Like catch_trap(), and the handler then calls fn (e.g. to clear the condition). */
long catch_trap_then(unsigned vector, unsigned skip, unsigned dpl, void (*fn)(void));
void catch_reset(void);
void expect_caught(const char *what, uint64_t vector, uint64_t error_code, uint64_t rip, uint64_t rsp);

struct trap_probe {
	uint64_t rip, rsp;              /* of the probed instruction */
	uint64_t rcx, r11, r12;         /* after it */
};

#define PROBE_RCX 0x1c1c2c2c3c3c4c4c
#define PROBE_R11 0x1111222233334444
#define PROBE_R12 0x1212343456567878

#define TRAP_PROBE(p, setup, insn, ...) do {                                    \
	(p) = (struct trap_probe){ 0 };                                         \
	catch_reset();                                                          \
	__asm__ volatile(setup "\n\t"                                           \
			 "lea 1f(%%rip), %%rax\n\t"                             \
			 "mov %%rax, %[p_rip]\n\t"                              \
			 "mov %%rsp, %[p_rsp]\n\t"                              \
			 "movabs $" CATCH_XSTR(PROBE_RCX) ", %%rcx\n\t"               \
			 "movabs $" CATCH_XSTR(PROBE_R11) ", %%r11\n\t"               \
			 "movabs $" CATCH_XSTR(PROBE_R12) ", %%r12\n\t"               \
			 "1: " insn "\n\t"                                      \
			 "mov %%rcx, %[p_rcx]\n\t"                              \
			 "mov %%r11, %[p_r11]\n\t"                              \
			 "mov %%r12, %[p_r12]"                                  \
			 : [p_rip] "=m"((p).rip), [p_rsp] "=m"((p).rsp), [p_rcx] "=m"((p).rcx), \
			   [p_r11] "=m"((p).r11), [p_r12] "=m"((p).r12)         \
			 : __VA_ARGS__                                          \
			 : "rax", "rdx", "rcx", "r11", "r12", "xmm0", "xmm1", "cc", "memory"); \
	} while (0)

#define CATCH_XSTR(x) CATCH_STR(x)
#define CATCH_STR(x) #x

void expect_probe(const char *what, const struct trap_probe *p, uint64_t vector, uint64_t error_code,
		  int64_t rip_delta, int64_t rsp_delta);
