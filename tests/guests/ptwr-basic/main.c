/*
 * Rule (xen-pv-abi.md 8.3, docs/pv-mmu.md "Writable page tables"): a guest
 * kernel's ordinary store to one of its own L1 tables (mapped read-only, as
 * every table is) is carried out by the hypervisor as the mmu_update of that
 * entry, and the guest continues after the store.  That takes
 * VMASST_TYPE_writable_pagetables, except in the initial domain (Xen 4.17's
 * hardware domain), which this kernel is, on Umbra and on Xen: there stores
 * are emulated before the assist is enabled and after it is disabled again.
 * (Another domain's store without the assist is its #PF: ptwr-attack and the
 * host unit test ptwr/needs-the-assist-unless-initial-domain.)
 *
 * The guest writes entries of the window L1 (guest/pt.c) through its own
 * read-only mapping, with each accepted instruction form: mov, a 4-byte
 * store into the low half, orb, lock cmpxchg (equal and unequal), lock bts
 * and btr, xchg, and rep stosq over three entries (one entry per fault).
 * Every result is checked through the mapping it makes (a write through it
 * works, or faults with the right error code after the guest's own flush)
 * and through the reference counts (a frame the store mapped writable cannot
 * be pinned; once unmapped it can).  Stores the hypervisor refuses are the
 * guest's #PF and change nothing: a writable mapping of a live table, RW set
 * by orb or bts on a read-only mapping of the L1 itself, an equal cmpxchg to
 * such a value, a 16-byte store, and any store to an L2 or L4 (never
 * emulated).  An unequal cmpxchg to such a value writes nothing and does not
 * fault: the accumulator gets the entry, ZF is clear, as in Xen, whose
 * emulator compares first.  (A single-stepped store: ptwr-singlestep.)
 */
#include "attack.h"
#include "catch.h"
#include "ptwr.h"

static volatile uint64_t *l1;   /* the window L1, through its own read-only mapping */
static uint64_t win;            /* its PFN */

static volatile uint64_t *slot(uint64_t pfn)
{
	return &l1[pfn - win];
}

static uint64_t rw_entry(uint64_t pfn)
{
	return (pt_mfn(pfn) << 12) | PT_P | PT_RW | PT_A | PT_D;
}

/* An access through va: 0 when it worked, else the #PF error code + 1. */
static uint64_t try_write(uint64_t va, uint64_t v)
{
	struct trap_probe p;
	CHECK_EQ(catch_trap(14, 3, 0), 0);
	TRAP_PROBE(p, "", "mov %%rsi, (%%rbx)", "b"(va), "S"(v));       /* 48 89 33 */
	CHECK(!caught.count || caught.cr2 == va, "write: cr2 0x%lx, expected 0x%lx", caught.cr2, va);
	return caught.count ? caught.error_code + 1 : 0;
}

static uint64_t try_read(uint64_t va)
{
	struct trap_probe p;
	CHECK_EQ(catch_trap(14, 3, 0), 0);
	TRAP_PROBE(p, "", "mov (%%rbx), %%rax", "b"(va));               /* 48 8b 03 */
	CHECK(!caught.count || caught.cr2 == va, "read: cr2 0x%lx, expected 0x%lx", caught.cr2, va);
	return caught.count ? caught.error_code + 1 : 0;
}

static void flush(uint64_t va)
{
	CHECK_EQ(mmuext(MMUEXT_INVLPG_LOCAL, va, 0), 0);
}

/* Mapped writable: writes work, and the frame cannot become a table. */
static void expect_mapped_rw(const char *what, uint64_t pfn)
{
	CHECK(PT_MFN(*slot(pfn)) == pt_mfn(pfn) && (*slot(pfn) & (PT_P | PT_RW)) == (PT_P | PT_RW),
	      "%s: entry 0x%lx", what, *slot(pfn));
	flush(pt_pfn_va(pfn));
	CHECK(try_write(pt_pfn_va(pfn), pfn) == 0, "%s: write through the mapping faulted", what);
	CHECK_EQ(*(volatile uint64_t *)pt_pfn_va(pfn), pfn);
	expect_rc(what, pt_pin(1, pt_mfn(pfn)), -XEN_EINVAL);
}

static void expect_mapped_ro(const char *what, uint64_t pfn)
{
	CHECK(PT_MFN(*slot(pfn)) == pt_mfn(pfn) && (*slot(pfn) & (PT_P | PT_RW)) == PT_P,
	      "%s: entry 0x%lx", what, *slot(pfn));
	flush(pt_pfn_va(pfn));
	CHECK(try_write(pt_pfn_va(pfn), 1) == 3 + 1, "%s: write through a read-only mapping", what);
	CHECK(try_read(pt_pfn_va(pfn)) == 0, "%s: read through the mapping faulted", what);
}

/* Unmapped: accesses fault, and the frame (cleared) can be pinned as an L1. */
static void expect_unmapped(const char *what, uint64_t pfn)
{
	CHECK(*slot(pfn) == 0, "%s: entry 0x%lx", what, *slot(pfn));
	flush(pt_pfn_va(pfn));
	CHECK(try_read(pt_pfn_va(pfn)) == 0 + 1, "%s: read through a removed mapping", what);
	CHECK_EQ(mmuext(MMUEXT_CLEAR_PAGE, pt_mfn(pfn), 0), 0);
	CHECK_EQ(pt_pin(1, pt_mfn(pfn)), 0);
	CHECK_EQ(pt_unpin(pt_mfn(pfn)), 0);
}

static void each_form(uint64_t a)
{
	volatile uint64_t *e = slot(a);
	uint64_t ro = rw_entry(a) & ~PT_RW, expected, v;
	bool equal, was_set;

	CHECK_EQ(ptwr_mov(e, rw_entry(a)), 0);
	expect_mapped_rw("mov", a);
	CHECK_EQ(ptwr_mov32(e, false, (uint32_t)ro), 0);
	expect_mapped_ro("movl (low half)", a);
	CHECK_EQ(ptwr_or8(e, PT_RW), 0);
	expect_mapped_rw("orb", a);

	expected = *e;
	CHECK_EQ(ptwr_cmpxchg(e, &expected, ro, &equal), 0);
	CHECK(equal, "cmpxchg with the current value: ZF clear");
	expect_mapped_ro("lock cmpxchg (equal)", a);
	expected = rw_entry(a);
	v = *e;
	CHECK_EQ(ptwr_cmpxchg(e, &expected, 0, &equal), 0);
	CHECK(!equal && expected == v && *e == v, "cmpxchg (unequal): ZF %d, rax 0x%lx, entry 0x%lx",
	      equal, expected, *e);

	CHECK_EQ(ptwr_bts(e, 1, &was_set), 0);
	CHECK(!was_set, "bts: RW was set");
	expect_mapped_rw("lock bts", a);
	CHECK_EQ(ptwr_btr(e, 1, &was_set), 0);
	CHECK(was_set, "btr: RW was clear");
	expect_mapped_ro("lock btr", a);

	v = 0;
	CHECK_EQ(ptwr_xchg(e, &v), 0);
	CHECK(PT_MFN(v) == pt_mfn(a) && (v & PT_P), "xchg returned 0x%lx", v);
	expect_unmapped("xchg", a);
	printf("mov, movl, orb, cmpxchg, bts, btr and xchg on an own L1: emulated and checked\n");
}

static void rep_stos(uint64_t first)
{
	uint64_t left;
	for (uint64_t p = first; p < first + 3; p++)
		CHECK_EQ(ptwr_mov(slot(p), rw_entry(p)), 0);
	CHECK_EQ(ptwr_rep_stos(slot(first), 0, 3, &left), 0);
	CHECK_EQ(left, 0);
	CHECK_EQ(mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0);
	for (uint64_t p = first; p < first + 3; p++)
		expect_unmapped("rep stosq", p);
	printf("rep stosq over three entries: emulated one entry per fault\n");
}

static void refused(uint64_t a)
{
	volatile uint64_t *e = slot(a);
	uint64_t l1_mfn = pt_mfn(win), expected;
	uint64_t tables[] = { l1_mfn, pt_table_mfn(VIRT_BASE, 1), pt_table_mfn(VIRT_BASE, 2),
			      pt_table_mfn(VIRT_BASE, 3), pt_cr3_mfn() };
	bool equal, was_set;

	for (unsigned i = 0; i < ARRAY_SIZE(tables); i++) {
		uint64_t rw = (tables[i] << 12) | PT_P | PT_RW | PT_A;
		ptwr_expect_refused("writable mapping of a live table", ptwr_mov(e, rw), e, (uint64_t)e, 0);
		expected = 0;
		ptwr_expect_refused("cmpxchg to a writable mapping of a table",
				    ptwr_cmpxchg(e, &expected, rw, &equal), e, (uint64_t)e, 0);
		expected = 1;
		CHECK_EQ(ptwr_cmpxchg(e, &expected, rw, &equal), 0);
		CHECK(!equal && expected == 0 && *e == 0,
		      "unequal cmpxchg to a writable mapping of a table: ZF %d, rax 0x%lx, entry 0x%lx", equal,
		      expected, *e);
		CHECK_EQ(ptwr_mov(e, rw & ~PT_RW), 0);                  /* read-only is fine */
		CHECK_EQ(ptwr_mov(e, 0), 0);
		expect_typed("a table after the refused stores", tables[i]);
	}
	/* slot 0: the window L1 mapping itself read-only */
	uint64_t self = l1[0];
	CHECK(PT_MFN(self) == l1_mfn && !(self & PT_RW), "window slot 0 is 0x%lx", self);
	ptwr_expect_refused("orb RW into the L1's own mapping", ptwr_or8(&l1[0], PT_RW), &l1[0],
			    (uint64_t)&l1[0], self);
	ptwr_expect_refused("bts RW in the L1's own mapping", ptwr_bts(&l1[0], 1, &was_set), &l1[0],
			    (uint64_t)&l1[0], self);
	volatile uint64_t *pair = &l1[(a - win) & ~1ull];       /* 16-byte aligned */
	ptwr_expect_refused("16-byte store", ptwr_store16(pair), pair, (uint64_t)pair, *pair);

	/* L2 and L4 tables: never emulated, whatever is stored */
	uint64_t upper[] = { pt_table_mfn(VIRT_BASE, 2), pt_cr3_mfn() };
	for (unsigned i = 0; i < ARRAY_SIZE(upper); i++) {
		volatile uint64_t *u = (volatile uint64_t *)pt_table(upper[i]) + 511;
		ptwr_expect_refused("store to an L2 or L4", ptwr_mov(u, *u), u, (uint64_t)u, *u);
	}
	printf("refused stores: #PF, nothing changed\n");
}

int main(void)
{
	pt_init();
	win = pt_window_pfn();
	l1 = (volatile uint64_t *)pt_pfn_va(win);
	CHECK_EQ(pt_table_mfn(pt_probe_va(), 1), pt_mfn(win));
	uint64_t a = pt_alloc(), b = pt_alloc();
	pt_alloc();
	pt_alloc();

	CHECK(start_info->flags & SIF_INITDOMAIN, "not the initial domain: flags 0x%x", start_info->flags);
	CHECK_EQ(ptwr_mov(slot(a), rw_entry(a)), 0);
	expect_mapped_rw("store without the assist", a);
	CHECK_EQ(ptwr_mov(slot(a), 0), 0);
	expect_unmapped("store without the assist", a);
	printf("the initial domain without the assist: a store to an own L1 is emulated\n");
	CHECK_EQ(ptwr_assist(true), 0);
	CHECK_EQ(ptwr_assist(true), 0);

	each_form(a);
	rep_stos(b);
	refused(a);

	CHECK_EQ(ptwr_assist(false), 0);
	CHECK_EQ(ptwr_mov(slot(a), rw_entry(a)), 0);
	expect_mapped_rw("store after the assist was disabled", a);
	CHECK_EQ(ptwr_mov(slot(a), 0), 0);
	printf("assist disabled: the initial domain's stores are still emulated\n");
	test_pass();
}
