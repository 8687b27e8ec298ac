/*
 * The PV MMU model: page types and reference counts.
 *
 * A paravirtualised guest runs its kernel in ring 3 on page tables it wrote
 * itself.  The hypervisor cannot let it write them freely (one entry pointing
 * at the hypervisor's memory, at another domain's memory or, writable, at a
 * page table would be the end of isolation), and it cannot afford to copy or
 * shadow them.  Xen's answer, which Umbra follows, is to *type* every machine
 * frame and to count who uses it.
 *
 * Two counts per frame.  The general count (mmu_frame.count) counts every
 * reason the frame must stay allocated: "allocated to its owner" (one), each
 * page-table entry that maps it, each pin, each vCPU base pointer or GDT/LDT
 * slot that holds it.  It reaches 0 only when nothing refers to the frame;
 * then the model gives it back to the kernel (frame_released).  The type count
 * (type_count) counts the references that need the frame to be of one
 * particular type:
 *
 *   L1..L4     the frame is a page table of that level: an entry one level up
 *              points at it, or a pin, or (L4) a base pointer;
 *   seg_desc   the frame is part of a GDT or LDT;
 *   writable   some L1 entry maps the frame with RW set.
 *
 * The rules that make this safe:
 *
 *   1. A frame has one type at a time, and the type can change only while the
 *      type count is 0.  So a frame mapped writable anywhere (type writable,
 *      count > 0) cannot become a page table or descriptor page, and a page
 *      table cannot be mapped writable.  This single rule is what keeps the
 *      guest from editing live page tables behind the hypervisor's back.
 *   2. The first reference of a table or seg_desc type validates the contents:
 *      every present entry is checked (mmu_entry.h) and takes its own
 *      references on what it points at (mmu_validate.c).  Validating an L4
 *      therefore types and validates the L3s below it, and so on down; later
 *      references only count.  Dropping the last reference devalidates: every
 *      entry drops what it took, which can release lower tables in turn, and
 *      the frame becomes untyped again.
 *   3. A validated table changes only through mmu_update_one() and
 *      update_va_mapping, which check the new entry exactly as validation
 *      would, take its references, write it, and only then drop the old
 *      entry's references (mmu_update.c).
 *   4. Every check happens before anything changes.  A refused request leaves
 *      no trace (validate, then commit); a failed validation undoes the
 *      references its earlier entries took.
 *
 * The XSA lessons written into this model:
 *   XSA-148, XSA-182  the shortcut that rewrites an entry without re-checking
 *                     it when "only flags" change must never cover RW, PSE or
 *                     cache bits: a read-only self-map turned writable is a
 *                     writable page table (mmu_entry.h, mmu_fast_path).
 *   XSA-240           linear (recursive) page tables: read-only, same level,
 *                     same domain, already validated, and one level deep; the
 *                     per-frame signed counter mmu_frame.linear enforces it.
 *   XSA-401, XSA-408  when a frame changes type, flush every TLB that may still
 *                     hold a mapping of it, and do it after the new type is in
 *                     place (mmu_first_type_ref below, mmu_flush.c).
 *   XSA-286           after an L2-L4 entry changes, flush the domain's TLBs.
 *   XSA-279           flush only after a successful update_va_mapping.
 *   XSA-167           range-check every guest-supplied MFN before it indexes
 *                     the frame table (every entry point does).
 *   XSA-298           the LDT limit is checked before an LDT page is typed.
 *   XSA-299/309/310   partial (preempted) validation is where Xen's reference
 *                     accounting went wrong; Umbra does not preempt validation.
 *                     Instead the cost is bounded: validating or devalidating a
 *                     hierarchy touches each table the domain owns at most once
 *                     (512 entries each), because a table that is already
 *                     validated only gains a count.  So one hypercall costs at
 *                     most 512 x (page-table frames the domain owns).
 *
 * Untyped frames.  A table or seg_desc frame whose type count drops to 0 loses
 * its type (MMU_TYPE_NONE): it holds no references any more.  A writable
 * frame keeps the type "writable" with count 0, as in Xen, so that mapping it
 * writable again is not a type change and needs no TLB flush.
 *
 * This file is the bookkeeping of rules 1 and 2: taking and dropping general
 * and type references.  Invariant enforced here: a type changes only at type
 * count 0, a checked type is used only once validated, and counts never
 * overflow or underflow.
 */
#include "mmu_internal.h"

int mmu_get_page(struct mmu_env *env, struct mmu_domain *d, uint64_t mfn)
{
	if (!mmu_owns(env, d, mfn) || mmu_frame(env, mfn)->count == UINT32_MAX)
		return -XEN_EINVAL;
	mmu_frame(env, mfn)->count++;
	return 0;
}

void mmu_put_page(struct mmu_env *env, uint64_t mfn)
{
	struct mmu_frame *f = mmu_frame(env, mfn);

	if (f->count == 0) {
		env->bug(env, "general count underflow", mfn);
		return;
	}
	domid_t owner = f->owner;

	if (--f->count)
		return;
	f->owner = DOMID_INVALID;
	f->type = MMU_TYPE_NONE;
	f->flags = 0;
	f->tlbflush_stamp = env->tlb_clock;
	env->frame_released(env, mfn, owner);
}

/* The 0 -> 1 transition: possibly a type change, then validation. */
static int mmu_first_type_ref(struct mmu_env *env, struct mmu_domain *d,
                              uint64_t mfn, enum mmu_type t)
{
	struct mmu_frame *f = mmu_frame(env, mfn);
	bool change = f->type != t;
	int rc;

	f->type = (uint8_t)t;
	f->type_count = 1;
	f->flags &= (uint8_t)~MMU_FRAME_VALIDATED;
	/* The new type is in place before the flush, never after (XSA-401). */
	if (change)
		mmu_flush_if_stale(env, f);
	if (!mmu_is_checked_type(t))
		return 0;
	if (t == MMU_TYPE_SEG_DESC)
		rc = mmu_validate_desc_page(env, mfn);
	else
		rc = mmu_validate_table(env, d, mfn, t);
	if (rc) {
		f->type_count = 0;
		f->type = MMU_TYPE_NONE;
		return rc;
	}
	f->flags |= MMU_FRAME_VALIDATED;
	return 0;
}

int mmu_get_type(struct mmu_env *env, struct mmu_domain *d, uint64_t mfn,
                 enum mmu_type t)
{
	struct mmu_frame *f = mmu_frame(env, mfn);

	if (f->owner != d->domid)
		return -XEN_EINVAL;
	if (f->type_count == 0)
		return mmu_first_type_ref(env, d, mfn, t);
	/* A typed but unvalidated table exists only inside its own validation,
	   and nothing may use it from there (Xen would wait for it). */
	if (f->type != t || f->type_count == UINT32_MAX ||
	    (mmu_is_checked_type(t) && !(f->flags & MMU_FRAME_VALIDATED)))
		return -XEN_EINVAL;
	f->type_count++;
	return 0;
}

void mmu_put_type(struct mmu_env *env, uint64_t mfn)
{
	struct mmu_frame *f = mmu_frame(env, mfn);
	unsigned int t = f->type;

	if (f->type_count == 0) {
		env->bug(env, "type count underflow", mfn);
		return;
	}
	if (--f->type_count)
		return;
	f->tlbflush_stamp = env->tlb_clock;
	if (!mmu_is_checked_type(t))
		return;
	f->flags &= (uint8_t)~MMU_FRAME_VALIDATED;
	if (t != MMU_TYPE_SEG_DESC)
		mmu_devalidate_table(env, mfn, t);
	f->type = MMU_TYPE_NONE;
}

int mmu_get_page_and_type(struct mmu_env *env, struct mmu_domain *d,
                          uint64_t mfn, enum mmu_type t)
{
	int rc = mmu_get_page(env, d, mfn);

	if (rc)
		return rc;
	rc = mmu_get_type(env, d, mfn, t);
	if (rc)
		mmu_put_page(env, mfn);
	return rc;
}

void mmu_put_page_and_type(struct mmu_env *env, uint64_t mfn)
{
	mmu_put_type(env, mfn);
	mmu_put_page(env, mfn);
}
