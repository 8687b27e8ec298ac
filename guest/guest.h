/*
 * The Umbra PV guest runtime: what every test kernel and demo domain links
 * with.  guest_start() (start.c) keeps the start_info pointer, installs the
 * runtime's trap table, and hands over to the C library layer, which calls
 * the program's main(); returning from main() powers the domain off.  Two
 * layers exist (docs/guests.md): the freestanding one (guest/freestanding/,
 * printf only) and newlib's system layer (guest/newlib/, a whole C library).
 */
#pragma once
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib.h"
#include "public/xen.h"
#include "public/sched.h"
#include "hypercall.h"

extern struct start_info *start_info;
/* rsp as the builder set it: the top of the boot stack page, the last
 * element of the start-of-day region (head.S records it). */
extern uint64_t guest_boot_sp;

int main(void);
/* The C library layer's start: set up, run main(), power off. */
noreturn void guest_libc_start(void);

/* Console: printf is the C library's; puts_raw writes through console_io. */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void puts_raw(const char *s, size_t n);

/* Shutdown. */
noreturn void guest_shutdown(unsigned reason);

/* Traps: the frame a handler sees, in Xen's bounce layout plus saved GPRs. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t has_ec, vector;
	uint64_t xen_rcx, xen_r11;
	uint64_t rest[7];               /* [error code,] rip, cs, rflags, rsp, ss */
};

struct trap_info_view {
	uint64_t vector, error_code;
	uint64_t *rip, *cs, *rflags, *rsp, *ss;   /* point into the frame: handlers may edit */
};

typedef void trap_handler(struct trap_frame *f, struct trap_info_view *t);

/* Install handler for vector (dpl is the trap-table DPL for "int n"). */
long guest_set_trap(unsigned vector, trap_handler *fn, unsigned dpl);
uint64_t guest_cr2(void);               /* emulated mov %cr2: valid after a #PF */

/* TSC time (rdtsc) and a calibrated busy-wait helper. */
static inline uint64_t guest_rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}
