/*
 * Turning SVM on for the one physical CPU, and the permission maps every
 * HVM vCPU shares.
 *
 * At boot (before any domain exists, so these frames are the hypervisor's
 * for as long as it runs): CPUID 0x80000001 ECX bit 2 says SVM exists and
 * VM_CR.SVMDIS that firmware has not locked it; then EFER.SVME, the host
 * save area (VM_HSAVE_PA) where VMRUN keeps the host's state, and a host
 * VMCB for the state VMRUN does not switch (svm_entry.S).  The I/O
 * permission map (12 KiB) and the MSR permission map (8 KiB) are all ones:
 * every port and every MSR an HVM guest touches exits to the hypervisor,
 * which emulates what it offers (hvm_io.c, svm_exit.c) and refuses the
 * rest.  Invariant: svm_available is true only when all of this is in
 * place; an HVM domain is refused at boot otherwise.
 */
#include "console.h"
#include "mm.h"
#include "svm.h"
#include "hvm.h"
#include "../arch/x86_64/cpu.h"

bool svm_available;
uint64_t svm_iopm_pa, svm_msrpm_pa;
uint64_t svm_hsave_pa, svm_host_vmcb_pa;
uint32_t svm_nr_asids;

/* The MSRs VMLOAD/VMSAVE switch: the guest's own, no exit (as in Xen). */
static const uint32_t guest_msrs[] = {
	0x174, 0x175, 0x176,                    /* SYSENTER_CS, _ESP, _EIP */
	MSR_STAR, MSR_LSTAR, MSR_CSTAR, MSR_FMASK, MSR_FS_BASE, MSR_GS_BASE, MSR_SHADOW_GS,
};

/* Two bits per MSR, read then write: 0x0-0x1FFF from byte 0, 0xC0000000-
 * 0xC0001FFF from byte 0x800 (the only ranges used here). */
static void msrpm_open(uint8_t *map, uint32_t msr)
{
	uint32_t bit = msr >= 0xC0000000u ? 0x800 * 8 + (msr - 0xC0000000u) * 2 : msr * 2;
	map[bit / 8] &= (uint8_t)~(3u << (bit % 8));
}

void svm_init(void)
{
	uint32_t r[4];
	cpuid(0x80000000, 0, r);
	if (r[0] < 0x8000000A)
		return;
	cpuid(0x80000001, 0, r);
	if (!(r[2] & (1u << 2)))
		return;
	if (rdmsr(MSR_VM_CR) & (1u << 4)) {
		log_warn("SVM is disabled by firmware (VM_CR.SVMDIS): no HVM domains");
		return;
	}
	cpuid(0x8000000A, 0, r);
	svm_nr_asids = r[1];
	uint64_t iopm = frame_take_run(2, ~0ull), msrpm = frame_take_run(1, ~0ull);
	uint64_t hsave = frame_alloc_xen(), host = frame_alloc_xen();
	if (!iopm || !msrpm || !hsave || !host || svm_nr_asids < 2)
		panic("SVM: no memory for the host save area and permission maps");
	memset(mfn_to_virt(iopm), 0xff, 3 * PAGE_SIZE);
	memset(mfn_to_virt(msrpm), 0xff, 2 * PAGE_SIZE);
	for (unsigned i = 0; i < ARRAY_SIZE(guest_msrs); i++)
		msrpm_open(mfn_to_virt(msrpm), guest_msrs[i]);
	svm_iopm_pa = iopm << PAGE_SHIFT;
	svm_msrpm_pa = msrpm << PAGE_SHIFT;
	svm_hsave_pa = hsave << PAGE_SHIFT;
	svm_host_vmcb_pa = host << PAGE_SHIFT;
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
	wrmsr(MSR_VM_HSAVE_PA, svm_hsave_pa);
	hvm_asid_init(&hvm_asids, svm_nr_asids);
	svm_available = true;
	log_info("SVM on: %u ASIDs, nested paging, I/O and MSR maps at %lx and %lx",
		 svm_nr_asids, svm_iopm_pa, svm_msrpm_pa);
}
