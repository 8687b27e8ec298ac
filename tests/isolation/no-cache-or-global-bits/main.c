/*
 * Rule: guests do not choose cache attributes, and upper-level entries are
 * never global (xen-pv-abi.md 9.5): PWT, PCD and G are refused in L2-L4
 * entries, and PWT, PCD and PAT in L1 entries of a domain without I/O
 * memory, with -EINVAL, whether written with mmu_update (new or live
 * entries), with update_va_mapping, or found by validation when a table is
 * pinned.  G and NX in an L1 entry are allowed (positive controls).
 * Afterwards the live tables are unchanged and the probe address unmapped.
 */
#include "attack.h"

#define SLOT 223        /* free in the live L2-L4 and in the window L1 */

static uint64_t saved[5][512];
static const struct { const char *name; uint64_t bit; } upper_bad[] = {
	{ "PWT", PT_PWT }, { "PCD", PT_PCD }, { "G", PT_G },
}, l1_bad[] = {
	{ "PWT", PT_PWT }, { "PCD", PT_PCD }, { "PAT", PT_PAT }, { "PWT|PCD|PAT", PT_PWT | PT_PCD | PT_PAT },
};

static void refuse(const char *what, const char *bit, unsigned level, long rc)
{
	char buf[120];
	snprintf(buf, sizeof(buf), "%s with %s at L%u", what, bit, level);
	expect_rc(buf, rc, -XEN_EINVAL);
}

int main(void)
{
	uint64_t data = pt_mfn(pt_alloc());
	for (unsigned level = 1; level <= 4; level++) {
		/* Live tables; for L1 the window's (its entry 0 maps the window L1 itself). */
		uint64_t t = pt_table_mfn(level == 1 ? pt_probe_va() : VIRT_BASE, level);
		unsigned live = pt_index(VIRT_BASE, level);
		uint64_t e = pt_table(t)[live];
		frame_save(t, saved[level]);
		unsigned n = level == 1 ? ARRAY_SIZE(l1_bad) : ARRAY_SIZE(upper_bad);
		for (unsigned i = 0; i < n; i++) {
			const char *name = level == 1 ? l1_bad[i].name : upper_bad[i].name;
			uint64_t bit = level == 1 ? l1_bad[i].bit : upper_bad[i].bit;
			refuse("live entry", name, level, pt_update(pt_maddr(t, live), e | bit));
			uint64_t f = pt_mfn(pt_alloc());
			uint64_t below = level == 1 ? data : pt_mfn(pt_alloc());
			if (level > 1)
				CHECK_EQ(pt_pin(level - 1, below), 0);
			uint64_t fresh = (below << 12) | PT_P | PT_A | bit;
			refuse("new entry", name, level, pt_update(pt_maddr(t, SLOT), fresh));
			CHECK_EQ(pt_update(pt_maddr(f, 0), fresh), 0);         /* untyped: plain write */
			refuse("pin of a table holding an entry", name, level, pt_pin(level, f));
			if (level == 1)
				refuse("update_va_mapping", name, level, pt_map_mfn(pt_probe_va(), data, PT_P | bit));
			else
				CHECK_EQ(pt_unpin(below), 0);
		}
		expect_table_same("live table", t, saved[level]);
		expect_typed("live table", t);
	}
	CHECK(!(pt_entry(pt_probe_va(), 1) & PT_P), "the probe address got mapped");
	CHECK_EQ(pt_map_mfn(pt_probe_va(), data, PT_P | PT_RW | PT_G | PT_NX), 0);
	CHECK_EQ(pt_map_mfn(pt_probe_va(), 0, 0), 0);
	attack_hv_alive();
	test_pass();
}
