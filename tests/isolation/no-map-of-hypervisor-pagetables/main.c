/*
 * Rule: the hypervisor's page tables are the hypervisor's: no guest request
 * maps, pins, clears, copies or writes them (xen-pv-abi.md 9.2 rule 6, 9.9).
 * Targets: the L3 behind the hypervisor's image and direct-map slots
 * (261/262, read from the guest's L4), the four L2s and the idle L4 the boot
 * allocator placed next to it, and the L3, L2 and L1 of the read-only M2P
 * (slot 256; the guest reads their numbers through a read-only self-map).
 * Every request is refused (attack_frame_not_mine: mappings -EBUSY, the rest
 * -EINVAL).  Afterwards the M2P still reads through those tables, the
 * hypervisor answers and another domain still runs.
 */
#include "attack.h"

int main(void)
{
	uint64_t l4 = pt_cr3_mfn();
	uint64_t idle_l3 = PT_MFN(pt_table(l4)[261]);
	CHECK_EQ(PT_MFN(pt_table(l4)[262]), idle_l3);
	struct { const char *what; uint64_t mfn; } t[] = {
		{ "idle L4 (allocated just before its L3)", idle_l3 - 1 },
		{ "L3 of the image and direct map", idle_l3 },
		{ "direct-map L2 0", idle_l3 + 1 }, { "direct-map L2 1", idle_l3 + 2 },
		{ "direct-map L2 2", idle_l3 + 3 }, { "direct-map L2 3", idle_l3 + 4 },
		{ "M2P L3", hv_m2p_table(3, 0) }, { "M2P L2", hv_m2p_table(2, 0) }, { "M2P L1", hv_m2p_table(1, 0) },
	};
	for (unsigned i = 0; i < ARRAY_SIZE(t); i++) {
		printf("%s: frame %lx\n", t[i].what, t[i].mfn);
		CHECK(pt_pfn(t[i].mfn) == ~0ull, "%s: frame %lx has an M2P entry", t[i].what, t[i].mfn);
		attack_frame_not_mine(t[i].what, t[i].mfn, -XEN_EBUSY);
	}
	printf("refused as documented: every request naming a hypervisor page table\n");
	CHECK_EQ(M2P[pt_mfn(0)], 0);
	CHECK_EQ(M2P[pt_mfn(start_info->nr_pages - 1)], start_info->nr_pages - 1);
	attack_hv_alive();
	attack_watch_others();
	test_pass();
}
