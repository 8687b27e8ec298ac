/*
 * Rule: the frame table (the model's per-frame owner, type and counts) is
 * the hypervisor's; a guest that could write it could retype or steal any
 * frame, so no request reaches it (xen-pv-abi.md 9.1, 9.2).  frame_init()
 * allocates it right after the M2P, one struct mmu_frame per machine frame;
 * the guest finds the M2P's last page (through a read-only self-map) and
 * aims every frame-naming request at each frame-table frame after it
 * (attack_frame_not_mine: mappings -EBUSY, the rest -EINVAL).  Afterwards
 * the model still works: the guest's own tables keep their types, a fresh
 * frame can be pinned and unpinned, the hypervisor answers and another
 * domain still runs.
 */
#include "attack.h"
#include "../../../pv-mmu/mmu.h"

int main(void)
{
	long max_ram = HYPERVISOR_memory_op(2 /* XENMEM_maximum_ram_page */, NULL);
	uint64_t frames = (uint64_t)max_ram;    /* one past the last RAM frame */
	unsigned m2p_pages = (unsigned)((frames * 8 + 4095) / 4096);
	uint64_t first = hv_m2p_table(0, m2p_pages - 1) + 1;
	uint64_t n = (frames * sizeof(struct mmu_frame) + 4095) / 4096;
	printf("frame table: %lu frames from %lx (%lu bytes per frame)\n", n, first, sizeof(struct mmu_frame));
	for (uint64_t mfn = first; mfn < first + n; mfn++) {
		CHECK(pt_pfn(mfn) == ~0ull, "frame %lx has an M2P entry: not a hypervisor frame", mfn);
		attack_frame_not_mine("frame table", mfn, -XEN_EBUSY);
	}
	printf("refused as documented: every request naming a frame-table frame\n");
	expect_typed("the live L4", pt_cr3_mfn());
	expect_typed("the live L1", pt_table_mfn(VIRT_BASE, 1));
	uint64_t f = pt_mfn(pt_alloc());
	CHECK_EQ(pt_pin(2, f), 0);
	expect_typed("a fresh pinned L2", f);
	CHECK_EQ(pt_unpin(f), 0);
	expect_untyped("the L2 after its unpin", f);
	attack_hv_alive();
	attack_watch_others();
	test_pass();
}
