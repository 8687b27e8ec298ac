/*
 * Rule: the guest's bootstrap page-table frames are mapped read-only, so a
 * write to any of them (from pt_base on, nr_pt_frames pages) is a #PF with
 * error code P|W (3; U clear in kernel mode), CR2 = the address written, and
 * the page table unchanged; the handler's return continues after the store.
 */
#include "catch.h"
#include "test.h"

int main(void)
{
	CHECK(start_info->nr_pt_frames >= 4, "nr_pt_frames %lu", start_info->nr_pt_frames);
	for (uint64_t i = 0; i < start_info->nr_pt_frames; i++) {
		/* Write back the value an entry already holds: harmless if the write went through. */
		volatile uint64_t *e = (uint64_t *)(start_info->pt_base + i * 4096 + 8 * (1 + 37 * i % 511));
		uint64_t before = *e;
		struct trap_probe p;
		CHECK_EQ(catch_trap(14, 3, 0), 0);
		TRAP_PROBE(p, "mov (%%rbx), %%rax", "mov %%rax, (%%rbx)", "b"(e));     /* 48 89 03 */
		expect_probe("write to a page-table frame", &p, 14, 3, 0, 0);
		CHECK(caught.cr2 == (uint64_t)e, "frame %lu: cr2 0x%lx, expected 0x%lx", i, caught.cr2, (uint64_t)e);
		CHECK(*e == before, "frame %lu: entry changed", i);
	}
	printf("%lu page-table frames are read-only\n", start_info->nr_pt_frames);
	test_pass();
}
