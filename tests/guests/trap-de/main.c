/*
 * Rule: a #DE in the guest is bounced to its trap-table handler for vector 0
 * with no error code, the faulting rip and the interrupted rsp in Xen's frame
 * layout, and the iret hypercall returns to where the handler says with rcx,
 * r11 and the other registers intact.
 */
#include "catch.h"
#include "test.h"

int main(void)
{
	struct trap_probe p;
	CHECK_EQ(catch_trap(0, 2, 0), 0);
	/* divl %ebx (f7 f3, 2 bytes) with ebx = 0 */
	TRAP_PROBE(p, "xor %%edx, %%edx\n\tmov $1, %%eax", "divl %%ebx", "b"(0u));
	expect_probe("#DE", &p, 0, 0, 0, 0);
	test_pass();
}
