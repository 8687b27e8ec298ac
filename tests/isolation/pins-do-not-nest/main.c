/*
 * Rule: a pin is one type reference and pins do not nest (xen-pv-abi.md
 * 9.4): pinning a pinned table again is refused (-EINVAL) at its own level
 * and at any other, so one unpin releases it, and the second unpin is
 * refused (-EINVAL: not pinned).  If a second pin counted, the guest could
 * unbalance the type count.  Afterwards the frame is plain memory.
 */
#include "attack.h"

int main(void)
{
	for (unsigned level = 1; level <= 4; level++) {
		uint64_t f = pt_mfn(pt_alloc());
		CHECK_EQ(pt_pin(level, f), 0);
		for (unsigned again = 1; again <= 4; again++) {
			long rc = pt_pin(again, f);
			if (rc != -XEN_EINVAL)
				test_fail("second pin of an L%u as L%u: %ld, expected -EINVAL", level, again, rc);
		}
		printf("refused as documented (-EINVAL): a second pin of an L%u, at every level\n", level);
		expect_typed("the pinned table", f);
		CHECK_EQ(pt_unpin(f), 0);
		expect_rc("second unpin", pt_unpin(f), -XEN_EINVAL);
		expect_untyped("the table after one unpin", f);
		CHECK_EQ(pt_pin(level, f), 0);          /* and it can be pinned again */
		CHECK_EQ(pt_unpin(f), 0);
	}
	attack_hv_alive();
	test_pass();
}
