/*
 * Rule: a call gate in a guest GDT may only lead to a guest segment: its
 * target selector must be a guest GDT selector (below entry 7168), the flat
 * kernel code selector 0xe033, or an LDT selector, and its reserved bits
 * 32-39 must be 0 (xen-pv-abi.md 9.12.6); otherwise -EINVAL.  Gates to the
 * hypervisor's own selectors (0xe008 ring-0 code, 0xe010 ring-0 data,
 * 0xe040 TSS, the last entry) are refused, through update_descriptor and
 * set_gdt.  An accepted gate is stored with DPL 0, so every use traps, and
 * the DPL the guest asked for (raised to 3) in its selector's RPL; lar at
 * CPL 3 cannot see it in the live GDT, and a far call through it faults
 * (#GP with the gate's selector) instead of changing privilege.
 */
#include "attack.h"
#include "catch.h"

#define GATE(sel, dpl) (0x00000c0000000000ull | (1ull << 47) | ((uint64_t)(dpl) << 45) | \
			((uint64_t)(sel) << 16) | 0x1000)

static const struct { const char *what; uint16_t sel; } refused[] = {
	{ "hypervisor ring-0 code 0xe008", 0xe008 }, { "hypervisor ring-0 data 0xe010", 0xe010 },
	{ "hypervisor TSS 0xe040", 0xe040 }, { "hypervisor per-CPU 0xe060", 0xe060 },
	{ "last GDT entry", 0xfff8 }, { "hypervisor code, RPL 3", 0xe00b },
};

int main(void)
{
	uint64_t gdt = attack_fresh_gdt();
	for (unsigned i = 0; i < ARRAY_SIZE(refused); i++) {
		for (unsigned dpl = 0; dpl < 4; dpl++)
			expect_rc(refused[i].what, HYPERVISOR_update_descriptor(gdt_maddr(gdt, 20), GATE(refused[i].sel, dpl)),
				  -XEN_EINVAL);
		uint64_t page = pt_mfn(pt_alloc());
		CHECK_EQ(pt_update(gdt_maddr(page, 20), GATE(refused[i].sel, 3)), 0);       /* untyped */
		expect_rc("set_gdt with such a gate", HYPERVISOR_set_gdt(&page, 512), -XEN_EINVAL);
		expect_untyped("the refused page", page);
	}
	expect_rc("gate with reserved bits 32-39 set",
		  HYPERVISOR_update_descriptor(gdt_maddr(gdt, 20), GATE(FLAT_KERNEL_CS, 3) | (1ull << 32)), -XEN_EINVAL);
	CHECK_EQ(frame_view(gdt)[20], 0);

	/* Accepted gates: DPL forced to 0, the asked DPL (raised to 3) in the selector's RPL. */
	static const uint16_t ok[] = { FLAT_KERNEL_CS, 0x0010, 0x0004 /* LDT */, 0x1000 };
	for (unsigned i = 0; i < ARRAY_SIZE(ok); i++) {
		CHECK_EQ(HYPERVISOR_update_descriptor(gdt_maddr(gdt, 22 + 2 * i), GATE(ok[i], 1)), 0);
		CHECK_EQ(HYPERVISOR_update_descriptor(gdt_maddr(gdt, 23 + 2 * i), 0), 0);      /* upper half */
		uint64_t stored = frame_view(gdt)[22 + 2 * i];
		uint64_t want = (GATE(ok[i], 0) & ~(0xffffull << 16)) | (uint64_t)(ok[i] | 3) << 16;
		printf("gate to 0x%04x stored as 0x%016lx\n", ok[i], stored);
		CHECK(stored == want, "gate to 0x%x: stored 0x%lx, expected 0x%lx", ok[i], stored, want);
		uint32_t ar;
		CHECK(!desc_lar((uint16_t)((22 + 2 * i) << 3 | 3), &ar), "lar sees the gate at CPL 3 (ar 0x%x)", ar);
	}
	/* A far call through the gate (REX.W lcall m16:64) faults with the gate's selector. */
	struct { uint64_t off; uint16_t sel; } __attribute__((packed)) far = { 0, (22 << 3) | 3 };
	struct trap_probe p;
	CHECK_EQ(catch_trap(13, 3, 0), 0);
	TRAP_PROBE(p, "", "rex.W lcall *(%%rbx)", "b"(&far));          /* 48 ff 1b */
	expect_probe("far call through the gate", &p, 13, 22 << 3, 0, 0);
	expect_typed("the GDT page", gdt);
	attack_hv_alive();
	test_pass();
}
