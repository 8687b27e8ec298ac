/*
 * Rule: a vCPU's LDT selectors are reloaded against its own LDT, never
 * another domain's.  A context switch installs the incoming vCPU's LDT (or
 * none) before it reloads that vCPU's saved %ds, %es, %fs and %gs, so what
 * another domain keeps at the same LDT index, or that it has no LDT at all,
 * cannot make them fail: no #NP or #GP in the hypervisor, no selector
 * nulled, no failsafe callback.
 *
 * Three domains.  The initial domain A has an 8-entry LDT and holds flat
 * data selectors at its entries 0, 1, 2 and 7.  Peer B has a 7-entry LDT with
 * a not-present descriptor, an execute-only code segment and a zero
 * descriptor at 0, 1 and 2 (and no entry 7); it holds its own at 3-6, where
 * A keeps a not-present, an execute-only, a zero and again a not-present
 * descriptor.  Peer C has no LDT: any LDT selector faults against its
 * tables; it holds the flat ring-3 data selector everywhere.  The initial
 * domain alternates with B and C in turn ROUNDS times (seg_hold.h); all keep
 * their selectors intact and none enters its failsafe callback.
 */
#include "peer.h"
#include "seg_hold.h"
#include "test.h"

#define ROUNDS 40

int main(void)
{
	uint64_t va, ldt;
	if (peer_role("other")) {
		ldt = seg_ldt_install(7, &va);
		seg_desc(&ldt, 0, DESC_DATA_NP);
		seg_desc(&ldt, 1, DESC_CODE_XO);
		for (unsigned i = 3; i <= 6; i++)
			seg_desc(&ldt, i, DESC_DATA);
		seg_hold_peer("other", ROUNDS, (struct segs){ SEL_LDT(3), SEL_LDT(4), SEL_LDT(5), SEL_LDT(6) });
	}
	if (peer_role("no-ldt"))
		seg_hold_peer("no-ldt", ROUNDS,
			      (struct segs){ FLAT_RING3_DS32, FLAT_RING3_DS32, FLAT_RING3_DS32, FLAT_RING3_DS32 });
	ldt = seg_ldt_install(8, &va);
	for (unsigned i = 0; i <= 2; i++)
		seg_desc(&ldt, i, DESC_DATA);
	seg_desc(&ldt, 7, DESC_DATA);
	seg_desc(&ldt, 3, DESC_DATA_NP);
	seg_desc(&ldt, 4, DESC_CODE_XO);
	seg_desc(&ldt, 6, DESC_DATA_NP);
	static const char *const roles[] = { "other", "no-ldt" };
	seg_hold_initial(roles, 2, ROUNDS, (struct segs){ SEL_LDT(0), SEL_LDT(1), SEL_LDT(2), SEL_LDT(7) });
	test_pass();
}
