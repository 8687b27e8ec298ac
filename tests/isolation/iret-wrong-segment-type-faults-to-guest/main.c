/*
 * Rule: an iret frame whose cs is not a code segment, or whose ss is not a
 * writable data segment, reaches the guest as the CPU's #GP(selector) at
 * the frame's rip: a data segment as cs, a call gate as cs (stored with
 * DPL 0 by the descriptor check), an empty guest GDT entry or one beyond
 * the guest's GDT as cs; a code segment or a read-only data segment as
 * ss.  The hypervisor runs on.
 */
#include "attack.h"
#include "events.h"
#include "iret_probe.h"

#define CODE64 0x00affb000000ffffull
#define DATA   0x00cff3000000ffffull
#define DATA_RO 0x00cff1000000ffffull
#define GATE   (0x0000ec0000000000ull | ((uint64_t)FLAT_KERNEL_CS << 16))

int main(void)
{
	events_init();
	iret_probe_init();
	uint64_t gdt = attack_fresh_gdt();
	static const uint64_t desc[] = { CODE64, DATA, DATA_RO, GATE, 0 };
	for (unsigned i = 0; i < ARRAY_SIZE(desc); i++)
		CHECK_EQ(HYPERVISOR_update_descriptor(gdt_maddr(gdt, 16 + i), desc[i]), 0);
	static const struct { const char *what; uint16_t cs, ss; uint16_t error; } f[] = {
		{ "data segment as cs", 17 << 3, FLAT_KERNEL_SS, 17 << 3 },
		{ "call gate as cs", 19 << 3, FLAT_KERNEL_SS, 19 << 3 },
		{ "empty GDT entry as cs", 20 << 3, FLAT_KERNEL_SS, 20 << 3 },
		{ "cs beyond the guest's GDT", 600 << 3, FLAT_KERNEL_SS, 600 << 3 },
		{ "code segment as ss", FLAT_KERNEL_CS & ~3, 16 << 3, 16 << 3 },
		{ "read-only data as ss", FLAT_KERNEL_CS & ~3, 18 << 3, 18 << 3 },
		{ "own code with own read-only ss", 16 << 3, 18 << 3, 18 << 3 },
	};
	for (unsigned i = 0; i < ARRAY_SIZE(f); i++) {
		struct iret_outcome o = iret_probe(f[i].cs, f[i].ss, 0x202, 0);
		iret_expect_fault(f[i].what, &o, f[i].cs, f[i].ss, 13, f[i].error);
	}
	struct iret_outcome o = iret_probe(16 << 3, 17 << 3, 0x202, 0);
	iret_expect_landed("own code and data (the control)", &o, 16 << 3, 17 << 3);
	CHECK_EQ(HYPERVISOR_set_gdt(NULL, 0), 0);
	attack_hv_alive();
	test_pass();
}
