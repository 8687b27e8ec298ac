/*
 * Rule (XSA-167): MMUEXT_MARK_SUPER and UNMARK_SUPER are not supported (PV
 * superpages were removed from Xen) and answer -EOPNOTSUPP for any MFN,
 * including ones far outside the frame table (XSA-167 was a missing MFN
 * range check in exactly this op); the unused command 14 and commands past
 * the last answer -ENOSYS.  A failing op stops a batch with *pdone counting
 * the ops before it.  Afterwards the guest's own frame is still plain
 * memory and the hypervisor answers.
 */
#include "attack.h"

int main(void)
{
	static const uint64_t mfns[] = { 0, 0x100, ~0ull, 1ull << 40, (1ull << 52) - 1, 0 };
	uint64_t own = pt_mfn(pt_alloc());
	for (unsigned i = 0; i < ARRAY_SIZE(mfns); i++) {
		uint64_t m = i == ARRAY_SIZE(mfns) - 1 ? own : mfns[i];
		expect_rc("MARK_SUPER", mmuext(MMUEXT_MARK_SUPER, m, 0), -XEN_EOPNOTSUPP);
		expect_rc("UNMARK_SUPER", mmuext(MMUEXT_UNMARK_SUPER, m, 0), -XEN_EOPNOTSUPP);
	}
	static const unsigned unknown[] = { 14, 21, 22, 100, 0x80000000u, 0xffffffffu };
	for (unsigned i = 0; i < ARRAY_SIZE(unknown); i++)
		expect_rc("unknown mmuext command", mmuext(unknown[i], own, own), -XEN_ENOSYS);

	/* In a batch: the flushes before it run, the op stops the batch, nothing after it runs. */
	struct mmuext_op ops[4] = {
		{ .cmd = MMUEXT_TLB_FLUSH_LOCAL }, { .cmd = MMUEXT_TLB_FLUSH_LOCAL },
		{ .cmd = MMUEXT_MARK_SUPER, .arg1.mfn = ~0ull }, { .cmd = MMUEXT_PIN_L1_TABLE, .arg1.mfn = own },
	};
	unsigned done = 99;
	expect_rc("a batch with MARK_SUPER", HYPERVISOR_mmuext_op(ops, 4, &done, DOMID_SELF), -XEN_EOPNOTSUPP);
	CHECK_EQ(done, 2);
	expect_untyped("the frame named after the failing op", own);
	attack_hv_alive();
	test_pass();
}
