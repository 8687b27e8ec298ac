/*
 * Rule: a linear (recursive) page-table entry, one that points at a table of
 * its own level, is allowed only read-only (xen-pv-abi.md 9.8; XSA-182,
 * XSA-240): a writable one would map the page tables writable.  A writable
 * self-map in the live L4, and writable self-maps in the live L3 and L2, are
 * refused with -EINVAL by every mmu_update command; the read-only self-map is
 * accepted, the L4 can be read through it, and a write through it faults.
 * Afterwards the tables are unchanged, still typed, and the hypervisor
 * answers.
 */
#include "attack.h"
#include "catch.h"

#define SLOT 100        /* a free guest slot of the L4 (the lower half) */

static struct live_tables lt;

int main(void)
{
	const uint64_t *t = lt.mfn;
	live_tables_save(&lt);
	for (unsigned level = 2; level <= 4; level++) {
		uint64_t self = pt_maddr(t[level], level == 4 ? SLOT : 300);
		uint64_t rw = (t[level] << 12) | PT_UPPER;
		printf("L%u frame %lx: writable self-map\n", level, t[level]);
		expect_rc("writable linear entry (normal update)", pt_update(self, rw), -XEN_EINVAL);
		expect_rc("writable linear entry (preserve A/D)", pt_update(self | MMU_PT_UPDATE_PRESERVE_AD, rw),
			  -XEN_EINVAL);
		expect_rc("writable linear entry (no translate)", pt_update(self | MMU_PT_UPDATE_NO_TRANSLATE, rw),
			  -XEN_EINVAL);
		live_tables_check("tables after the refused self-map", &lt);
	}

	/* The read-only self-map is allowed: the L4 reads through it, writes fault. */
	uint64_t l4 = t[4];
	CHECK_EQ(pt_update(pt_maddr(l4, SLOT), (l4 << 12) | PT_P | PT_A | PT_US), 0);
	volatile uint64_t *view = (volatile uint64_t *)pt_va(SLOT, SLOT, SLOT, SLOT);
	CHECK_EQ(view[511], lt.saved[4][511]);
	CHECK_EQ(view[SLOT] & ~(PT_A | PT_D), (l4 << 12) | PT_P | PT_US);
	struct trap_probe p;
	CHECK_EQ(catch_trap(14, 3, 0), 0);
	TRAP_PROBE(p, "mov (%%rbx), %%rax", "mov %%rax, (%%rbx)", "b"(&view[511]));   /* 48 89 03 */
	expect_probe("write through the read-only self-map", &p, 14, 3, 0, 0);
	CHECK_EQ(pt_update(pt_maddr(l4, SLOT), 0), 0);
	live_tables_check("tables after removing the self-map", &lt);
	attack_hv_alive();
	test_pass();
}
