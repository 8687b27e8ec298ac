/*
 * Rule: an iret frame naming one of the hypervisor's own GDT entries other
 * than the flat ring-3 segments never returns: with RPL 3 forced, the CPU's
 * iretq refuses the DPL-0 code and data segments (0xe008, 0xe010), the
 * system descriptors (the TSS at 0xe040, the LDT at 0xe050), the per-CPU
 * entry (0xe060), empty reserved entries and selectors beyond the GDT, and
 * the fault reaches the guest as Xen 4.17 delivers it: #GP with the
 * selector as error code, at the frame's rip, with the frame's cs (RPL
 * cleared: guest-kernel mode) and ss in the bounce frame.  The hypervisor
 * runs on after each.
 */
#include "attack.h"
#include "events.h"
#include "iret_probe.h"

int main(void)
{
	events_init();
	iret_probe_init();
	static const uint16_t cs[] = { 0xe008, 0xe010, 0xe018, 0xe038, 0xe040, 0xe048, 0xe050, 0xe060,
				       0xe0f8, 0xfff8 };
	char what[64];
	for (unsigned i = 0; i < ARRAY_SIZE(cs); i++) {
		snprintf(what, sizeof(what), "cs 0x%x", cs[i]);
		struct iret_outcome o = iret_probe(cs[i], FLAT_KERNEL_SS, 0x202, 0);
		iret_expect_fault(what, &o, cs[i], FLAT_KERNEL_SS, 13, cs[i]);
	}
	static const uint16_t ss[] = { 0xe008, 0xe010, 0xe020, 0xe040, 0xe060, 0xfff8 };
	for (unsigned i = 0; i < ARRAY_SIZE(ss); i++) {
		snprintf(what, sizeof(what), "ss 0x%x", ss[i]);
		struct iret_outcome o = iret_probe(FLAT_KERNEL_CS & ~3, ss[i], 0x202, 0);
		iret_expect_fault(what, &o, FLAT_KERNEL_CS & ~3, ss[i], 13, ss[i]);
	}
	attack_hv_alive();
	test_pass();
}
