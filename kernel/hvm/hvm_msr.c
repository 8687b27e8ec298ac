/*
 * CPUID and the MSRs an HVM guest sees.
 *
 * CPUID is the PV policy (pv_cpuid.c, the hardware's leaves with what a
 * guest cannot use hidden, SVM among them) with what an HVM guest has and
 * a PV one lacks: large and global pages (PSE, PGE, PSE36: under nested
 * paging the guest's own tables hold them), Xen's HVM hypercall-page MSR
 * in leaf 0x40000002 (EAX one page, EBX the MSR 0x40000000) and the
 * guest's TSC frequency in leaf 0x40000003 sub-leaf 0 ECX (the TSC is not
 * offset or scaled).
 *
 * MSRs: the ones the VMCB holds and VMLOAD/VMSAVE move (FS/GS bases,
 * KernelGSBase, the SYSCALL and SYSENTER MSRs) are the guest's own and do
 * not exit (svm_cpu.c opens them in the permission map).  EFER: the guest
 * writes SCE, LME and NXE (LMA is the CPU's, SVME is kept set and never
 * shown; LME changes only while paging is off, else #GP); PAT is the VMCB's G_PAT; the TSC reads the counter (a write is
 * ignored); APIC_BASE reads as a disabled local APIC at 0xFEE00000 (there
 * is none); 0x40000000 takes the hypercall page.  Every other MSR raises
 * #GP, as Xen does for MSRs it does not know.
 */
#include "hvm.h"
#include "hvm_paging.h"
#include "mm.h"
#include "pv.h"
#include "svm.h"
#include "../arch/x86_64/cpu.h"
#include "../arch/x86_64/lapic.h"

#define MSR_TSC          0x10
#define MSR_PAT          0x277
#define MSR_HYPERCALL    0x40000000
#define EFER_GUEST_BITS  ((1ull << 0) | (1ull << 8) | (1ull << 11))     /* SCE, LME, NXE */
#define EFER_LMA         (1ull << 10)

void hvm_cpuid(uint32_t leaf, uint32_t sub, uint32_t out[4])
{
	pv_cpuid(leaf, sub, out);
	uint32_t hw[4];
	switch (leaf) {
	case 1:
		cpuid(1, 0, hw);
		out[3] |= hw[3] & ((1u << 3) | (1u << 13) | (1u << 17));
		break;
	case 0x40000002:
		out[0] = 1;
		out[1] = MSR_HYPERCALL;
		break;
	case 0x40000003:
		if (sub == 0)
			out[2] = (uint32_t)tsc_khz;
		break;
	default:
		break;
	}
}

/* RDMSR: true with *val, or false for #GP. */
bool hvm_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	void *vmcb = v->hvm->vmcb;
	switch (msr) {
	case MSR_EFER:
		*val = vmcb_r64(vmcb, VMCB_EFER) & ~EFER_SVME;
		return true;
	case MSR_PAT:
		*val = vmcb_r64(vmcb, VMCB_G_PAT);
		return true;
	case MSR_TSC:
		*val = rdtsc();
		return true;
	case MSR_APIC_BASE:
		*val = 0xFEE00000ull | (1u << 8);       /* BSP; global enable clear */
		return true;
	case MSR_HYPERCALL:
		*val = 0;
		return true;
	default:
		return false;
	}
}

/* WRMSR: false for #GP. */
bool hvm_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val)
{
	void *vmcb = v->hvm->vmcb;
	struct hvm_domain *h = hvm_of(v->domain);
	switch (msr) {
	case MSR_EFER: {
		if (val & ~(EFER_GUEST_BITS | EFER_LMA))
			return false;
		uint64_t old = vmcb_r64(vmcb, VMCB_EFER);
		if (((old ^ val) & (1ull << 8)) && (vmcb_r64(vmcb, VMCB_CR0) & (1ull << 31)))
			return false;           /* LME changed while paging is on: #GP, as the CPU */
		vmcb_w64(vmcb, VMCB_EFER, (val & EFER_GUEST_BITS) | (old & EFER_LMA) | EFER_SVME);
		return true;
	}
	case MSR_PAT:
		for (unsigned i = 0; i < 8; i++) {
			uint8_t t = (uint8_t)(val >> (8 * i));
			if (t == 2 || t == 3 || t > 7)
				return false;
		}
		vmcb_w64(vmcb, VMCB_G_PAT, val);
		return true;
	case MSR_TSC:
		return true;
	case MSR_HYPERCALL: {
		uint64_t gfn = val >> PAGE_SHIFT;
		uint64_t mfn = gfn < h->ram_pages && !(val & (PAGE_SIZE - 1)) ? p2m_lookup(v->domain, gfn) : 0;
		if (!mfn)
			return false;           /* page index 0 only, in the guest's RAM */
		hvm_hypercall_page_fill(mfn_to_virt(mfn));
		h->hypercall_gfn = gfn;
		return true;
	}
	default:
		return false;
	}
}
