/*
 * The guest's LDT, made real.
 *
 * The CPU must only ever read descriptors the pv-mmu model validated.  The
 * guest's own mapping at ldt_base cannot be trusted for that (the guest may
 * remap that address to any of its frames at any time), so the LDT register
 * points instead into this vCPU's window in the hypervisor's slot 260, where
 * the LDT's frames are mapped read-only and supervisor-only.  Each frame is
 * typed seg_desc through the model first (mmu_ldt_fault: limit check, then
 * validation of its 512 descriptors), so while it is in the window no
 * writable mapping of it can exist, and update_descriptor is the only way to
 * change it.
 *
 * Xen maps LDT pages lazily, on the first fault; Umbra maps them when the
 * LDT is set or the base pointer changes.  Pages that cannot be typed then
 * (not mapped, or holding a forbidden descriptor) end the LDT early: its
 * limit covers only the pages before them, so using a selector beyond gives
 * #GP where Xen would give #PF.
 */
#include "domain.h"
#include "ldt.h"
#include "mm.h"
#include "../arch/x86_64/cpu.h"
#include "../arch/x86_64/desc.h"
#include "../arch/x86_64/paging.h"

void ldt_rebuild(struct vcpu *v)
{
	unsigned want = (v->mmu.ldt_entries * 8 + PAGE_SIZE - 1) / PAGE_SIZE, valid = 0;
	for (unsigned p = 0; p < LDT_WINDOW_PAGES; p++) {
		uint64_t mfn, *pte = ldt_window_pte(v->slot, p);
		if (p < want && valid == p && mmu_ldt_fault(&mmu_env, &v->mmu, (uint64_t)p * PAGE_SIZE, &mfn) == 0) {
			*pte = (mfn << PAGE_SHIFT) | PTE_P;
			valid++;
		} else {
			*pte = 0;
		}
		invlpg(ldt_window_va(v->slot) + (uint64_t)p * PAGE_SIZE);
	}
	v->ldt_live_entries = MIN(v->mmu.ldt_entries, valid * 512);
}

void ldt_load(const struct vcpu *v)
{
	desc_load_ldt(ldt_window_va(v->slot), v->ldt_live_entries);
}

void ldt_clear(struct vcpu *v)
{
	for (unsigned p = 0; p < LDT_WINDOW_PAGES; p++) {
		*ldt_window_pte(v->slot, p) = 0;
		invlpg(ldt_window_va(v->slot) + (uint64_t)p * PAGE_SIZE);
	}
	v->ldt_live_entries = 0;
}

_Static_assert(LDT_WINDOW_SLOTS >= MAX_DOMAINS * MAX_VCPUS_PER_DOMAIN, "one LDT window per vCPU slot");
