/*
 * Rule: a guest that loads a bad selector itself gets the CPU's own fault,
 * bounced to its own handler, and nothing else happens.  The guest kernel
 * runs in ring 3, so `mov %edx, %fs` is checked by the CPU against the live
 * GDT and LDT at CPL 3: a not-present descriptor raises #NP (vector 11) and
 * every other refusal #GP (vector 13), with the selector's index and TI bit
 * as the error code (RPL dropped).  The hypervisor passes the fault on
 * unchanged, with the faulting instruction as the saved rip, and %fs keeps
 * the selector it held before.
 *
 * Tried (seg_sample_tables): GDT and LDT descriptors that are not present,
 * execute-only code segments, zero descriptors, a call gate, the
 * hypervisor's ring-0 data (DPL 0), a selector beyond the guest's GDT
 * entries, one beyond the whole GDT's limit, one beyond the LDT's limit,
 * and an LDT selector while there is no LDT.
 */
#include "attack.h"
#include "catch.h"
#include "seg.h"

static const struct { const char *what; uint16_t sel; unsigned vector; } bad[] = {
	{ "GDT descriptor not present", 0x8b, 11 },
	{ "LDT descriptor not present", 0x0f, 11 },
	{ "GDT execute-only code segment", 0x93, 13 },
	{ "LDT execute-only code segment", 0x17, 13 },
	{ "GDT call gate", 0x9b, 13 },
	{ "GDT zero descriptor", 0xa3, 13 },
	{ "LDT zero descriptor", 0x1f, 13 },
	{ "hypervisor ring-0 data", 0xe013, 13 },
	{ "beyond the guest's 512 GDT entries", 0x1003, 13 },
	{ "beyond the GDT limit", 0xfffb, 13 },
	{ "beyond the LDT limit", 0x27, 13 },
};

static void probe(const char *what, uint16_t sel, unsigned vector)
{
	struct trap_probe p;
	uint16_t before = SEL_GDT(16);
	segs_load((struct segs){ 0, 0, before, 0 });
	TRAP_PROBE(p, "movl %k[s], %%edx", "movl %%edx, %%fs", [s] "r"((uint32_t)sel));   /* 8e e2 */
	printf("%s: selector 0x%04x raised vector %lu, error code 0x%lx\n", what, sel, caught.vector,
	       caught.error_code);
	expect_probe(what, &p, vector, sel & ~3u, 0, 0);
	uint16_t fs = segs_read().fs;
	CHECK(fs == before, "%s: %%fs is 0x%x after the fault, was 0x%x", what, fs, before);
}

int main(void)
{
	seg_sample_tables();
	CHECK_EQ(catch_trap(11, 2, 0), 0);
	CHECK_EQ(catch_trap(13, 2, 0), 0);

	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++)
		probe(bad[i].what, bad[i].sel, bad[i].vector);
	CHECK_EQ(seg_set_ldt(0, 0), 0);
	probe("LDT selector with no LDT", SEL_LDT(0), 13);
	segs_load((struct segs){ 0, 0, 0, 0 });
	attack_hv_alive();
	test_pass();
}
