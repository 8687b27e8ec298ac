/*
 * The runtime of HVM test kernels (guest/hvm/): what a small bare-metal
 * kernel needs on Umbra's HVM machine.  Console output goes to the
 * emulated 16550 on COM1 (polled), Xen's hypercalls through the hypercall
 * page the kernel asks for with the MSR CPUID leaf 0x40000002 names, and
 * the end of the test through SCHEDOP_shutdown.  Interrupts: an IDT whose
 * every vector reaches hvm_interrupt() (exceptions end the test with a
 * TEST FAIL line naming them), and helpers for the 8259 PIC and the 8254
 * PIT.  A test kernel provides hvm_main(cmdline); returning from it powers
 * the domain off.
 */
#pragma once
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../../kernel/arch/x86_64/cpu.h"      /* port I/O, MSRs, CPUID, TSC, CRs */

struct hvm_start_info {
	uint32_t magic, version, flags, nr_modules;
	uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr, memmap_paddr;
	uint32_t memmap_entries, reserved;
};

void hvm_main(const char *cmdline, const struct hvm_start_info *si);

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
__attribute__((noreturn)) void hvm_shutdown(unsigned reason);    /* SHUTDOWN_* */
__attribute__((noreturn)) void hvm_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
long hvm_hypercall(unsigned nr, uint64_t a1, uint64_t a2, uint64_t a3);
bool hvm_has_hypercalls(void);   /* the hypercall page is installed */

/* Interrupts: handler(vector) for every vector >= 32 (exceptions fail the test). */
typedef void hvm_irq_handler(unsigned vector);
void hvm_set_irq_handler(hvm_irq_handler *h);
void hvm_pic_init(uint8_t master_base, uint8_t unmask);   /* remap, mask all but `unmask` bits */
void hvm_pic_eoi(void);
void hvm_pit_periodic(uint16_t reload);                    /* counter 0, mode 2 */
