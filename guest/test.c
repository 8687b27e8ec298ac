/* Test verdicts (test.h). */
#include "test.h"
#include "public/version.h"

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

long xen_version_reported(void)
{
	long v = HYPERVISOR_xen_version(XENVER_version, NULL);
	if (v < 0x30000 || v > 0xffffffffl)
		test_fail("xen_version(XENVER_version) = %ld (0x%lx): not a version", v, v);
	return v;
}
