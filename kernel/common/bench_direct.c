/*
 * The baseline for the page-table benchmark (bench/mmu.py): the same 512
 * L1-entry writes done directly by a ring-0 kernel, with nothing checked.
 * Run at boot, before any domain exists, only when the hypervisor command
 * line contains "bench-direct"; it writes a scratch table of its own.
 */
#include "console.h"
#include "mm.h"
#include "../arch/x86_64/cpu.h"

void bench_direct_pte_writes(void)
{
	uint64_t mfn = frame_alloc_xen();
	if (!mfn)
		return;
	volatile uint64_t *l1 = mfn_to_virt(mfn);
	uint64_t t0 = rdtsc();
	for (int i = 0; i < 512; i++)
		l1[i] = ((uint64_t)i << 12) | 0x23;
	uint64_t t1 = rdtsc();
	log_info("BENCH direct-ring0 %lu", (t1 - t0) / 512);
	frame_free_xen(mfn);
}
