/* Test verdicts (test.h). */
#include "test.h"

noreturn void test_pass(void)
{
	printf("TEST PASS\n");
	guest_shutdown(SHUTDOWN_poweroff);
}

noreturn void test_fail(const char *fmt, ...)
{
	char buf[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("TEST FAIL: %s\n", buf);
	guest_shutdown(SHUTDOWN_poweroff);
}
