/*
 * Rule (XSA-182): a change of the RW bit alone never takes the fast path
 * that rewrites an entry without re-checking it (xen-pv-abi.md 9.10).  With a
 * read-only self-map live in the L4 (and one in the L2), the guest rewrites
 * the very same entry with only RW added, with RW and the A/D bits Xen's
 * adjustment adds, and through the preserve-A/D command: each is refused with
 * -EINVAL.  A change the fast path may take (an AVAIL bit) still succeeds and
 * leaves RW clear.  Afterwards the entries are read-only, a write through
 * the self-map faults, and the tables are unchanged and still typed.
 */
#include "attack.h"
#include "catch.h"

#define SLOT 101
#define L2_SLOT 400

static void upgrade(const char *what, uint64_t maddr, uint64_t ro)
{
	uint64_t live = pt_table(maddr >> 12)[(maddr & 4095) / 8];
	printf("%s: live entry 0x%lx\n", what, live);
	CHECK(!(live & PT_RW) && PT_MFN(live) == PT_MFN(ro), "%s: live entry 0x%lx", what, live);
	expect_rc("RW added to a live read-only self-map", pt_update(maddr, ro | PT_RW), -XEN_EINVAL);
	expect_rc("RW added to the live entry exactly as read back", pt_update(maddr, live | PT_RW),
		  -XEN_EINVAL);
	expect_rc("RW added through the preserve-A/D command",
		  pt_update(maddr | MMU_PT_UPDATE_PRESERVE_AD, live | PT_RW), -XEN_EINVAL);
	expect_rc("RW added with an AVAIL bit", pt_update(maddr, live | PT_RW | (1ull << 9)), -XEN_EINVAL);
	CHECK_EQ(pt_table(maddr >> 12)[(maddr & 4095) / 8], live);
	/* The fast path itself still works for bits that grant nothing. */
	CHECK_EQ(pt_update(maddr, live | (1ull << 10)), 0);
	uint64_t now = pt_table(maddr >> 12)[(maddr & 4095) / 8];
	CHECK(now == (live | (1ull << 10)), "%s: after an AVAIL change 0x%lx", what, now);
}

int main(void)
{
	static uint64_t saved4[512], saved2[512];
	uint64_t l4 = pt_cr3_mfn(), l2 = pt_table_mfn(VIRT_BASE, 2);
	CHECK_EQ(pt_update(pt_maddr(l4, SLOT), (l4 << 12) | PT_P), 0);
	CHECK_EQ(pt_update(pt_maddr(l2, L2_SLOT), (l2 << 12) | PT_P), 0);
	frame_save(l4, saved4);
	frame_save(l2, saved2);

	upgrade("L4 self-map", pt_maddr(l4, SLOT), (l4 << 12) | PT_P);
	upgrade("L2 self-map", pt_maddr(l2, L2_SLOT), (l2 << 12) | PT_P);

	/* Still read-only: a write through the L4 self-map faults and changes nothing. */
	volatile uint64_t *view = (volatile uint64_t *)pt_va(SLOT, SLOT, SLOT, SLOT);
	struct trap_probe p;
	CHECK_EQ(catch_trap(14, 3, 0), 0);
	TRAP_PROBE(p, "mov (%%rbx), %%rax", "mov %%rax, (%%rbx)", "b"(&view[511]));   /* 48 89 03 */
	expect_probe("write through the read-only self-map", &p, 14, 3, 0, 0);
	/* Through the L2 self-map taken twice, the L2 reads as a page: also read-only. */
	volatile uint64_t *l2view = (volatile uint64_t *)pt_va(511, 510, L2_SLOT, L2_SLOT);
	CHECK_EQ(l2view[L2_SLOT] & PT_ADDR, l2 << 12);
	TRAP_PROBE(p, "mov (%%rbx), %%rax", "mov %%rax, (%%rbx)", "b"(&l2view[0]));   /* 48 89 03 */
	expect_probe("write through the read-only L2 self-map", &p, 14, 3, 0, 0);

	CHECK_EQ(pt_update(pt_maddr(l4, SLOT), 0), 0);
	CHECK_EQ(pt_update(pt_maddr(l2, L2_SLOT), 0), 0);
	saved4[SLOT] = saved2[L2_SLOT] = 0;
	expect_table_same("L4", l4, saved4);
	expect_table_same("L2", l2, saved2);
	expect_typed("L4", l4);
	expect_typed("L2", l2);
	attack_hv_alive();
	test_pass();
}
