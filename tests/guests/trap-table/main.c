/*
 * Rule: set_trap_table reads entries in order up to the first zero address,
 * each overwriting its vector (xen-pv-abi.md 7.1); a table longer than one
 * hypercall batch continues itself and every entry takes effect (the last
 * write to a vector wins); a non-canonical handler fails the call with
 * -EINVAL, the entries before it stay installed and those after it do not.
 */
#include "catch.h"
#include "test.h"

#define LONG_TABLE 150

extern char guest_trap_stub_6[], guest_trap_stub_7[];

static struct trap_info table[LONG_TABLE + 1];

static void set(unsigned i, unsigned vector, uint64_t address)
{
	table[i] = (struct trap_info){ .vector = (uint8_t)vector, .cs = FLAT_KERNEL_CS, .address = address };
}

/* Which vector's stub does #UD reach now? */
static uint64_t ud_lands_on(void)
{
	struct trap_probe p;
	TRAP_PROBE(p, "", "ud2");
	CHECK(caught.count == 1 && caught.rip == p.rip, "ud2: %u traps, rip 0x%lx", caught.count, caught.rip);
	return caught.vector;
}

int main(void)
{
	CHECK_EQ(catch_trap(6, 2, 0), 0);
	CHECK_EQ(catch_trap(7, 2, 0), 0);
	CHECK_EQ(ud_lands_on(), 6);

	/* 149 entries send #UD to the #NM stub, the 150th sends it back. */
	for (unsigned i = 0; i < LONG_TABLE - 1; i++)
		set(i, 6, (uint64_t)guest_trap_stub_7);
	set(LONG_TABLE - 1, 6, (uint64_t)guest_trap_stub_6);
	set(LONG_TABLE, 0, 0);
	CHECK_EQ(HYPERVISOR_set_trap_table(table), 0);
	CHECK_EQ(ud_lands_on(), 6);

	/* Only the first of three entries takes effect. */
	set(0, 6, (uint64_t)guest_trap_stub_7);
	set(1, 0x41, 0x0000800000000000ull);
	set(2, 6, (uint64_t)guest_trap_stub_6);
	set(3, 0, 0);
	CHECK_EQ(HYPERVISOR_set_trap_table(table), -XEN_EINVAL);
	CHECK_EQ(ud_lands_on(), 7);

	/* A one-entry table restores it. */
	set(0, 6, (uint64_t)guest_trap_stub_6);
	set(1, 0, 0);
	CHECK_EQ(HYPERVISOR_set_trap_table(table), 0);
	CHECK_EQ(ud_lands_on(), 6);
	test_pass();
}
