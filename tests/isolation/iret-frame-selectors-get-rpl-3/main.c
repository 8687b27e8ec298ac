/*
 * Rule: the iret hypercall gives the frame's cs and ss RPL 3 before the
 * hypervisor's iretq uses them, as Xen 4.17 does, so the return always
 * lands at CPL 3, whatever descriptor the selectors name:
 *  - a DPL-0 64-bit code segment and a DPL-0 data segment of the guest's
 *    own GDT (stored with DPL 3, pv-mmu's descriptor check) named with RPL
 *    0, 1 or 2: the guest runs on them with RPL 3 (CPL 3);
 *  - a DPL-0 conforming code segment (stored with DPL 3): CPL 3;
 *  - only the low 16 bits of the cs and ss slots are selectors;
 *  - a frame marked VGCF_in_syscall returns as Xen's sysret does, on the
 *    flat selectors 0xe033/0xe02b whatever the frame names.
 * The hypervisor keeps running throughout.
 */
#include "attack.h"
#include "events.h"
#include "iret_probe.h"

#define CODE64_DPL0 0x00af9b000000ffffull
#define DATA_DPL0   0x00cf93000000ffffull
#define CONF64_DPL0 0x00af9f000000ffffull

int main(void)
{
	events_init();
	iret_probe_init();
	uint64_t gdt = attack_fresh_gdt();
	CHECK_EQ(HYPERVISOR_update_descriptor(gdt_maddr(gdt, 16), CODE64_DPL0), 0);
	CHECK_EQ(HYPERVISOR_update_descriptor(gdt_maddr(gdt, 17), DATA_DPL0), 0);
	CHECK_EQ(HYPERVISOR_update_descriptor(gdt_maddr(gdt, 18), CONF64_DPL0), 0);
	const uint16_t code = 16 << 3, data = 17 << 3, conf = 18 << 3;
	struct iret_outcome o;
	char what[64];
	for (unsigned rpl = 0; rpl < 3; rpl++) {
		snprintf(what, sizeof(what), "own DPL-0 code and data, RPL %u", rpl);
		o = iret_probe(code | rpl, data | rpl, 0x202, 0);
		iret_expect_landed(what, &o, code, data);
	}
	o = iret_probe(code, FLAT_KERNEL_SS, 0x202, 0);
	iret_expect_landed("own DPL-0 code, flat stack", &o, code, FLAT_KERNEL_SS);
	o = iret_probe(conf, FLAT_KERNEL_SS, 0x202, 0);
	iret_expect_landed("own DPL-0 conforming code", &o, conf, FLAT_KERNEL_SS);
	o = iret_probe(0x1234567800000000ull | code, 0xabcd000000000000ull | data, 0x202, 0);
	iret_expect_landed("selectors with bits above 15", &o, code, data);
	o = iret_probe(code, data, 0x202, VGCF_in_syscall);
	iret_expect_landed("own selectors, VGCF_in_syscall", &o, FLAT_KERNEL_CS, FLAT_KERNEL_SS);
	o = iret_probe(0xe008, 0xe010, 0x202, VGCF_in_syscall);
	iret_expect_landed("ring-0 selectors, VGCF_in_syscall", &o, FLAT_KERNEL_CS, FLAT_KERNEL_SS);
	CHECK_EQ(HYPERVISOR_set_gdt(NULL, 0), 0);
	attack_hv_alive();
	test_pass();
}
