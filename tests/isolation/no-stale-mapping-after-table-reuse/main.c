/*
 * Rule: once a page table is released, no translation through it survives,
 * even when its frame is reused as ordinary writable memory (xen-pv-abi.md
 * 9.13; XSA-286 for the L2 change, XSA-401/408 for the type change).  The
 * guest hooks a fresh L1 into its L2, maps a data page through it and reads
 * it (so the TLB and the paging-structure caches hold the path), unhooks
 * the L1 (it is released and untyped), maps the old L1 frame writable as
 * plain memory and forges in it an entry for the same address pointing at
 * the hypervisor's image, and an entry to the data page.  A read at the old
 * address must fault (#PF, not present), showing neither the data page (a
 * stale TLB entry) nor hypervisor memory (a stale paging-structure entry
 * through the reused frame); the data page is unchanged.
 *
 * Under QEMU's TCG a missing flush is mostly invisible (TCG drops its soft
 * TLB on every CR3 write and often more), so this test can pass even if the
 * hypervisor forgot a flush.  The real check of the flush logic is in the
 * host unit tests (tests/unit/mmu), which count the flushes the model asks
 * for; this test checks the end-to-end behaviour a guest sees.
 */
#include "attack.h"
#include "catch.h"

#define SLOT 350

int main(void)
{
	uint64_t l2 = pt_table_mfn(VIRT_BASE, 2), data = pt_alloc();
	uint64_t t = pt_mfn(pt_alloc());
	uint64_t va = pt_va(511, 510, SLOT, 0);
	CHECK_EQ(pt_update(pt_maddr(l2, SLOT), (t << 12) | PT_UPPER), 0);
	CHECK_EQ(pt_map_mfn(va, pt_mfn(data), PT_P | PT_RW | PT_A | PT_D), 0);
	*(volatile uint64_t *)va = 0x1234abcd;
	CHECK_EQ(*(volatile uint64_t *)va, 0x1234abcd);

	CHECK_EQ(pt_update(pt_maddr(l2, SLOT), 0), 0);          /* the L1 is released */
	expect_untyped("the released L1", t);
	CHECK_EQ(pt_map_mfn(pt_probe_va(), t, PT_P | PT_RW | PT_A | PT_D), 0);
	volatile uint64_t *reused = (volatile uint64_t *)pt_probe_va();
	/* Devalidation dropped the entry's references but left its bits, as in Xen; the guest now
	   owns the frame as plain memory and writes a forged entry. */
	CHECK_EQ(PT_MFN(reused[0]), pt_mfn(data));
	reused[0] = (0x100ull << 12) | PT_P | PT_RW | PT_US | PT_A;
	reused[1] = (pt_mfn(data) << 12) | PT_P | PT_RW | PT_US | PT_A;

	struct trap_probe p;
	CHECK_EQ(catch_trap(14, 3, 0), 0);
	TRAP_PROBE(p, "", "mov (%%rbx), %%rax", "b"(va));                       /* 48 8b 03 */
	expect_probe("read through the released L1", &p, 14, 0, 0, 0);
	CHECK_EQ(caught.cr2, va);
	TRAP_PROBE(p, "", "mov (%%rbx), %%rax", "b"(va + 4096));
	expect_probe("read of the next page through the released L1", &p, 14, 0, 0, 0);
	printf("refused as documented: no translation through the released and reused L1\n");

	CHECK_EQ(pt_map_mfn(pt_probe_va(), 0, 0), 0);
	CHECK_EQ(pt_map(data, PT_P | PT_A), 0);
	CHECK_EQ(*(volatile uint64_t *)pt_pfn_va(data), 0x1234abcd);
	/* The forged frame cannot become a table again while it holds a hypervisor mapping. */
	expect_rc("pin of the frame with the forged entry", pt_pin(1, t), -XEN_EBUSY);
	attack_hv_alive();
	test_pass();
}
