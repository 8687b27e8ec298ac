/*
 * Writable page tables (Xen's "ptwr"): a guest kernel's ordinary store to one
 * of its own L1 page tables, emulated as a checked update of one entry.
 *
 * A PV guest maps its page tables read-only, so such a store faults.  With
 * VMASST_TYPE_writable_pagetables enabled (vm_assist; 64-bit PV guests may
 * always enable it, and it starts off, as in Xen), or in the initial domain
 * whether or not it is enabled, the fault is emulated when all of this holds
 * (Xen 4.17, x86/traps.c fixup_page_fault and x86/pv/ro-page-fault.c).  The
 * initial domain needs no assist because Xen sends every such fault of its
 * hardware domain down the same path, for read-only MMIO, and that path
 * emulates a store to an L1 table as well.
 *
 *   - the fault came from guest-kernel mode, for a write to a present page,
 *     not an instruction fetch, not a reserved bit;
 *   - the L1 entry that maps the faulting address in the vCPU's kernel
 *     tables (walked as the hardware walks them, linear entries included) is
 *     present and read-only;
 *   - the frame it maps belongs to the domain and is in use as an L1 table;
 *   - the instruction at rip is one of the stores mmu_insn.c accepts, its
 *     destination lies in the same page as the faulting address, and it is
 *     naturally aligned (so at most 8 bytes, within one entry).
 *
 * The write itself goes through mmu_mod_entry(), the function behind
 * mmu_update: the same flag checks, the same references taken and dropped,
 * with the domain as the only page owner.  This is the invariant enforced
 * here: an emulated store can never produce an entry, a reference or a type
 * that mmu_update would refuse, because it is an mmu_update.  A store of
 * fewer than 8 bytes is merged with the rest of the current entry first.
 * A cmpxchg (or cmpxchg8b) whose comparison fails writes nothing and checks
 * nothing: the accumulator gets the entry and ZF is clear, as in Xen, whose
 * emulator compares before it asks for the write.  Its new value reaches no
 * table, so there is nothing to refuse.
 *
 * Anything that does not qualify, or a value the checks refuse, leaves every
 * count, entry and register as it was, and the caller delivers the original
 * page fault.  An instruction whose bytes cannot be read is the guest's own
 * page fault at the first byte that could not be read (error code: fetch).
 * No TLB flush follows an emulated write, as after mmu_update of an L1
 * entry: the guest flushes what it needs.
 */
#include "mmu_insn.h"
#include "mmu_internal.h"

/* The L1 table behind the read-only mapping of cr2, or MMU_NO_MFN. */
static uint64_t ptwr_table(struct mmu_env *env, struct mmu_vcpu *v, uint64_t cr2)
{
	uint64_t table, e, mfn;
	const struct mmu_frame *f;

	if (!mmu_va_ok(cr2) || mmu_walk_tables(env, v, cr2, &table))
		return MMU_NO_MFN;
	e = mmu_frame_ptr(env, table)[mmu_va_index(cr2, 1)];
	mfn = MMU_PTE_MFN(e);
	if ((e & (MMU_PTE_P | MMU_PTE_RW)) != MMU_PTE_P || !mmu_owns(env, v->domain, mfn))
		return MMU_NO_MFN;
	f = mmu_frame(env, mfn);
	if (f->type != MMU_TYPE_L1 || !f->type_count || !(f->flags & MMU_FRAME_VALIDATED))
		return MMU_NO_MFN;
	return mfn;
}

/* Read and decode the instruction at rip: the bytes up to the end of its
   page, then the rest.  A short read makes a fetch fault at the first byte
   the decoder needed and could not have. */
static enum mmu_decode ptwr_decode(struct mmu_env *env, uint64_t rip,
                                   struct mmu_insn *insn, uint64_t *fault_addr)
{
	uint8_t b[MMU_INSN_MAX_LEN];
	unsigned int first = MMU_PAGE_SIZE - (unsigned int)(rip & (MMU_PAGE_SIZE - 1));
	unsigned int n = 0;
	enum mmu_decode rc;

	if (first > MMU_INSN_MAX_LEN)
		first = MMU_INSN_MAX_LEN;
	if (!env->copy_from_guest(env, b, rip, first)) {
		n = first;
		if (n < MMU_INSN_MAX_LEN &&
		    !env->copy_from_guest(env, b + n, rip + n, MMU_INSN_MAX_LEN - n))
			n = MMU_INSN_MAX_LEN;
	}
	rc = mmu_insn_decode(b, n, insn);
	if (rc == MMU_DECODE_SHORT)
		*fault_addr = rip + n;
	return rc;
}

enum mmu_ptwr_result mmu_ptwr_fault(struct mmu_env *env, struct mmu_vcpu *v,
                                    struct mmu_regs *r, uint64_t cr2,
                                    uint32_t error_code, bool in_kernel,
                                    uint64_t *fault_addr)
{
	const uint32_t which = MMU_PFEC_PRESENT | MMU_PFEC_WRITE | MMU_PFEC_RSVD |
	                       MMU_PFEC_FETCH;
	struct mmu_domain *d = v->domain;
	struct mmu_pg pg = { d, false };
	struct mmu_regs after = *r;
	struct mmu_insn insn;
	struct mmu_insn_store st;
	uint64_t table, addr, cur, mask, merged;
	unsigned int idx, shift;

	if (!in_kernel || (error_code & which) != (MMU_PFEC_PRESENT | MMU_PFEC_WRITE) ||
	    !(mmu_vm_assist_on(d, VMASST_TYPE_writable_pagetables) || d->initial))
		return MMU_PTWR_NOT_EMULATED;
	table = ptwr_table(env, v, cr2);
	if (table == MMU_NO_MFN)
		return MMU_PTWR_NOT_EMULATED;
	switch (ptwr_decode(env, r->rip, &insn, fault_addr)) {
	case MMU_DECODE_OK:
		break;
	case MMU_DECODE_SHORT:
		return MMU_PTWR_FETCH_FAULT;
	default:
		return MMU_PTWR_NOT_EMULATED;
	}
	addr = mmu_insn_address(&insn, r);
	if (((addr ^ cr2) & ~(uint64_t)(MMU_PAGE_SIZE - 1)) || (addr & (insn.size - 1u)))
		return MMU_PTWR_NOT_EMULATED;
	idx = (unsigned int)(addr & (MMU_PAGE_SIZE - 1)) / 8;
	shift = (unsigned int)(addr & 7) * 8;
	mask = mmu_size_mask(insn.size) << shift;
	cur = mmu_frame_ptr(env, table)[idx];
	if (mmu_insn_execute(&insn, &after, (cur & mask) >> shift, &st))
		return MMU_PTWR_NOT_EMULATED;
	merged = (cur & ~mask) | ((st.value << shift) & mask);
	if (st.write && mmu_mod_entry(env, d, table, idx, merged, &pg, false))
		return MMU_PTWR_NOT_EMULATED;
	*r = after;
	return MMU_PTWR_DONE;
}
