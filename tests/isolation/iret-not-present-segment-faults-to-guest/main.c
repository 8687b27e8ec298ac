/*
 * Rule: an iret frame naming a not-present segment of the guest's own GDT
 * (kept as the guest wrote it: using it faults) reaches the guest as the
 * fault the CPU's iretq raises, at the frame's rip: a not-present DPL-3
 * code segment #NP(selector); a not-present DPL-0 one #GP(selector) (the
 * DPL check comes first); a not-present data segment as ss the
 * stack-segment fault with the selector (#SS on real CPUs, #NP under QEMU's
 * TCG, for Xen as for Umbra).  The hypervisor runs on.
 */
#include "attack.h"
#include "events.h"
#include "iret_probe.h"

int main(void)
{
	events_init();
	iret_probe_init();
	uint64_t gdt = attack_fresh_gdt();
	CHECK_EQ(HYPERVISOR_update_descriptor(gdt_maddr(gdt, 16), 0x00af7b000000ffffull), 0);  /* DPL 3 */
	CHECK_EQ(HYPERVISOR_update_descriptor(gdt_maddr(gdt, 17), 0x00af1b000000ffffull), 0);  /* DPL 0 */
	CHECK_EQ(HYPERVISOR_update_descriptor(gdt_maddr(gdt, 18), 0x00cf73000000ffffull), 0);  /* data */
	struct iret_outcome o = iret_probe(16 << 3, FLAT_KERNEL_SS, 0x202, 0);
	iret_expect_fault("not-present DPL-3 code", &o, 16 << 3, FLAT_KERNEL_SS, 11, 16 << 3);
	o = iret_probe(17 << 3, FLAT_KERNEL_SS, 0x202, 0);
	iret_expect_fault("not-present DPL-0 code", &o, 17 << 3, FLAT_KERNEL_SS, 13, 17 << 3);
	o = iret_probe(FLAT_KERNEL_CS & ~3, 18 << 3, 0x202, 0);
	iret_expect_fault("not-present data as ss", &o, FLAT_KERNEL_CS & ~3, 18 << 3, o.vector, 18 << 3);
	CHECK(o.vector == 12 || o.vector == 11, "not-present ss: vector %lu, expected #SS or #NP", o.vector);
	CHECK_EQ(HYPERVISOR_set_gdt(NULL, 0), 0);
	attack_hv_alive();
	test_pass();
}
