/*
 * A page fault taken by a PV guest: first the writable-page-table path
 * (pv-mmu/mmu_ptwr.c decides and does everything), then the guest's own
 * #PF.
 *
 * This file only moves state between the vCPU and the model: the guest's
 * registers (the frame the CPU saved, and the FS and GS bases, which are
 * still the guest's in the MSRs while it is being handled), and the result.
 * An emulated store resumes the guest after the instruction; if the guest
 * was single-stepping, it then gets its #DB (DR6.BS) once the instruction
 * has finished, as after the other emulated instructions (pv_priv.c).  A
 * store the path does not emulate is delivered as the #PF the CPU reported;
 * an instruction that could not be read is the guest's #PF at the byte that
 * could not be read, with the fetch bit.
 */
#include "census.h"
#include "pv.h"
#include "mm.h"
#include "../arch/x86_64/cpu.h"

static void regs_in(struct cpu_regs *c, struct mmu_regs *m)
{
	for (unsigned i = 0; i < 16; i++)
		m->gpr[i] = *regs_gpr(c, i);
	m->rip = c->rip;
	m->rflags = c->rflags;
	m->fs_base = rdmsr(MSR_FS_BASE);
	m->gs_base = rdmsr(MSR_GS_BASE);
}

static void regs_out(const struct mmu_regs *m, struct cpu_regs *c)
{
	for (unsigned i = 0; i < 16; i++)
		*regs_gpr(c, i) = m->gpr[i];
	c->rip = m->rip;
	c->rflags = m->rflags;
}

void pv_page_fault(struct vcpu *v, uint64_t cr2, uint64_t error_code)
{
	struct mmu_regs r;
	uint64_t fetch_addr = 0;
	bool stepping = v->regs.rflags & X86_EFLAGS_TF, finished;

	regs_in(&v->regs, &r);
	switch (mmu_ptwr_fault(&mmu_env, &v->mmu, &r, cr2, (uint32_t)error_code, v->in_kernel,
			       &fetch_addr)) {
	case MMU_PTWR_DONE:
		if (census_on)
			census_trap(v->domain, 14, CENSUS_HANDLED);
		finished = r.rip != v->regs.rip;        /* a rep stos may have more to do */
		regs_out(&r, &v->regs);
		if (stepping && finished)
			pv_single_step_after_emulation(v);
		break;
	case MMU_PTWR_FETCH_FAULT:
		pv_inject_page_fault(v, fetch_addr, MMU_PFEC_FETCH);
		break;
	default:
		if (census_on)
			census_trap(v->domain, 14, CENSUS_BOUNCED);
		pv_inject_page_fault(v, cr2, error_code);
	}
}
