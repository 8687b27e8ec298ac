/*
 * Rule (docs/pv-mmu.md "Writable page tables", "What the guest sees"): a
 * single-stepped store that the hypervisor emulates on the writable-page-table
 * path completes first, then the guest gets its #DB, and its virtual DR6
 * reads BS (single step), as after a store the CPU executed itself.
 *
 * With TF set by popfq, the next instruction (mov %rsi,(%rbx), 3 bytes) is a
 * store to an entry of the window L1 through its read-only mapping: the #DB
 * arrives after it (rip past the store), the entry maps the frame writable,
 * and get_debugreg(6) has BS.  Xen 4.17 delivers the same #DB but leaves BS
 * out of DR6 (test.spec).
 */
#include "attack.h"
#include "catch.h"
#include "ptwr.h"

int main(void)
{
	pt_init();
	uint64_t win = pt_window_pfn(), a = pt_alloc();
	volatile uint64_t *e = (volatile uint64_t *)pt_pfn_va(win) + (a - win);
	uint64_t rw = (pt_mfn(a) << 12) | PT_P | PT_RW | PT_A | PT_D;
	struct trap_probe p;

	CHECK_EQ(ptwr_assist(true), 0);
	CHECK_EQ(HYPERVISOR_set_debugreg(6, 0xffff0ff0), 0);
	CHECK_EQ(catch_trap(1, 0, 0), 0);
	/* popfq (1 byte) sets TF; the store (48 89 33) is emulated; then #DB */
	TRAP_PROBE(p, "pushfq\n\torq $0x100, (%%rsp)", "popfq\n\tmov %%rsi, (%%rbx)", "b"(e), "S"(rw));
	expect_probe("single-stepped store", &p, 1, 0, 4, 8);
	CHECK(PT_MFN(*e) == pt_mfn(a) && (*e & PT_RW), "the store did not happen: entry 0x%lx", *e);
	*(volatile uint64_t *)pt_pfn_va(a) = 1;                 /* mapped writable */
	uint64_t dr6 = HYPERVISOR_get_debugreg(6);
	CHECK(dr6 & 0x4000, "DR6 0x%lx lacks BS after the single-stepped store", dr6);
	CHECK_EQ(ptwr_mov(e, 0), 0);
	CHECK_EQ(mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0);
	printf("a single-stepped store gets its #DB after the store, with BS in DR6\n");
	test_pass();
}
