/*
 * What every PV MMU unit test file shares: the fixture (a fresh fake machine
 * per test case, checked against the model's invariants after it) and a few
 * shorthands.
 *
 *   TEST(name) { ... }     a test body; `u` is the test, `m` the machine
 *   OK(expr)               expr returns 0
 *   ERR(expr, XEN_E...)    expr returns that error
 *   REFUSED(expr, XEN_E..) expr returns that error and changed no model state
 */
#pragma once
#include <string.h>
#include "unit_check.h"
#include "fake_machine.h"

extern struct fake_machine mmu_fm, mmu_snap;

#define TEST(fn)                                                              \
	static void fn##_body(struct unit *u, struct fake_machine *m);        \
	static void fn(struct unit *u)                                        \
	{                                                                     \
		fn##_body(u, &mmu_fm);                                        \
	}                                                                     \
	static void fn##_body(struct unit *u, struct fake_machine *m)

#define OK(expr)       UNIT_CHECK_EQ(u, (expr), 0)
#define ERR(expr, e)   UNIT_CHECK_EQ(u, (expr), -(e))
#define REFUSED(expr, e)                                                      \
	do {                                                                  \
		memcpy(&mmu_snap, m, sizeof(mmu_snap));                       \
		UNIT_CHECK_EQ(u, (expr), -(e));                               \
		UNIT_CHECK(u, fake_same_state(m, &mmu_snap));                 \
	} while (0)

#define RW  (MMU_PTE_P | MMU_PTE_RW)
#define RO  (MMU_PTE_P)
#define FRAME(mfn) (&m->frames[(mfn)])

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct mmu_suite {
	const struct unit_case *cases;
	size_t n;
};

extern const struct mmu_suite mmu_suite_refs, mmu_suite_l1, mmu_suite_upper,
	mmu_suite_update, mmu_suite_ext, mmu_suite_va, mmu_suite_desc,
	mmu_suite_teardown, mmu_suite_check, mmu_suite_grant, mmu_suite_reservation,
	mmu_suite_insn, mmu_suite_insn_hw, mmu_suite_ptwr;
