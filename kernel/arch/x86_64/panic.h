/* Panic with registers, and symbol lookup (panic.c). */
#pragma once
#include "regs.h"
#include "console.h"
#include "lib.h"

#define KERNEL_VBASE_LOW_LIMIT 0xFFFF800000000000ull

noreturn void panic_regs(const struct cpu_regs *r, const char *why);
void dump_regs(const struct cpu_regs *r);
void dump_gprs(enum log_level lvl, const struct cpu_regs *r);      /* rax-r15, four lines */
void backtrace_from(uint64_t rbp);
const char *symbolize(uint64_t addr, uint64_t *offset);
