/*
 * Benchmark kernel: the instruction cost of one page-table entry update
 * through each PV path.  Under QEMU -icount shift=0 the TSC advances one
 * tick per guest instruction, so rdtsc deltas are instruction counts
 * (including everything the hypervisor executes on the guest's behalf).
 *
 * The entries updated are the 512 L1 entries of the boot region's padding
 * pages (mapped, unused).  Every pass swaps the frames of neighbouring
 * entries (slot i gets the frame of slot i ^ 1, then back), so every update
 * changes the frame: the full checked path (drop the old references, check
 * ownership, take a writable type reference on the new frame), never the
 * same-frame fast path.  Every method writes the same 512 entries: batches
 * of mmu_update, update_va_mapping, and plain stores on the writable-page-
 * table path (each a page fault, decoded and emulated).
 */
#include "guest.h"
#include "../profile_mark.h"

#define N 512
#define VIRT_BASE 0xFFFFFFFF80000000ull

static const uint64_t *m2p = (const uint64_t *)0xFFFF800000000000ull;

static uint64_t *table_va(uint64_t entry)
{
	uint64_t mfn = (entry & 0x000ffffffffff000ull) >> 12;
	return (uint64_t *)(VIRT_BASE + (m2p[mfn] << 12));
}

int main(void)
{
	/* The last 2 MiB of the region: one whole L1 of padding pages. */
	uint64_t region_end = VIRT_BASE + ((start_info->pt_base - VIRT_BASE + 0x400000) & ~0x3fffffull);
	uint64_t va0 = region_end - 0x200000;
	uint64_t *l4 = (uint64_t *)start_info->pt_base;
	uint64_t *l3 = table_va(l4[(va0 >> 39) & 511]);
	uint64_t *l2 = table_va(l3[(va0 >> 30) & 511]);
	uint64_t l1e = l2[(va0 >> 21) & 511];
	uint64_t *l1 = table_va(l1e);
	uint64_t l1_maddr = l1e & 0x000ffffffffff000ull;
	static struct mmu_update req[N];
	static uint64_t orig[N];
	unsigned pass = 0;
	for (int i = 0; i < N; i++)
		orig[i] = l1[i];

	/* mmu_update, batches of 1, 16 and 512 */
	static const unsigned batches[] = { 1, 16, 512 };
	for (unsigned b = 0; b < 3; b++) {
		pass++;
		for (int i = 0; i < N; i++) {
			req[i].ptr = l1_maddr + i * 8;
			req[i].val = orig[i ^ (pass & 1)];
		}
		static const char *const window[] = { "mmu_update-batch-1", "mmu_update-batch-16",
						      "mmu_update-batch-512" };
		profile_open();
		uint64_t t0 = guest_rdtsc();
		for (int i = 0; i < N; i += batches[b])
			if (HYPERVISOR_mmu_update(&req[i], batches[b], NULL, DOMID_SELF))
				printf("BENCH FAIL: mmu_update\n");
		uint64_t t1 = guest_rdtsc();
		profile_close(window[b], N);
		printf("BENCH mmu_update-batch-%u %lu\n", batches[b], (t1 - t0) / N);
	}
	pass++;
	profile_open();
	uint64_t t0 = guest_rdtsc();
	for (int i = 0; i < N; i++) {
		if (HYPERVISOR_update_va_mapping(va0 + (uint64_t)i * 4096, orig[i ^ (pass & 1)], UVMF_NONE))
			printf("BENCH FAIL: update_va_mapping\n");
	}
	uint64_t t1 = guest_rdtsc();
	profile_close("update_va_mapping", N);
	printf("BENCH update_va_mapping %lu\n", (t1 - t0) / N);

	/* Writable page tables: plain stores to the L1 (mapped read-only), each
	   one a page fault the hypervisor decodes, checks and completes. */
	if (HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables))
		printf("BENCH FAIL: vm_assist\n");
	pass++;
	profile_open();
	t0 = guest_rdtsc();
	for (int i = 0; i < N; i++)
		((volatile uint64_t *)l1)[i] = orig[i ^ (pass & 1)];
	t1 = guest_rdtsc();
	profile_close("ptwr-store", N);
	for (int i = 0; i < N; i++)
		if ((l1[i] ^ orig[i ^ (pass & 1)]) & ~0x60ull)   /* A and D may have changed */
			printf("BENCH FAIL: store to entry %d\n", i);
	printf("BENCH ptwr-store %lu\n", (t1 - t0) / N);
	return 0;
}
