/*
 * Rule: a context switch reloads each saved selector exactly as the vCPU
 * held it, RPL included.  A guest kernel at CPL 3 may load a data selector
 * with RPL 0, 1 or 2 (the CPU checks the descriptor's DPL 3 against
 * max(CPL, RPL) = 3), and reads it back as loaded; Xen saves and reloads the
 * selector value unchanged, so after the vCPU was switched out and back in
 * it still reads the same.  (Loading it in ring 0 with its own RPL cannot
 * reach a more privileged segment: every descriptor a guest selector can
 * name that loads at CPL 3 is DPL 3.)
 *
 * The initial domain holds its own GDT and LDT data selectors with RPL 0, 1
 * and 2; a peer holds the hypervisor's flat ring-3 data selector with RPL 0,
 * 1, 2 and 3.  They alternate on the CPU ROUNDS times (seg_hold.h) and both
 * find their selectors unchanged after every switch.
 */
#include "peer.h"
#include "seg_hold.h"
#include "test.h"

#define ROUNDS 20
#define FLAT_DS (FLAT_RING3_DS32 & ~3)

int main(void)
{
	if (peer_role("flat"))
		seg_hold_peer("flat", ROUNDS, (struct segs){ FLAT_DS, FLAT_DS | 1, FLAT_DS | 2, FLAT_DS | 3 });
	uint64_t gdt, ldt, va;
	seg_gdt_install(1, &gdt);
	seg_desc(&gdt, 16, DESC_DATA);
	seg_desc(&gdt, 17, DESC_DATA);
	ldt = seg_ldt_install(1, &va);
	seg_desc(&ldt, 0, DESC_DATA);
	static const char *const roles[] = { "flat" };
	struct segs mine = { SEL_GDT(16) & ~3, SEL_GDT(17) & ~2, SEL_LDT(0) & ~1, SEL_LDT(0) & ~3 };   /* RPL 0, 1, 2, 0 */
	seg_hold_initial(roles, 1, ROUNDS, mine);
	test_pass();
}
