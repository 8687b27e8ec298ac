/*
 * Rule: set_segment_base(SEGBASE_GS_USER_SEL, sel) never faults the
 * hypervisor, whatever selector the guest names, and never fails: it answers
 * 0 (as Xen does; Linux treats a failure as a bug), and a selector the CPU
 * refuses to load leaves %gs null.  The guest checks by reading %gs back
 * (there is one %gs selector register; only its bases are swapped between
 * kernel and user mode).
 *
 * Each refused selector is tried right after a good one (a flat data
 * descriptor of the guest's own, so a stale value cannot pass for null):
 * descriptors (seg_sample_tables) that are not present (#NP, in the GDT and the LDT), of the
 * wrong type (an execute-only code segment, a call gate, a zero descriptor,
 * the hypervisor's TSS), of a DPL below 3 (the hypervisor's ring-0 code and
 * data and its per-CPU descriptor, named with RPL 0 as well as 3: the RPL is
 * forced to 3, so the CPU checks the DPL against 3), beyond the guest's GDT
 * entries or the whole GDT's limit, beyond the LDT's limit, and an LDT
 * selector while there is no LDT (all #GP).  Afterwards the hypervisor still
 * answers.
 */
#include "attack.h"
#include "seg.h"

static const struct { const char *what; uint16_t sel; } bad[] = {
	{ "GDT descriptor not present", 0x88 | 3 },
	{ "GDT descriptor not present, RPL 0", 0x88 },
	{ "GDT execute-only code segment", 0x90 | 3 },
	{ "GDT call gate", 0x98 | 3 },
	{ "GDT zero descriptor", 0xa8 | 3 },
	{ "hypervisor ring-0 data", 0xe010 },
	{ "hypervisor ring-0 data, RPL 3", 0xe013 },
	{ "hypervisor ring-0 code", 0xe008 },
	{ "hypervisor TSS", 0xe040 },
	{ "hypervisor per-CPU descriptor", 0xe060 },
	{ "beyond the guest's 512 GDT entries", 0x1003 },
	{ "beyond the GDT limit", 0xfffb },
	{ "LDT descriptor not present", 0x0f },
	{ "LDT execute-only code segment", 0x17 },
	{ "LDT zero descriptor", 0x1f },
	{ "beyond the LDT limit", 0x27 },
};

static uint16_t gs_now(void)
{
	return segs_read().gs;
}

static void expect_null(const char *what, uint16_t good, uint16_t sel)
{
	CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, good), 0);
	CHECK(gs_now() == good, "the good selector 0x%x read back as 0x%x", good, gs_now());
	long rc = HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, sel);
	uint16_t gs = gs_now();
	printf("%s: selector 0x%04x: set_segment_base %ld, %%gs now 0x%x\n", what, sel, rc, gs);
	CHECK(rc == 0, "%s: set_segment_base(SEGBASE_GS_USER_SEL, 0x%x) = %ld, expected 0", what, sel, rc);
	CHECK(gs == 0, "%s: %%gs is 0x%x after a refused selector 0x%x, expected null", what, gs, sel);
}

int main(void)
{
	seg_sample_tables();
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++)
		expect_null(bad[i].what, i % 2 ? SEL_GDT(16) : SEL_LDT(0), bad[i].sel);
	CHECK_EQ(seg_set_ldt(0, 0), 0);
	expect_null("LDT selector with no LDT", SEL_GDT(16), SEL_LDT(0));
	CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, 0), 0);
	attack_hv_alive();
	test_pass();
}
