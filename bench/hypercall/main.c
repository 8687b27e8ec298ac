/*
 * Benchmark kernel: the cost of a near-null hypercall, xen_version
 * (XENVER_version: no argument to read or write), from the guest's call
 * into the hypercall page to its return: entry, dispatch, the handler, and
 * the exit back to the guest.  Under QEMU -icount shift=0 the TSC counts
 * instructions (hypervisor included); bench/fastpath.py prints the median
 * over several rounds.  The loop is a profile window (bench/profile_mark.h).
 */
#include "guest.h"
#include "public/version.h"
#include "../bench_median.h"
#include "../profile_mark.h"

#define CALLS 1000
#define ROUNDS 9

int main(void)
{
	static uint64_t per_call[ROUNDS];
	long version = HYPERVISOR_xen_version(XENVER_version, NULL);
	for (int r = 0; r < ROUNDS; r++) {
		if (r == ROUNDS - 1)
			profile_open();
		uint64_t t0 = guest_rdtsc();
		for (int i = 0; i < CALLS; i++)
			if (HYPERVISOR_xen_version(XENVER_version, NULL) != version)
				printf("BENCH FAIL: xen_version changed\n");
		uint64_t t1 = guest_rdtsc();
		if (r == ROUNDS - 1)
			profile_close("xen_version", CALLS);
		per_call[r] = (t1 - t0) / CALLS;
	}
	printf("BENCH xen_version %lu\n", bench_median(per_call, ROUNDS));
	return 0;
}
