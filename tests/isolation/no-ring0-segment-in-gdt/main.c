/*
 * Rule: a guest's GDT holds no privileged segment: code and data descriptors
 * are accepted with their DPL raised to 3 (xen-pv-abi.md 9.12.6; the guest
 * kernel runs in ring 3), both through update_descriptor and when a page
 * becomes a GDT page with set_gdt.  The stored descriptor reads back with
 * DPL 3 (through a read-only mapping), and the live GDT the CPU uses agrees:
 * lar at CPL 3 sees DPL 3 (a DPL 0 code segment would be invisible to it),
 * and the data segment loads into %es at CPL 3.  The other descriptor bits
 * are kept as given.
 */
#include "attack.h"

static const struct { const char *what; uint64_t desc, want; } segs[] = {
	{ "ring-0 64-bit code", 0x00af9b000000ffffull, 0x00affb000000ffffull },
	{ "ring-0 data", 0x00cf93000000ffffull, 0x00cff3000000ffffull },
	{ "ring-1 64-bit code", 0x00afbb000000ffffull, 0x00affb000000ffffull },
	{ "ring-2 data", 0x00cfd3000000ffffull, 0x00cff3000000ffffull },
	{ "ring-0 32-bit code", 0x00cf9b000000ffffull, 0x00cffb000000ffffull },
	{ "ring-3 64-bit code", 0x00affb000000ffffull, 0x00affb000000ffffull },
	{ "ring-0 code, not present", 0x00af1b000000ffffull, 0x00af1b000000ffffull },
};

static void check_live(unsigned entry, uint64_t want)
{
	uint32_t ar;
	bool ok = desc_lar((uint16_t)(entry << 3 | 3), &ar);
	if (!(want >> 47 & 1)) {
		CHECK(!ok, "lar of a non-present descriptor succeeded");
		return;
	}
	CHECK(ok, "entry %u: lar failed: the live descriptor is not DPL 3", entry);
	CHECK(((ar >> 8) & 0xff) == ((want >> 40) & 0xff), "entry %u: live access byte 0x%x, expected 0x%lx",
	      entry, (ar >> 8) & 0xff, (want >> 40) & 0xff);
}

int main(void)
{
	uint64_t gdt = attack_fresh_gdt();
	for (unsigned i = 0; i < ARRAY_SIZE(segs); i++) {
		unsigned entry = 16 + i;
		CHECK_EQ(HYPERVISOR_update_descriptor(gdt_maddr(gdt, entry), segs[i].desc), 0);
		uint64_t stored = frame_view(gdt)[entry];
		printf("%s: 0x%016lx stored as 0x%016lx\n", segs[i].what, segs[i].desc, stored);
		CHECK(stored == segs[i].want, "%s: stored 0x%lx, expected 0x%lx", segs[i].what, stored, segs[i].want);
		check_live(entry, segs[i].want);
	}
	/* The data segment loads at CPL 3. */
	uint16_t sel = (17 << 3) | 3, back;
	__asm__ volatile("mov %1, %%es; mov %%es, %0; mov %2, %%es" : "=r"(back) : "r"(sel), "r"(0) : "memory");
	CHECK_EQ(back, sel);

	/* The same descriptors in a page that becomes the GDT through set_gdt. */
	uint64_t page = pt_mfn(pt_alloc());
	for (unsigned i = 0; i < ARRAY_SIZE(segs); i++)
		CHECK_EQ(pt_update(gdt_maddr(page, 32 + i), segs[i].desc), 0);      /* untyped: plain writes */
	CHECK_EQ(HYPERVISOR_set_gdt(&page, 512), 0);
	for (unsigned i = 0; i < ARRAY_SIZE(segs); i++) {
		uint64_t stored = frame_view(page)[32 + i];
		CHECK(stored == segs[i].want, "set_gdt: %s stored 0x%lx, expected 0x%lx", segs[i].what, stored,
		      segs[i].want);
		check_live(32 + i, segs[i].want);
	}
	printf("every code and data segment is DPL 3 in the stored and in the live GDT\n");
	expect_typed("the GDT page", page);
	CHECK_EQ(HYPERVISOR_set_gdt(NULL, 0), 0);
	expect_untyped("the old GDT page", page);
	expect_untyped("the first GDT page", gdt);
	attack_hv_alive();
	test_pass();
}
