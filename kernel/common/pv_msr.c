/*
 * rdmsr and wrmsr from a PV guest kernel (pv_priv.c hands them here): the
 * MSRs Xen 4.17 virtualises for a 64-bit PV domain, with Xen's values.
 * Any other MSR is #GP(0), except that Xen answers an rdmsr of a real MSR
 * with 0 while the guest has no #GP handler yet, and so does Umbra.
 *
 *   - APIC_BASE: the default base, enabled, BSP on vCPU 0; TSC: the real
 *     one; EFER: SCE, LME, LMA and NXE as they are (a write must leave
 *     them so); PAT: Xen's layout; PERF_CAPABILITIES: 0;
 *   - FS_BASE, GS_BASE, SHADOW_GS_BASE: the vCPU's own, any canonical value;
 *   - machine check (Xen's vMCE on AMD): MCG_CAP says 2 banks and nothing
 *     else, MCG_CTL reads 0 (there is none) and ignores writes, MCG_STATUS
 *     holds what the vCPU writes; of the 2 banks, MCi_CTL reads all ones
 *     and ignores writes, MCi_STATUS, MCi_ADDR and MCi_MISC read 0 and take
 *     only 0 (anything else is #GP).  Umbra never injects a machine check,
 *     so no bank ever holds an error.  A bank beyond the 2 is any other MSR.
 *
 * Invariant: no guest write reaches a real MSR other than the vCPU's own
 * segment bases, which the scheduler reloads at every switch.
 */
#include "guest_access.h"
#include "pv.h"
#include "../arch/x86_64/cpu.h"

#define MSR_TSC           0x00000010u
#define MSR_MCG_CAP       0x00000179u
#define MSR_MCG_STATUS    0x0000017au
#define MSR_MCG_CTL       0x0000017bu
#define MSR_PAT           0x00000277u
#define MSR_PERF_CAPS     0x00000345u
#define MSR_MC0_CTL       0x00000400u
#define VMCE_BANKS        2u
#define XEN_MSR_PAT       0x0000050100070406ull
#define APIC_BASE_BSP     (1ull << 8)
#define APIC_BASE_ENABLE  (1ull << 11)
#define APIC_DEFAULT_BASE 0xfee00000ull
#define EFER_KNOWN        0x00000d01ull /* SCE, LME, LMA, NXE */

bool rdmsr_safe(uint32_t msr, uint64_t *value);

static bool is_bank_msr(uint32_t msr)
{
	return msr >= MSR_MC0_CTL && msr < MSR_MC0_CTL + 4 * VMCE_BANKS;
}

static bool msr_read(struct vcpu *v, uint32_t msr, uint64_t *value)
{
	if (is_bank_msr(msr)) {
		*value = (msr & 3) == 0 ? ~0ull : 0;    /* MCi_CTL; STATUS, ADDR, MISC */
		return true;
	}
	switch (msr) {
	case MSR_APIC_BASE:
		*value = APIC_BASE_ENABLE | APIC_DEFAULT_BASE | (v->id == 0 ? APIC_BASE_BSP : 0);
		return true;
	case MSR_FS_BASE:
	case MSR_GS_BASE:
	case MSR_SHADOW_GS:
		*value = rdmsr(msr);
		return true;
	case MSR_TSC:
		*value = rdtsc();
		return true;
	case MSR_EFER:
		*value = rdmsr(MSR_EFER) & EFER_KNOWN;
		return true;
	case MSR_PAT:
		*value = XEN_MSR_PAT;
		return true;
	case MSR_PERF_CAPS:
	case MSR_MCG_CTL:
		*value = 0;
		return true;
	case MSR_MCG_CAP:
		*value = VMCE_BANKS;
		return true;
	case MSR_MCG_STATUS:
		*value = v->mcg_status;
		return true;
	default:
		return false;
	}
}

static bool msr_write(struct vcpu *v, uint32_t msr, uint64_t value)
{
	if (is_bank_msr(msr))
		return (msr & 3) == 0 || value == 0;
	switch (msr) {
	case MSR_FS_BASE:
	case MSR_GS_BASE:
	case MSR_SHADOW_GS:
		if (!guest_canonical(value))
			return false;
		wrmsr(msr, value);
		return true;
	case MSR_EFER:
		return value == (rdmsr(MSR_EFER) & EFER_KNOWN);      /* Linux writes back what it read */
	case MSR_MCG_CAP:
	case MSR_MCG_CTL:
		return true;
	case MSR_MCG_STATUS:
		v->mcg_status = value;
		return true;
	default:
		return false;
	}
}

bool pv_msr_op(struct vcpu *v, bool write)
{
	struct cpu_regs *r = &v->regs;
	uint32_t msr = (uint32_t)r->rcx;
	uint64_t value;
	if (write)
		return msr_write(v, msr, (r->rdx << 32) | (uint32_t)r->rax);
	if (!msr_read(v, msr, &value)) {
		/* Xen's allowance for kernels that probe MSRs before their trap table exists. */
		if (v->trap_ctxt[13].address || (msr >> 16) == 0x4000 || !rdmsr_safe(msr, &value))
			return false;
		value = 0;
	}
	r->rax = (uint32_t)value;
	r->rdx = value >> 32;
	return true;
}
