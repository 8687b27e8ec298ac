/*
 * Rule: a domain's requests reach only its own frames (xen-pv-abi.md 9.2
 * rule 5).  The initial domain is built first, from the lowest free frames,
 * so every machine frame below its lowest one is the hypervisor's (MFN 0,
 * the legacy area below 1 MiB, the image, the boot page tables, the M2P,
 * the frame table and other hypervisor allocations), except its own
 * shared_info page, allocated just before the p2m.  The sweep maps each
 * of them (update_va_mapping, read-only and writable: -EBUSY) and, every
 * 16th, aims every other frame-naming request at it
 * (attack_frame_not_mine).  Afterwards the probe address is unmapped, the
 * hypervisor answers and another domain still runs.
 */
#include "attack.h"

int main(void)
{
	uint64_t lowest = ~0ull;
	for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++)
		lowest = MIN(lowest, pt_mfn(pfn));
	printf("lowest own frame %lx\n", lowest);
	CHECK(lowest > 0x100, "lowest own frame %lx", lowest);
	for (uint64_t mfn = 0; mfn < lowest; mfn++) {
		if (mfn == start_info->shared_info >> 12)
			continue;       /* the domain's own shared_info page, allocated just before */
		if (mfn % 16 == 0) {
			attack_frame_not_mine("frame below domain memory", mfn, -XEN_EBUSY);
			continue;
		}
		long ro = pt_map_mfn(pt_probe_va(), mfn, PT_P), rw = pt_map_mfn(pt_probe_va(), mfn, PT_P | PT_RW);
		if (ro != -XEN_EBUSY || rw != -XEN_EBUSY)
			test_fail("frame %lx: read-only mapping %ld, writable %ld, expected -EBUSY", mfn, ro, rw);
	}
	printf("refused as documented (-EBUSY): mappings of all %lu frames below the domain's\n", lowest);
	CHECK(!(pt_entry(pt_probe_va(), 1) & PT_P), "the probe address got mapped");
	attack_hv_alive();
	attack_watch_others();
	test_pass();
}
