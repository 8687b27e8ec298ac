/*
 * Rule: a conforming code segment in a guest GDT is accepted like any code
 * segment, with its DPL raised to 3 (xen-pv-abi.md 9.12.6), so it can only
 * ever be entered from ring 3: a DPL-0 conforming segment would be callable
 * from ring 3 and keep the caller's privilege, but a DPL-3 one can be
 * entered only from ring 3.  Through update_descriptor and set_gdt the
 * stored and the live descriptor have DPL 3 (lar at CPL 3 sees DPL 3), and
 * a far jump to it lands in ring 3 (the CS RPL afterwards is 3).
 */
#include "attack.h"

static const struct { uint64_t desc, want; } conf[] = {
	{ 0x00af9f000000ffffull, 0x00afff000000ffffull },       /* 64-bit, DPL 0, readable, accessed */
	{ 0x00af9c000000ffffull, 0x00affc000000ffffull },       /* 64-bit, DPL 0, execute-only */
	{ 0x00afbe000000ffffull, 0x00affe000000ffffull },       /* 64-bit, DPL 1 */
	{ 0x00cf9e000000ffffull, 0x00cffe000000ffffull },       /* 32-bit, DPL 0 */
};

int main(void)
{
	uint64_t gdt = attack_fresh_gdt(), page = pt_mfn(pt_alloc());
	for (unsigned i = 0; i < ARRAY_SIZE(conf); i++) {
		CHECK_EQ(HYPERVISOR_update_descriptor(gdt_maddr(gdt, 40 + i), conf[i].desc), 0);
		CHECK_EQ(pt_update(gdt_maddr(page, 40 + i), conf[i].desc), 0);        /* untyped: plain write */
		uint64_t stored = frame_view(gdt)[40 + i];
		printf("conforming code 0x%016lx stored as 0x%016lx\n", conf[i].desc, stored);
		CHECK(stored == conf[i].want, "stored 0x%lx, expected 0x%lx", stored, conf[i].want);
		uint32_t ar;
		CHECK(desc_lar((uint16_t)((40 + i) << 3 | 3), &ar), "lar failed");
		CHECK(((ar >> 13) & 3) == 3, "live DPL %u", (ar >> 13) & 3);
	}
	/* Far jump into the 64-bit conforming segment (entry 40) and back to the flat selector. */
	uint64_t cs;
	struct { uint64_t off; uint16_t sel; } __attribute__((packed)) to = { 0, 40 << 3 }, back = { 0, FLAT_KERNEL_CS };
	__asm__ volatile("lea 1f(%%rip), %%rax; mov %%rax, (%1)\n\t"
			 "lea 2f(%%rip), %%rax; mov %%rax, (%2)\n\t"
			 "rex.W ljmp *(%1)\n"
			 "1: mov %%cs, %0\n\t"
			 "rex.W ljmp *(%2)\n"
			 "2:"
			 : "=&r"(cs) : "r"(&to), "r"(&back) : "rax", "memory");
	printf("far jump to the conforming segment: cs = 0x%lx\n", cs);
	CHECK_EQ(cs, (40 << 3) | 3);

	CHECK_EQ(HYPERVISOR_set_gdt(&page, 512), 0);
	for (unsigned i = 0; i < ARRAY_SIZE(conf); i++)
		CHECK(frame_view(page)[40 + i] == conf[i].want, "set_gdt: stored 0x%lx", frame_view(page)[40 + i]);
	expect_typed("the GDT page", page);
	CHECK_EQ(HYPERVISOR_set_gdt(NULL, 0), 0);
	attack_hv_alive();
	test_pass();
}
