/*
 * Rule: "int n" honours the trap-table DPL (xen-pv-abi.md 7.6): the guest
 * kernel runs at virtual CPL 1, so DPL 0 (or no handler) gives #GP with error
 * code (n << 3) | 2 at the int instruction, while DPL 1 or 3 delivers vector
 * n with no error code and rip after the instruction.  "int $0x80" with a
 * handler is delivered whatever its DPL, and without one it is the same
 * #GP as any other refused vector.  (QEMU 7.2's TCG reports the #GP
 * error code of a refused "int n" as n * 16 + 2, not n * 8 + 2, so the
 * hypervisor must not take the vector from the error code alone.)
 */
#include "catch.h"
#include "test.h"

#define GP_INT(n) (((n) << 3) | 2)

/* "int $n" (cd n) must give #GP((n << 3) | 2) at itself, or vector n with rip after it. */
#define EXPECT_INT_GP(n, what) do {                                     \
	TRAP_PROBE(p, "", "int $" #n);                                  \
	expect_probe(what, &p, 13, GP_INT(n), 0, 0);                    \
} while (0)
#define EXPECT_INT_DELIVERED(n, what) do {                              \
	TRAP_PROBE(p, "", "int $" #n);                                  \
	expect_probe(what, &p, n, 0, 2, 0);                             \
} while (0)

int main(void)
{
	struct trap_probe p;

	/* The runtime installed vector 0x40 with DPL 0. */
	CHECK_EQ(catch_trap(13, 2, 0), 0);
	EXPECT_INT_GP(0x40, "int $0x40, DPL 0");

	/* No handler at all for 0x42 (address 0), nor for the highest vectors. */
	EXPECT_INT_GP(0x42, "int $0x42, no handler");
	EXPECT_INT_GP(0xfe, "int $0xfe, no handler");

	CHECK_EQ(catch_trap(0x40, 0, 1), 0);
	EXPECT_INT_DELIVERED(0x40, "int $0x40, DPL 1");
	CHECK_EQ(catch_trap(0x40, 0, 3), 0);
	EXPECT_INT_DELIVERED(0x40, "int $0x40, DPL 3");

	/* Back to DPL 0: refused again. */
	CHECK_EQ(guest_set_trap(0x40, NULL, 0), 0);
	EXPECT_INT_GP(0x40, "int $0x40, DPL 0 again");

	CHECK_EQ(catch_trap(0x80, 0, 0), 0);
	EXPECT_INT_DELIVERED(0x80, "int $0x80, DPL 0");

	/* Clear the whole table (NULL), keep only the #GP handler. */
	CHECK_EQ(HYPERVISOR_set_trap_table(NULL), 0);
	CHECK_EQ(catch_trap(13, 2, 0), 0);
	EXPECT_INT_GP(0x80, "int $0x80, no handler");
	test_pass();
}
