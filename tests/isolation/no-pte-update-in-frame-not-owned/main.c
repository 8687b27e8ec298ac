/*
 * Rule: mmu_update writes only entries of frames the page-table owner (the
 * caller) owns (xen-pv-abi.md 9.12.1: -EINVAL): not in another domain's
 * frames (found through the M2P: a spinning helper domain's), not in the
 * hypervisor's page tables or image, not in free frames, not past the end
 * of memory.  The initial domain is privileged, but without naming the
 * other domain as table owner that changes nothing.  Every command (normal,
 * preserve-A/D, no-translate) and several offsets are tried; afterwards the
 * helper domain still runs, and the hypervisor, whose tables these are,
 * still answers.
 */
#include "attack.h"

static uint64_t foreign[64];

static void refuse_writes(const char *what, uint64_t mfn)
{
	static const uint64_t cmds[] = { MMU_NORMAL_PT_UPDATE, MMU_PT_UPDATE_PRESERVE_AD,
					 MMU_PT_UPDATE_NO_TRANSLATE };
	static const unsigned idx[] = { 0, 1, 255, 256, 261, 511 };
	for (unsigned c = 0; c < ARRAY_SIZE(cmds); c++)
		for (unsigned i = 0; i < ARRAY_SIZE(idx); i++) {
			uint64_t vals[] = { 0, (pt_mfn(0) << 12) | PT_UPPER, (mfn << 12) | PT_P | PT_RW };
			for (unsigned v = 0; v < ARRAY_SIZE(vals); v++) {
				long rc = pt_update(pt_maddr(mfn, idx[i]) | cmds[c], vals[v]);
				if (rc != -XEN_EINVAL)
					test_fail("%s %lx, entry %u, cmd %lu: %ld, expected -EINVAL", what, mfn, idx[i],
						  cmds[c], rc);
			}
		}
}

int main(void)
{
	long max_ram = HYPERVISOR_memory_op(2 /* XENMEM_maximum_ram_page */, NULL);
	unsigned n = attack_find_foreign(foreign, ARRAY_SIZE(foreign));
	CHECK(n == ARRAY_SIZE(foreign), "only %u frames of the helper domain found", n);
	for (unsigned i = 0; i < n; i++)
		refuse_writes("another domain's frame", foreign[i]);
	uint64_t l4 = pt_cr3_mfn();
	refuse_writes("hypervisor L3", PT_MFN(pt_table(l4)[261]));
	refuse_writes("hypervisor M2P L3", PT_MFN(pt_table(l4)[256]));
	refuse_writes("hypervisor image", 0x100);
	refuse_writes("free frame (top of RAM)", (uint64_t)max_ram - 1);
	refuse_writes("frame past RAM", (uint64_t)max_ram);
	refuse_writes("frame 2^40", 1ull << 40);
	printf("refused as documented (-EINVAL): entries in frames the caller does not own\n");
	CHECK(M2P[max_ram - 1] >> 63, "the top frame is not free");
	attack_hv_alive();
	attack_watch_others();
	test_pass();
}
