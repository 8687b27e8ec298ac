/*
 * The guest's LDT, made real.
 *
 * The CPU must only ever read descriptors the pv-mmu model validated.  The
 * guest's own mapping at ldt_base cannot be trusted for that (the guest may
 * remap that address to any of its frames at any time), so the LDT register
 * points instead into this vCPU's window in the hypervisor's slot 260, where
 * the LDT's frames are mapped supervisor-only.  Each frame is typed seg_desc
 * through the model first (mmu_ldt_fault: limit check, then validation of
 * its 512 descriptors), so while it is in the window no writable mapping of
 * it can exist in any guest's tables, and update_descriptor is the only way
 * the guest can change it.  The window maps it writable, as Xen's shadow
 * LDT does: loading a selector whose descriptor has the accessed bit clear,
 * the CPU sets that bit, and a read-only window would fault on that write
 * for ever (the bit is the only thing the CPU writes there, and it does not
 * change what the descriptor allows).
 *
 * Umbra maps the pages that can be typed when the LDT is set or the base
 * pointer changes; the LDT limit is always the one the guest set.  A page
 * that cannot be typed then (not mapped, or holding a forbidden descriptor)
 * stays a hole in the window, and the CPU's descriptor read there faults:
 * as in Xen, which maps every LDT page lazily on its first fault, the page
 * is tried again (the guest may have mapped or fixed it since), and if the
 * model still refuses it the guest gets #PF at ldt_base + offset with the
 * CPU's error code (or #GP with the selector when that address is not a
 * guest address).  A fault on a page the window maps already is never
 * retried: nothing would change, and a retry in hypervisor context (a
 * selector reload, interrupts off) would hang the machine.
 */
#include "domain.h"
#include "ldt.h"
#include "mm.h"
#include "pv.h"
#include "../arch/x86_64/cpu.h"
#include "../arch/x86_64/desc.h"
#include "../arch/x86_64/paging.h"

/* Writable: loading a selector, the CPU sets the descriptor's accessed bit. */
static uint64_t window_pte(uint64_t mfn)
{
	return (mfn << PAGE_SHIFT) | PTE_P | PTE_RW;
}

void ldt_rebuild(struct vcpu *v)
{
	unsigned want = (v->mmu.ldt_entries * 8 + PAGE_SIZE - 1) / PAGE_SIZE;
	for (unsigned p = 0; p < LDT_WINDOW_PAGES; p++) {
		uint64_t mfn, *pte = ldt_window_pte(v->slot, p);
		if (p < want && mmu_ldt_fault(&mmu_env, &v->mmu, (uint64_t)p * PAGE_SIZE, &mfn) == 0)
			*pte = window_pte(mfn);
		else
			*pte = 0;
		invlpg(ldt_window_va(v->slot) + (uint64_t)p * PAGE_SIZE);
	}
	v->ldt_live_entries = MIN(v->mmu.ldt_entries, LDT_WINDOW_PAGES * 512);
}

bool ldt_in_window(const struct vcpu *v, uint64_t va)
{
	return va - ldt_window_va(v->slot) < (uint64_t)LDT_WINDOW_PAGES * PAGE_SIZE;
}

int ldt_map_on_fault(struct vcpu *v, uint64_t va)
{
	uint64_t offset = va - ldt_window_va(v->slot), mfn;
	int rc = mmu_ldt_fault(&mmu_env, &v->mmu, offset, &mfn);
	if (rc)
		return rc;
	uint64_t *pte = ldt_window_pte(v->slot, (unsigned)(offset / PAGE_SIZE));
	if (*pte == window_pte(mfn))
		return -XEN_EEXIST;     /* mapped already: retrying would fault again, forever */
	*pte = window_pte(mfn);
	invlpg(va & ~(uint64_t)(PAGE_SIZE - 1));
	return 0;
}

void ldt_guest_fault(struct vcpu *v, uint64_t va, uint64_t error_code)
{
	uint64_t offset = va - ldt_window_va(v->slot);
	int rc = ldt_map_on_fault(v, va);
	if (rc == -XEN_EFAULT)
		pv_inject_page_fault(v, v->mmu.ldt_base + offset, error_code);
	else if (rc)
		pv_inject_exception(v, 13, (offset & ~3ull) | 4);      /* the selector, TI set */
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
