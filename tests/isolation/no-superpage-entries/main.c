/*
 * Rule (XSA-148): PV guests get no superpages: bit 7 (PSE) is refused in L2
 * and L3 entries, and is reserved in L4 entries (xen-pv-abi.md 9.5, mask
 * 0x198).  New PSE entries, PSE added to a live entry that otherwise stays
 * the same (the fast path must not let it through), the preserve-A/D
 * command, and a fresh table holding a PSE entry being pinned are all
 * refused with -EINVAL.  Afterwards the live tables are unchanged and
 * typed, the fresh table is plain memory, and the hypervisor answers.
 */
#include "attack.h"

#define SLOT 222

static struct live_tables lt;

int main(void)
{
	live_tables_save(&lt);
	uint64_t big = pt_mfn(0) & ~511ull;            /* a 2 MiB-aligned frame number (contents irrelevant) */
	for (unsigned level = 2; level <= 4; level++) {
		uint64_t t = lt.mfn[level];
		unsigned live = pt_index(VIRT_BASE, level);
		uint64_t e = pt_table(t)[live];
		printf("L%u %lx: live entry %u = 0x%lx\n", level, t, live, e);
		expect_rc("new PSE entry", pt_update(pt_maddr(t, SLOT), (big << 12) | PT_P | PT_PSE), -XEN_EINVAL);
		expect_rc("new PSE entry, writable", pt_update(pt_maddr(t, SLOT), (big << 12) | PT_UPPER | PT_PSE),
			  -XEN_EINVAL);
		expect_rc("PSE added to a live entry", pt_update(pt_maddr(t, live), e | PT_PSE), -XEN_EINVAL);
		expect_rc("PSE added to a live entry (preserve A/D)",
			  pt_update(pt_maddr(t, live) | MMU_PT_UPDATE_PRESERVE_AD, e | PT_PSE), -XEN_EINVAL);
		live_tables_check("live tables", &lt);

		uint64_t f = pt_mfn(pt_alloc());
		CHECK_EQ(pt_update(pt_maddr(f, 1), (big << 12) | PT_P | PT_PSE), 0);   /* untyped: plain write */
		expect_rc("pin of a table holding a PSE entry", pt_pin(level, f), -XEN_EINVAL);
		expect_untyped("the refused table", f);
	}
	attack_hv_alive();
	test_pass();
}
