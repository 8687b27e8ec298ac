/*
 * Rule: #UD is bounced to vector 6 with no error code and rip at the invalid
 * instruction; the Xen forced-emulation prefix (ud2 "xen") followed by
 * anything but cpuid is not emulated and is the guest's #UD at the prefix.
 */
#include "catch.h"
#include "test.h"

int main(void)
{
	struct trap_probe p;
	CHECK_EQ(catch_trap(6, 2, 0), 0);
	TRAP_PROBE(p, "", "ud2");                       /* 0f 0b */
	expect_probe("ud2", &p, 6, 0, 0, 0);
	CHECK_EQ(catch_trap(6, 6, 0), 0);
	TRAP_PROBE(p, "", "ud2; .ascii \"xen\"; nop");  /* prefix + nop: 6 bytes */
	expect_probe("ud2 \"xen\" nop", &p, 6, 0, 0, 0);
	test_pass();
}
