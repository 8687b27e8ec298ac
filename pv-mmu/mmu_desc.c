/*
 * Segment descriptors: set_gdt, update_descriptor, and the check every
 * descriptor page passes when it becomes seg_desc.
 *
 * Invariant enforced here: no descriptor the CPU can load from a guest's GDT
 * or LDT gives the guest a way into ring 0.  The guest kernel runs in ring 3,
 * so (for a 64-bit guest, as Xen's check_descriptor):
 *
 *   not present             harmless (using it faults): kept as is;
 *   code or data (S = 1)    kept, with DPL raised to 3, so no segment is
 *                           privileged; a conforming code segment of DPL 3
 *                           can only be entered from ring 3;
 *   system type 0           kept: it is the upper half of a 16-byte gate;
 *   call gate               kept only if its target selector is a guest GDT
 *                           selector, the flat kernel CS or an LDT selector,
 *                           and the reserved bits 32-39 are 0; its DPL is
 *                           forced to 0 (so every use traps to the hypervisor,
 *                           which may emulate it) and the DPL the guest asked
 *                           for (raised to 3) is kept in the selector's RPL;
 *   anything else           refused: TSS, LDT, interrupt, trap and task gates
 *                           would let the guest switch stacks or tasks in ring 0.
 *
 * A descriptor page is checked whole before it is typed, and the fixed-up
 * values are written only after all 512 descriptors passed.  The page must
 * also have no writable mapping (it takes a seg_desc type reference), so the
 * guest cannot change a descriptor afterwards except through
 * update_descriptor, which runs the same check.
 */
#include "mmu_internal.h"

#define DESC_TYPE      (0xFull << 40)
#define DESC_S         (1ull << 44)
#define DESC_DPL       (3ull << 45)
#define DESC_P         (1ull << 47)
#define DESC_GATE_RSVD (0xFFull << 32)
#define DESC_CALL_GATE (0xCull << 40)

static bool mmu_gate_selector_ok(uint16_t sel)
{
	return (sel >> 3) < FIRST_RESERVED_GDT_ENTRY || sel == FLAT_KERNEL_CS ||
	       (sel & 4);
}

/* Is desc acceptable?  If so, *out is what to store. */
bool mmu_descriptor_fixup(uint64_t desc, uint64_t *out)
{
	uint16_t sel = (uint16_t)(desc >> 16);
	uint64_t dpl = 3;       /* raised to the guest kernel's RPL, always 3 */

	if (!(desc & DESC_P) || (!(desc & DESC_S) && !(desc & DESC_TYPE))) {
		*out = desc;
		return true;
	}
	desc = (desc & ~DESC_DPL) | dpl << 45;
	if (desc & DESC_S) {
		*out = desc;
		return true;
	}
	if ((desc & DESC_TYPE) != DESC_CALL_GATE || !mmu_gate_selector_ok(sel) ||
	    (desc & DESC_GATE_RSVD))
		return false;
	sel = (uint16_t)((sel & ~3u) | dpl);
	desc &= ~(DESC_DPL | (0xFFFFull << 16));
	*out = desc | (uint64_t)sel << 16;
	return true;
}

int mmu_validate_desc_page(struct mmu_env *env, uint64_t mfn)
{
	uint64_t *descs = mmu_frame_ptr(env, mfn);
	uint64_t ignored;

	for (unsigned int i = 0; i < MMU_ENTRIES; i++)
		if (!mmu_descriptor_fixup(descs[i], &ignored))
			return -XEN_EINVAL;
	for (unsigned int i = 0; i < MMU_ENTRIES; i++)
		mmu_descriptor_fixup(descs[i], &descs[i]);
	return 0;
}

void mmu_drop_gdt(struct mmu_env *env, struct mmu_vcpu *v)
{
	for (unsigned int i = 0; i < v->gdt_nr_frames; i++)
		mmu_put_page_and_type(env, v->gdt_frames[i]);
	v->gdt_nr_frames = 0;
	v->gdt_entries = 0;
}

int mmu_set_gdt(struct mmu_env *env, struct mmu_vcpu *v, const uint64_t *frames,
                unsigned int entries)
{
	unsigned int nr = (entries + MMU_ENTRIES - 1) / MMU_ENTRIES;

	if (entries > FIRST_RESERVED_GDT_ENTRY)
		return -XEN_EINVAL;
	for (unsigned int i = 0; i < nr; i++) {
		if (mmu_get_page_and_type(env, v->domain, frames[i], MMU_TYPE_SEG_DESC)) {
			while (i-- > 0)
				mmu_put_page_and_type(env, frames[i]);
			return -XEN_EINVAL;
		}
	}
	mmu_drop_gdt(env, v);
	for (unsigned int i = 0; i < nr; i++)
		v->gdt_frames[i] = frames[i];
	v->gdt_nr_frames = nr;
	v->gdt_entries = entries;
	v->pending |= MMU_VCPU_RELOAD_GDT;
	return 0;
}

int mmu_update_descriptor(struct mmu_env *env, struct mmu_domain *caller,
                          uint64_t maddr, uint64_t desc)
{
	uint64_t mfn = maddr >> 12;
	enum mmu_type t = MMU_TYPE_WRITABLE;

	if ((maddr & 7) || !mmu_descriptor_fixup(desc, &desc) ||
	    !mmu_owns(env, caller, mfn))
		return -XEN_EINVAL;
	if (mmu_frame(env, mfn)->type_count &&
	    mmu_frame(env, mfn)->type == MMU_TYPE_SEG_DESC)
		t = MMU_TYPE_SEG_DESC;
	if (mmu_get_page_and_type(env, caller, mfn, t))
		return -XEN_EINVAL;
	mmu_frame_ptr(env, mfn)[(maddr & (MMU_PAGE_SIZE - 1)) / 8] = desc;
	mmu_put_page_and_type(env, mfn);
	return 0;
}
