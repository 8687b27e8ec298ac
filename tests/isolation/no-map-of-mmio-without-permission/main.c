/*
 * Rule: memory that is not RAM (device registers, holes) can be mapped only
 * by a domain with I/O-memory permission for it (xen-pv-abi.md 9.7 step 2:
 * -EPERM), and no other request treats it as a frame (-EINVAL).  Targets
 * beyond the top of RAM: the local APIC, the I/O APIC, the HPET, the PCIe
 * MMCONFIG window of the q35 machine, the first frame past RAM and a frame
 * far beyond any memory; also through DOMID_IO as page owner (-EPERM).
 * Afterwards the probe address is unmapped and the hypervisor (which uses
 * the local APIC for its timer) still answers and schedules.
 */
#include "attack.h"

int main(void)
{
	long max_ram = HYPERVISOR_memory_op(2 /* XENMEM_maximum_ram_page */, NULL);
	const struct { const char *what; uint64_t mfn; } t[] = {
		{ "local APIC", 0xFEE00 }, { "I/O APIC", 0xFEC00 }, { "HPET", 0xFED00 },
		{ "PCIe MMCONFIG", 0xB0000 }, { "first frame past RAM", (uint64_t)max_ram },
		{ "frame 2^36", 1ull << 36 },
	};
	uint64_t probe = pt_entry_maddr(pt_probe_va(), 1);
	for (unsigned i = 0; i < ARRAY_SIZE(t); i++) {
		printf("%s: frame %lx\n", t[i].what, t[i].mfn);
		attack_frame_not_mine(t[i].what, t[i].mfn, -XEN_EPERM);
		expect_rc("mmu_update mapping it with DOMID_IO as page owner",
			  pt_update_fd(probe, (t[i].mfn << 12) | PT_P | PT_RW | PT_PCD | PT_PWT, DOMID_IO), -XEN_EINVAL);
		expect_rc("mmu_update mapping it with DOMID_IO, no cache bits",
			  pt_update_fd(probe, (t[i].mfn << 12) | PT_P | PT_RW, DOMID_IO), -XEN_EPERM);
	}
	expect_rc("mmu_update mapping RAM with DOMID_IO as page owner",
		  pt_update_fd(probe, (pt_mfn(0) << 12) | PT_P, DOMID_IO), -XEN_EBUSY);
	CHECK(!(pt_entry(pt_probe_va(), 1) & PT_P), "the probe address got mapped");
	attack_hv_alive();
	for (int i = 0; i < 20; i++)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	test_pass();
}
