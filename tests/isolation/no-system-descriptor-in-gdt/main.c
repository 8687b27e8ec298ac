/*
 * Rule: a guest's GDT holds no system descriptor that would switch stacks
 * or tasks in ring 0 (xen-pv-abi.md 9.12.6): TSS (available and busy), LDT,
 * interrupt gate, trap gate and task gate descriptors are refused with
 * -EINVAL by update_descriptor, at any DPL, both into a live GDT page and
 * into an ordinary page; a page holding one cannot become a GDT page through
 * set_gdt (-EINVAL) and stays ordinary memory.  The refused descriptors are
 * not written: the entries keep their previous contents, and the live GDT
 * keeps working (a data segment still loads).  Not-present system
 * descriptors are harmless and accepted unchanged.
 */
#include "attack.h"

static const struct { const char *what; uint64_t desc; } bad[] = {
	{ "64-bit TSS", 0x0000890000000067ull }, { "busy TSS", 0x00008b0000000067ull },
	{ "LDT", 0x00008200000000ffull }, { "interrupt gate", 0x00008e0000100000ull },
	{ "trap gate", 0x00008f0000100000ull }, { "task gate", 0x0000850000400000ull },
	{ "DPL-3 interrupt gate", 0x0000ee0000100000ull }, { "DPL-3 TSS", 0x0000e90000000067ull },
};

int main(void)
{
	uint64_t gdt = attack_fresh_gdt(), plain = pt_mfn(pt_alloc());
	const uint64_t data = 0x00cff3000000ffffull;
	CHECK_EQ(HYPERVISOR_update_descriptor(gdt_maddr(gdt, 9), data), 0);
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		expect_rc(bad[i].what, HYPERVISOR_update_descriptor(gdt_maddr(gdt, 9), bad[i].desc), -XEN_EINVAL);
		expect_rc(bad[i].what, HYPERVISOR_update_descriptor(gdt_maddr(gdt, 10), bad[i].desc), -XEN_EINVAL);
		expect_rc(bad[i].what, HYPERVISOR_update_descriptor(gdt_maddr(plain, 3), bad[i].desc), -XEN_EINVAL);
		/* Not present: accepted unchanged. */
		uint64_t np = bad[i].desc & ~(1ull << 47);
		CHECK_EQ(HYPERVISOR_update_descriptor(gdt_maddr(gdt, 11), np), 0);
		CHECK_EQ(frame_view(gdt)[11], np);
	}
	CHECK_EQ(frame_view(gdt)[9], data);
	CHECK_EQ(frame_view(gdt)[10], 0);
	CHECK_EQ(frame_view(plain)[3], 0);
	uint16_t sel = (9 << 3) | 3, back;
	__asm__ volatile("mov %1, %%es; mov %%es, %0; mov %2, %%es" : "=r"(back) : "r"(sel), "r"(0) : "memory");
	CHECK_EQ(back, sel);

	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		uint64_t page = pt_mfn(pt_alloc());
		CHECK_EQ(pt_update(gdt_maddr(page, 100), bad[i].desc), 0);    /* untyped: a plain write */
		expect_rc("set_gdt with a page holding one", HYPERVISOR_set_gdt(&page, 512), -XEN_EINVAL);
		expect_untyped("the refused page", page);
		CHECK_EQ(frame_view(page)[100], bad[i].desc);
	}
	/* The refused set_gdt left the GDT in place. */
	__asm__ volatile("mov %1, %%es; mov %%es, %0; mov %2, %%es" : "=r"(back) : "r"(sel), "r"(0) : "memory");
	CHECK_EQ(back, sel);
	expect_typed("the live GDT page", gdt);
	attack_hv_alive();
	test_pass();
}
