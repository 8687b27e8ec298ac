/*
 * The HVM test-kernel runtime (see hvm_guest.h).
 *
 * The hypercall page: CPUID 0x40000000 must say "XenVMMXenVMM", leaf
 * 0x40000002 gives the MSR; the kernel writes its page's physical address
 * there and the hypervisor fills the page with one stub per hypercall
 * (32 bytes each).  A kernel without that leaf still prints (the UART
 * needs no hypercall) but cannot power off: it reports TEST FAIL and
 * halts.
 */
#include "hvm_guest.h"

#define COM1 0x3F8
#define SCHEDOP_shutdown 2
#define __HYPERVISOR_sched_op 29

static uint8_t hypercall_page[4096] __attribute__((aligned(4096)));
static bool hypercalls;

static void uart_putc(char c)
{
	while (!(inb(COM1 + 5) & 0x20))
		;
	outb(COM1, (uint8_t)c);
}

int printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (int i = 0; i < n && i < (int)sizeof(buf) - 1; i++) {
		if (buf[i] == '\n')
			uart_putc('\r');
		uart_putc(buf[i]);
	}
	return n;
}

long hvm_hypercall(unsigned nr, uint64_t a1, uint64_t a2, uint64_t a3)
{
	long rc;
	void *stub = hypercall_page + nr * 32;
	__asm__ volatile("call *%[stub]"
			 : "=a"(rc), "+D"(a1), "+S"(a2), "+d"(a3)
			 : [stub] "r"(stub)
			 : "rcx", "r8", "r9", "r10", "r11", "memory");
	return rc;
}

bool hvm_has_hypercalls(void)
{
	return hypercalls;
}

static void init_hypercalls(void)
{
	uint32_t r[4];
	cpuid(0x40000000, 0, r);
	if (r[0] < 0x40000002 || memcmp(&r[1], "XenVMMXenVMM", 12) != 0)
		return;
	cpuid(0x40000002, 0, r);
	if (r[0] < 1)
		return;
	wrmsr(r[1], (uint64_t)(uintptr_t)hypercall_page);
	hypercalls = hypercall_page[5] == 0x0F;         /* mov $0, %eax; then vmmcall */
}

void hvm_shutdown(unsigned reason)
{
	uint32_t r = reason;
	if (hypercalls)
		hvm_hypercall(__HYPERVISOR_sched_op, SCHEDOP_shutdown, (uint64_t)(uintptr_t)&r, 0);
	printf("TEST FAIL: could not shut down (hypercall page %s)\n", hypercalls ? "refused it" : "missing");
	for (;;)
		__asm__ volatile("cli; hlt");
}

void hvm_fail(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("TEST FAIL: %s\n", buf);
	hvm_shutdown(0);
}

void hvm_start(const struct hvm_start_info *si)
{
	if (si->magic != 0x336EC578)
		printf("TEST FAIL: start info magic %x\n", si->magic);
	init_hypercalls();
	const char *cmdline = si->cmdline_paddr ? (const char *)(uintptr_t)si->cmdline_paddr : "";
	hvm_main(cmdline, si);
	hvm_shutdown(0);
}
