/*
 * Rule: the M2P is readable by guests only through the hypervisor's
 * read-only mapping; its frames cannot be mapped (writable or not), written
 * by machphys updates of frames not owned, cleared, copied or pinned
 * (xen-pv-abi.md 2.1, 9.2).  The guest finds every M2P frame (through a
 * read-only self-map, as the M2P's tables carry US) and aims every
 * frame-naming request at each (attack_frame_not_mine: mappings -EBUSY, the
 * rest -EINVAL); a direct write to the M2P is a #PF.  Afterwards the M2P
 * still agrees with the p2m for every own page.
 */
#include "attack.h"
#include "catch.h"

int main(void)
{
	long max_ram = HYPERVISOR_memory_op(2 /* XENMEM_maximum_ram_page */, NULL);
	unsigned pages = (unsigned)((uint64_t)max_ram * 8 + 4095) / 4096;
	uint64_t first = hv_m2p_table(0, 0);
	printf("M2P: %u pages, the first at frame %lx\n", pages, first);
	for (unsigned i = 0; i < pages; i++)
		attack_frame_not_mine("M2P page", hv_m2p_table(0, i), -XEN_EBUSY);
	printf("refused as documented: every request naming an M2P frame\n");

	struct trap_probe p;
	volatile uint64_t *own = (volatile uint64_t *)&M2P[pt_mfn(0)];
	CHECK_EQ(catch_trap(14, 3, 0), 0);
	TRAP_PROBE(p, "mov (%%rbx), %%rax", "mov %%rax, (%%rbx)", "b"(own));   /* 48 89 03 */
	expect_probe("write to the M2P", &p, 14, 3, 0, 0);
	for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++)
		if (M2P[pt_mfn(pfn)] != pfn)
			test_fail("M2P[%lx] = 0x%lx, expected 0x%lx", pt_mfn(pfn), M2P[pt_mfn(pfn)], pfn);
	attack_hv_alive();
	test_pass();
}
