/*
 * Rule: int3 (and "int $3") from the guest kernel is a #BP trap bounced to
 * vector 3 whatever the trap-table DPL (Xen's gate is DPL 3), with the saved
 * rip after the instruction and execution continuing there.
 */
#include "catch.h"
#include "test.h"

int main(void)
{
	struct trap_probe p;
	CHECK_EQ(catch_trap(3, 0, 0), 0);               /* DPL 0 in the trap table */
	TRAP_PROBE(p, "", "int3");                      /* cc */
	expect_probe("int3", &p, 3, 0, 1, 0);
	TRAP_PROBE(p, "", ".byte 0xcd, 0x03");          /* int $3 (gas would emit cc) */
	expect_probe("int $3", &p, 3, 0, 2, 0);
	test_pass();
}
