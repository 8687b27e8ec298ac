/*
 * Rule: a vCPU's data selectors are reloaded against its own descriptor
 * tables, never another domain's.  A context switch installs the incoming
 * vCPU's GDT before it reloads that vCPU's saved %ds, %es, %fs and %gs, so
 * whatever another domain keeps at the same GDT index cannot make them
 * fail: no #NP or #GP in the hypervisor, no selector nulled, no failsafe
 * callback (xen-pv-abi.md 7.4 is for a vCPU whose own descriptor changed).
 *
 * Two domains hold complementary GDTs.  The initial domain A (1024 entries)
 * holds flat data selectors at entries 16, 17, 18 and 600; peer B (512
 * entries) keeps a not-present descriptor, an execute-only code segment and
 * a zero descriptor at 16, 17 and 18, and has no entry 600 at all.  B holds
 * its own at 19-22, where A keeps a not-present, an execute-only, a zero and
 * again a not-present descriptor.  Each of A's selectors would thus fault
 * against B's GDT and each of B's against A's (a DPL below 3 cannot be
 * tried: the hypervisor raises every guest descriptor's DPL to 3).  They
 * alternate on the CPU ROUNDS times (seg_hold.h); both keep their selectors
 * intact throughout and neither ever enters its failsafe callback.
 */
#include "peer.h"
#include "seg_hold.h"
#include "test.h"

#define ROUNDS 50
#define A_GS 600

int main(void)
{
	uint64_t gdt[2];
	if (peer_role("other")) {
		seg_gdt_install(1, gdt);
		seg_desc(gdt, 16, DESC_DATA_NP);
		seg_desc(gdt, 17, DESC_CODE_XO);
		for (unsigned i = 19; i <= 22; i++)
			seg_desc(gdt, i, DESC_DATA);
		seg_hold_peer("other", ROUNDS, (struct segs){ SEL_GDT(19), SEL_GDT(20), SEL_GDT(21), SEL_GDT(22) });
	}
	seg_gdt_install(2, gdt);
	for (unsigned i = 16; i <= 18; i++)
		seg_desc(gdt, i, DESC_DATA);
	seg_desc(gdt, A_GS, DESC_DATA);
	seg_desc(gdt, 19, DESC_DATA_NP);
	seg_desc(gdt, 20, DESC_CODE_XO);
	seg_desc(gdt, 22, DESC_DATA_NP);
	static const char *const roles[] = { "other" };
	seg_hold_initial(roles, 1, ROUNDS, (struct segs){ SEL_GDT(16), SEL_GDT(17), SEL_GDT(18), SEL_GDT(A_GS) });
	test_pass();
}
