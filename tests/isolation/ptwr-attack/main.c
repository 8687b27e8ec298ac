/*
 * Rule: a store emulated on the writable-page-table path can never produce
 * an entry mmu_update would refuse (docs/pv-mmu.md "Writable page tables";
 * Xen checks it with get_page_from_l1e(new, d, d), the domain itself being
 * the only page owner).  The same kernel runs twice.
 *
 * The attacker (the extra domain, unprivileged, not the initial domain)
 * first shows that without VMASST_TYPE_writable_pagetables even a harmless
 * store to its own L1 is its #PF.  It then enables the assist and aims
 * stores at an unused entry of its own L1, in every instruction form (mov,
 * lock cmpxchg with the entry's value, xchg, rep stosq, and a 4-byte store
 * that merges a forbidden frame number into a read-only entry of its own),
 * with values that map:
 *   - each of its own page tables (L1-L4 of the start-of-day region, the
 *     window L1) and a GDT frame writable; RW is also set with orb and bts on
 *     read-only mappings of them;
 *   - every frame of the victim domain, read-only and writable;
 *   - the hypervisor: its image, page tables, M2P and frame table, MFN 0;
 *   - with refused attributes (PCD, PWT, PAT).
 * Every store is the attacker's own #PF (error 3, cr2 = the entry) and the
 * entry is unchanged.  A lock cmpxchg of each value whose comparison fails
 * writes nothing and does not fault (ZF clear, the accumulator gets the
 * entry), as in Xen: the entry is unchanged all the same.  Afterwards its
 * tables are unchanged and still typed.
 *
 * The victim (the initial domain, privileged) first shows that the path has
 * no foreign page owner even for it: a store mapping one of the attacker's
 * frames faults, where mmu_update with the attacker as page owner maps it.
 * It then fills its spare pages, waits for the attacker to end, and checks
 * its memory and tables are intact (attack_victim).
 */
#include "attack.h"
#include "catch.h"
#include "ptwr.h"

static volatile uint64_t *probe;        /* an unused entry of the window L1 */
static uint64_t own_ro;                 /* a read-only mapping of an own frame */
static uint64_t foreign[4096];
static unsigned attempts;

static void refuse(const char *what, unsigned faults, uint64_t before)
{
	ptwr_expect_refused(what, faults, probe, (uint64_t)probe, before);
	attempts++;
}

/* Every store form with val: each must fault and leave the entry as it was. */
static void attack_value(const char *what, uint64_t val, bool every_form)
{
	uint64_t expected = 0, v = val, left;
	bool equal;

	refuse(what, ptwr_mov(probe, val), 0);
	if (!every_form)
		return;
	refuse(what, ptwr_cmpxchg(probe, &expected, val, &equal), 0);
	expected = 1;
	CHECK_EQ(ptwr_cmpxchg(probe, &expected, val, &equal), 0);
	if (equal || expected != 0 || *probe != 0)
		test_fail("%s: unequal cmpxchg of 0x%lx: ZF %d, rax 0x%lx, entry 0x%lx", what, val, equal,
			  expected, *probe);
	refuse(what, ptwr_xchg(probe, &v), 0);
	refuse(what, ptwr_rep_stos(probe, val, 1, &left), 0);
	if (val >> 32 == 0) {                   /* the whole entry is in the low half */
		CHECK_EQ(ptwr_mov(probe, own_ro), 0);
		refuse(what, ptwr_mov32(probe, false, (uint32_t)val), *probe);
		CHECK_EQ(ptwr_mov(probe, 0), 0);
	}
}

static void attack_frame(const char *what, uint64_t mfn, bool every_form)
{
	attack_value(what, (mfn << 12) | PT_P | PT_A, every_form);
	attack_value(what, (mfn << 12) | PT_P | PT_RW | PT_A | PT_D, every_form);
}

/* A table: writable never; and RW cannot be set on a read-only mapping. */
static void attack_table(const char *what, uint64_t mfn)
{
	uint64_t ro = (mfn << 12) | PT_P | PT_A;
	bool was_set;

	attack_value(what, ro | PT_RW, true);
	CHECK_EQ(ptwr_mov(probe, ro), 0);
	uint64_t entry = *probe;
	ptwr_expect_refused(what, ptwr_or8(probe, PT_RW), probe, (uint64_t)probe, entry);
	ptwr_expect_refused(what, ptwr_bts(probe, 1, &was_set), probe, (uint64_t)probe, entry);
	CHECK_EQ(ptwr_mov(probe, 0), 0);
	expect_typed(what, mfn);
}

static void attack_own_tables(void)
{
	uint64_t pt0 = (start_info->pt_base - VIRT_BASE) >> 12;
	for (uint64_t pfn = pt0; pfn < pt0 + start_info->nr_pt_frames; pfn++)
		attack_table("writable mapping of an own page table", pt_mfn(pfn));
	attack_table("writable mapping of the window L1", pt_mfn(pt_window_pfn()));
	uint64_t gdt = attack_fresh_gdt();
	attack_value("writable mapping of a GDT frame", (gdt << 12) | PT_P | PT_RW | PT_A, true);
	printf("refused: writable mappings of %lu own tables and a GDT frame\n",
	       start_info->nr_pt_frames + 1);
}

static void attack_hypervisor(void)
{
	for (uint64_t mfn = 0x100; mfn < 0x200; mfn++)
		attack_frame("hypervisor image", mfn, mfn < 0x108);
	uint64_t l4 = pt_cr3_mfn(), idle_l3 = PT_MFN(pt_table(l4)[261]);
	uint64_t hv[] = { 0, idle_l3 - 1, idle_l3, idle_l3 + 1, hv_m2p_table(3, 0), hv_m2p_table(2, 0),
			  hv_m2p_table(1, 0), hv_m2p_table(0, 0) };
	for (unsigned i = 0; i < ARRAY_SIZE(hv); i++)
		attack_frame("hypervisor table or M2P", hv[i], true);
	long max_ram = HYPERVISOR_memory_op(2 /* XENMEM_maximum_ram_page */, NULL);
	unsigned m2p_pages = (unsigned)(((uint64_t)max_ram + 1) * 8 / 4096 + 1);
	uint64_t frame_table = hv_m2p_table(0, m2p_pages - 1) + 1;
	for (uint64_t mfn = frame_table; mfn < frame_table + 16; mfn++)
		attack_frame("frame table", mfn, true);
	printf("refused: mappings of the hypervisor's image, tables, M2P and frame table\n");
}

static void attack_attributes(void)
{
	uint64_t own = (pt_mfn(pt_alloc()) << 12) | PT_P | PT_RW | PT_A;
	const uint64_t bad[] = { PT_PCD, PT_PWT, PT_PAT };
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++)
		attack_value("refused attribute", own | bad[i], true);
	CHECK_EQ(ptwr_mov(probe, own | PT_SOFT62), 0);          /* without them: fine */
	CHECK_EQ(ptwr_mov(probe, 0), 0);
	printf("refused: cache attributes\n");
}

/* The privileged victim: the store path never takes a foreign page owner. */
static void victim_no_foreign_owner(void)
{
	unsigned n = attack_find_foreign(foreign, 16);
	CHECK(n > 0, "no frame of the attacker found");
	CHECK_EQ(ptwr_assist(true), 0);
	for (unsigned i = 0; i < n; i++)
		attack_frame("privileged store of another domain's frame", foreign[i], false);
	uint64_t maddr = pt_entry_maddr(pt_probe_va(), 1);
	CHECK_EQ(pt_update_fd(maddr, (foreign[0] << 12) | PT_P | PT_A, 1), 0);
	CHECK_EQ(pt_update(maddr, 0), 0);
	CHECK_EQ(ptwr_assist(false), 0);
	printf("victim: a store never maps another domain's frame, mmu_update naming it does\n");
}

int main(void)
{
	static struct live_tables lt;
	pt_init();
	probe = (volatile uint64_t *)pt_pfn_va(pt_window_pfn()) + 509;
	own_ro = (pt_mfn(pt_alloc()) << 12) | PT_P | PT_A;
	CHECK_EQ(*probe, 0);
	if (!attack_is_attacker()) {
		victim_no_foreign_owner();
		attack_victim(1);
	}
	CHECK(!(start_info->flags & (SIF_PRIVILEGED | SIF_INITDOMAIN)), "the attacker is privileged");
	live_tables_save(&lt);
	refuse("store without the assist", ptwr_mov(probe, own_ro), 0);
	printf("refused: a store to an own L1 without the assist\n");
	CHECK_EQ(ptwr_assist(true), 0);

	attack_own_tables();
	unsigned n = attack_find_foreign(foreign, ARRAY_SIZE(foreign));
	CHECK(n >= 2048, "only %u foreign frames found", n);
	for (unsigned i = 0; i < n; i++)
		attack_frame("another domain's frame", foreign[i], i < 64);
	printf("refused: mappings of %u frames of another domain\n", n);
	attack_hypervisor();
	attack_attributes();

	CHECK_EQ(*probe, 0);
	live_tables_check("attacker table", &lt);
	printf("refused as documented: %u stores, each the attacker's #PF\n", attempts);
	attack_hv_alive();
	test_pass();
}
