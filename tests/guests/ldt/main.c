/*
 * Rule: an LDT set with MMUEXT_SET_LDT is used by the CPU only after its
 * pages were validated as descriptor pages: valid data descriptors load
 * (DPL raised to 3 where lower), a selector beyond the LDT gives #GP, one
 * into a page holding a forbidden descriptor gives #PF at that page (as in
 * Xen 4.17, whose lazy LDT passes the failed mapping back as a page fault,
 * error code 0: a not-present implicit read) and loads once the page is
 * fixed, an LDT page cannot be mapped writable while the LDT uses it,
 * update_descriptor changes it, and once the LDT is dropped the page is
 * ordinary memory again.
 */
#include "catch.h"
#include "gnttab.h"
#include "test.h"

static uint64_t good[512] __attribute__((aligned(4096)));
static uint64_t bad[512] __attribute__((aligned(4096)));

static long set_ldt(uint64_t va, unsigned entries)
{
	struct mmuext_op op = { .cmd = MMUEXT_SET_LDT, .arg1.linear_addr = va, .arg2.nr_ents = entries };
	return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static long map(void *va, bool writable)
{
	uint64_t pte = (guest_va_to_mfn(va) << 12) | 0x21 | (writable ? 2 : 0);   /* P A [RW] */
	return HYPERVISOR_update_va_mapping((uint64_t)va, pte, UVMF_INVLPG);
}

/* Load %fs with sel; true if it loaded, false if it raised #GP or #PF. */
static bool load_fs(uint32_t sel)
{
	catch_reset();
	CHECK_EQ(catch_trap(13, 2, 0), 0);
	CHECK_EQ(catch_trap(14, 2, 0), 0);
	__asm__ volatile("movl %0, %%fs" :: "a"(sel));                  /* 8e e0 */
	return caught.count == 0;
}

static unsigned fs_dpl(uint32_t sel)
{
	uint32_t ar;
	__asm__ volatile("lar %1, %0" : "=r"(ar) : "r"(sel));
	return (ar >> 13) & 3;
}

int main(void)
{
	good[0] = 0x00cff3000000ffffull;        /* data, DPL 3 */
	good[1] = 0x00cf93000000ffffull;        /* data, DPL 0: raised to 3 */
	bad[0] = 0x00008b0000000067ull;         /* a TSS descriptor: forbidden */
	CHECK_EQ(map(good, false), 0);
	CHECK_EQ(map(bad, false), 0);

	CHECK_EQ(set_ldt((uint64_t)good, 2), 0);
	CHECK(load_fs(0x07), "LDT selector 0 did not load");
	CHECK(load_fs(0x0f), "LDT selector 1 did not load");
	CHECK_EQ(fs_dpl(0x0f), 3);
	CHECK(good[1] != 0x00cf93000000ffffull, "descriptor stored with DPL 0");
	CHECK(!load_fs(0x17), "a selector beyond the LDT loaded");
	CHECK_EQ(caught.vector, 13);
	CHECK_EQ(caught.error_code, 0x14);
	CHECK_EQ(map(good, true), -XEN_EBUSY);  /* a live LDT page is never writable */
	CHECK_EQ(HYPERVISOR_update_descriptor(guest_va_to_mfn(good) << 12, 0), 0);
	CHECK(!load_fs(0x07), "a cleared descriptor still loaded");
	CHECK(load_fs(0x0f), "the other descriptor stopped loading");

	CHECK_EQ(set_ldt((uint64_t)bad, 1), 0);  /* accepted, as in Xen; never used */
	CHECK(!load_fs(0x07), "a page holding a TSS descriptor became the LDT");
	CHECK_EQ(caught.vector, 14);
	CHECK_EQ(caught.error_code, 0);
	CHECK(caught.cr2 == (uint64_t)bad, "#PF at 0x%lx, expected the LDT page 0x%lx", caught.cr2,
	      (uint64_t)bad);
	CHECK_EQ(map(bad, true), 0);            /* it was never typed */
	bad[0] = 0x00cff3000000ffffull;         /* fixed: the next use maps it */
	CHECK_EQ(map(bad, false), 0);
	CHECK(load_fs(0x07), "the fixed LDT page did not load");
	CHECK_EQ(map(bad, true), -XEN_EBUSY);   /* typed now */

	CHECK_EQ(set_ldt(0, 0), 0);
	CHECK(!load_fs(0x0f), "an LDT selector loaded with no LDT");
	CHECK_EQ(map(good, true), 0);           /* ordinary memory again */
	CHECK_EQ(set_ldt(0xFFFF830000000000ull, 1), -XEN_EINVAL);
	__asm__ volatile("movl %0, %%fs" :: "r"(0));
	test_pass();
}
