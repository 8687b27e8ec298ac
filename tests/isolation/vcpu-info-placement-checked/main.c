/*
 * Rule: VCPUOP_register_vcpu_info puts a vcpu_info (which the hypervisor
 * writes from then on) only into a page the domain owns, where it can be
 * written, and only once (Xen 4.17's map_vcpu_info): an offset that would
 * cross the page (above 4032) or is not 8-byte aligned is -ENXIO; another
 * domain's frame, a hypervisor frame, a frame past RAM, one of the
 * domain's page tables or its GDT is -EINVAL; so is a second registration,
 * and one for a vCPU that is up other than the caller.  The frame that holds
 * it keeps a writable type while registered: a fresh, unmapped frame that
 * could be pinned as a page table before (control) cannot be once it holds
 * a vcpu_info (-EINVAL), nor become a GDT.  An unreadable argument is
 * -EFAULT.  A registration at offset 4032, the last one that fits, works.
 */
#include "attack.h"
#include "events.h"
#include "vcpu.h"

static uint8_t page[4096] __attribute__((aligned(4096)));

static long reg(unsigned id, uint64_t mfn, uint32_t offset)
{
	struct vcpu_register_vcpu_info r = { mfn, offset, 0 };
	return HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, id, &r);
}

static void spin(unsigned id)
{
	(void)id;
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

int main(void)
{
	events_init();
	pt_init();
	uint64_t mine = pt_va_mfn(page), foreign[2];
	CHECK(attack_find_foreign(foreign, 2) == 2, "no frames of the other domain");
	static const uint32_t crossing[] = { 4033, 4040, 4088, 4095, 4096, 0x10000, 0xffffffffu };
	for (unsigned i = 0; i < ARRAY_SIZE(crossing); i++)
		CHECK(reg(1, mine, crossing[i]) == -XEN_ENXIO, "offset %u: not -ENXIO", crossing[i]);
	static const uint32_t misaligned[] = { 1, 4, 7, 12, 4031 };
	for (unsigned i = 0; i < ARRAY_SIZE(misaligned); i++)
		CHECK(reg(1, mine, misaligned[i]) == -XEN_ENXIO, "offset %u: not -ENXIO", misaligned[i]);
	uint64_t gdt = attack_fresh_gdt();
	const struct { const char *what; uint64_t mfn; } bad[] = {
		{ "another domain's frame", foreign[0] }, { "another domain's frame", foreign[1] },
		{ "a hypervisor frame", 0x100 }, { "a frame past RAM", 1ull << 30 }, { "MFN 0", 0 },
		{ "the live L1", pt_table_mfn(VIRT_BASE, 1) }, { "the live L4", pt_cr3_mfn() },
		{ "the GDT frame", gdt },
	};
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		long rc = reg(1, bad[i].mfn, 0);
		CHECK(rc == -XEN_EINVAL, "%s (frame %lx): %ld (%s), expected -EINVAL", bad[i].what, bad[i].mfn, rc,
		      xen_errname(rc));
	}
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 1, (void *)0xffff800000001000ull), -XEN_EFAULT);

	/* Not for another vCPU that is up. */
	CHECK_EQ(guest_vcpu_start(2, spin), 0);
	CHECK_EQ(reg(2, mine, 0), -XEN_EINVAL);

	/* The last offset that fits, in a fresh unmapped frame; then never again. */
	uint64_t control = pt_alloc(), held = pt_alloc();
	CHECK_EQ(pt_pin(1, pt_mfn(control)), 0);        /* a fresh frame can become a table */
	CHECK_EQ(pt_unpin(pt_mfn(control)), 0);
	CHECK_EQ(reg(1, pt_mfn(held), 4032), 0);
	CHECK_EQ(pt_map(held, PT_P | PT_A), 0);
	const struct vcpu_info *vi = (const struct vcpu_info *)(pt_pfn_va(held) + 4032);
	CHECK(vi->evtchn_upcall_pending == 1 && vi->evtchn_pending_sel == ~0ull && vi->evtchn_upcall_mask == 1,
	      "the moved vcpu_info: pending %u sel %lx mask %u", vi->evtchn_upcall_pending, vi->evtchn_pending_sel,
	      vi->evtchn_upcall_mask);
	CHECK_EQ(reg(1, mine, 0), -XEN_EINVAL);
	CHECK_EQ(reg(1, pt_mfn(held), 4032), -XEN_EINVAL);
	CHECK_EQ(pt_map(held, 0), 0);
	for (unsigned level = 1; level <= 4; level++)
		expect_rc("pinning the vcpu_info page", pt_pin(level, pt_mfn(held)), -XEN_EINVAL);
	uint64_t frames[1] = { pt_mfn(held) };
	expect_rc("set_gdt on the vcpu_info page", HYPERVISOR_set_gdt(frames, 512), -XEN_EINVAL);
	CHECK_EQ(pt_map(held, PT_P | PT_RW | PT_A), 0); /* still ordinary, writable memory */
	*(volatile uint8_t *)pt_pfn_va(held) = 1;
	attack_hv_alive();
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_down, 2, NULL), 0);
	test_pass();
}
