/*
 * Guest start of day, console and shutdown.  Console output goes through
 * console_io in one hypercall per printf; shutdown is final (the hypervisor
 * never returns from it).
 */
#include "guest.h"

struct start_info *start_info;

void guest_traps_init(void);

void puts_raw(const char *s, size_t n)
{
	HYPERVISOR_console_io(CONSOLEIO_write, (unsigned)n, s);
}

int printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	puts_raw(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	return n;
}

noreturn void guest_shutdown(unsigned reason)
{
	struct sched_shutdown s = { reason };
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_shutdown, &s);
}

noreturn void guest_start(struct start_info *si)
{
	start_info = si;
	guest_traps_init();
	main();
	guest_shutdown(SHUTDOWN_poweroff);
}
