/*
 * Rule: the machine-to-physical table is mapped read-only for guests at
 * 0xFFFF800000000000 (xen-pv-abi.md 2.1): for every page of the domain,
 * M2P[p2m[pfn]] == pfn, and a write to it is a #PF with P|W set.
 */
#include "catch.h"
#include "test.h"

#define M2P ((const volatile uint64_t *)0xFFFF800000000000ull)

int main(void)
{
	const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;
	for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++) {
		uint64_t mfn = p2m[pfn];
		if (mfn == ~0ull)
			continue;
		if (M2P[mfn] != pfn)
			test_fail("M2P[0x%lx] = 0x%lx, but p2m[0x%lx] = 0x%lx", mfn, M2P[mfn], pfn, mfn);
	}

	struct trap_probe p;
	volatile uint64_t *own = (volatile uint64_t *)&M2P[p2m[0]];
	CHECK_EQ(catch_trap(14, 3, 0), 0);
	TRAP_PROBE(p, "mov (%%rbx), %%rax", "mov %%rax, (%%rbx)", "b"(own));   /* 48 89 03 */
	expect_probe("write to the M2P", &p, 14, 3, 0, 0);
	CHECK(caught.cr2 == (uint64_t)own, "cr2 0x%lx, expected 0x%lx", caught.cr2, (uint64_t)own);
	printf("M2P consistent with the p2m for %lu pages\n", start_info->nr_pages);
	test_pass();
}
