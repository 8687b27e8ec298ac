/*
 * The freestanding C library layer of the small test kernels: printf over
 * console_io (formatted by the hypervisor's own vsnprintf, which guest.mk
 * links in with its string functions), and guest_libc_start(), which runs
 * main() and powers the domain off when it returns.  Each printf is one
 * console_io call of at most 511 characters.  Newlib guests link
 * guest/newlib/ instead of this directory.
 */
#include "guest.h"

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

noreturn void guest_libc_start(void)
{
	main();
	guest_shutdown(SHUTDOWN_poweroff);
}
