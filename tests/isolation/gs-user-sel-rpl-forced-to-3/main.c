/*
 * Rule: set_segment_base(SEGBASE_GS_USER_SEL, sel) loads a non-null selector
 * (sel > 3) with its RPL forced to 3, the guest kernel's privilege level:
 * whatever RPL the guest writes, the hypervisor, which loads the selector in
 * ring 0, never lets it ask for more than ring 3, and %gs reads back as
 * sel | 3.  (A null selector, 0-3, loads as given; not tried here.)  With
 * RPL 3 the CPU checks every descriptor's DPL against 3, so a ring-0
 * descriptor can never end up in %gs (gs-user-sel-bad-selector-becomes-null).
 *
 * Tried with RPL 0, 1, 2 and 3: a flat data descriptor in the guest's GDT,
 * the hypervisor's flat ring-3 data selector FLAT_RING3_DS32 (0xe02b), and a
 * flat data descriptor in the guest's LDT (selector 4, right above the null
 * range, is LDT entry 0 with RPL 0).
 */
#include "attack.h"
#include "seg.h"

static void expect_rpl3(const char *what, uint16_t sel)
{
	for (uint16_t rpl = 0; rpl < 4; rpl++) {
		uint16_t asked = (uint16_t)((sel & ~3) | rpl);
		CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, 0), 0);
		CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, asked), 0);
		uint16_t gs = segs_read().gs;
		printf("%s: selector 0x%04x loads as 0x%04x\n", what, asked, gs);
		CHECK(gs == (asked | 3), "%s: selector 0x%x read back as 0x%x, expected 0x%x", what, asked, gs,
		      asked | 3);
	}
}

int main(void)
{
	uint64_t gdt = attack_fresh_gdt(), ldt_va;
	seg_desc(&gdt, 16, DESC_DATA);
	uint64_t ldt = seg_ldt_install(1, &ldt_va);
	seg_desc(&ldt, 0, DESC_DATA);
	expect_rpl3("guest GDT data", SEL_GDT(16));
	expect_rpl3("FLAT_RING3_DS32", FLAT_RING3_DS32);
	expect_rpl3("guest LDT data", SEL_LDT(0));
	CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, 0), 0);
	CHECK_EQ(segs_read().gs, 0);
	attack_hv_alive();
	test_pass();
}
