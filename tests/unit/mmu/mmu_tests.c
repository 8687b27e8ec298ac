/*
 * The PV MMU host unit tests: every suite runs on a fresh fake machine per
 * case, and every case must leave the model's invariants intact (the
 * checker runs after it) without tripping the model's bug callback.
 */
#include "mmu_test.h"

struct fake_machine mmu_fm, mmu_snap;

static void mmu_before(void)
{
	fake_init(&mmu_fm);
}

static void mmu_after(struct unit *u)
{
	struct mmu_check_failure failure;

	if (mmu_fm.nr_bugs)
		unit_fail(u, __FILE__, __LINE__, "model reported a bug: %s", mmu_fm.last_bug);
	else if (fake_check(&mmu_fm, &failure))
		unit_fail(u, __FILE__, __LINE__, "invariant broken at mfn %llu: %s",
		          (unsigned long long)failure.mfn, failure.why);
}

int main(void)
{
	const struct mmu_suite *suites[] = {
		&mmu_suite_refs, &mmu_suite_l1, &mmu_suite_upper, &mmu_suite_update,
		&mmu_suite_ext, &mmu_suite_va, &mmu_suite_desc, &mmu_suite_teardown,
		&mmu_suite_check, &mmu_suite_grant, &mmu_suite_reservation, &mmu_suite_insn,
		&mmu_suite_insn_hw, &mmu_suite_ptwr,
	};
	int failed = 0;

	for (size_t i = 0; i < ARRAY_LEN(suites); i++)
		failed += unit_run(suites[i]->cases, suites[i]->n, mmu_before, mmu_after);
	return failed ? 1 : 0;
}
