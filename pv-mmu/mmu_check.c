/*
 * The invariant checker: recompute the model's state from first principles
 * and compare.
 *
 * The counts in the frame table are a cache of facts that live elsewhere:
 * in the contents of validated tables, in the pinned and allocated flags, in
 * the vCPUs' base pointers and descriptor tables.  This file throws the cache
 * away and rebuilds it: for every reference-holding fact it finds, it adds
 * one to the target's expected general count and, where the fact needs a
 * type, to its expected type count, after checking that the target has that
 * type.  Then every frame is compared.  The invariants checked:
 *
 *   - every general and type count equals the references found (so none is
 *     negative, leaked or underflowed);
 *   - no writable L1 mapping of a page-table or descriptor frame; no writable
 *     self-map or linear entry; no entry pointing at a frame of the wrong type;
 *   - every mapping targets a frame its table's owner owns, a frame of another
 *     domain when that owner is privileged or holds a grant mapping of it
 *     (env->grant_mapped), or I/O memory it may use; L2-L4
 *     entries stay within the domain; nothing maps a hypervisor frame;
 *   - every present entry passes the flag masks and carries the bits the
 *     hypervisor adds; non-present entries pass the L1TF rule;
 *   - the hypervisor's L4 slots hold the hypervisor's entries;
 *   - linear page tables are one level deep and their counters are exact;
 *   - a table in use is validated; a released table has lost its type and is
 *     neither validated nor pinned; a free frame has no owner, type or flags;
 *   - every descriptor in a descriptor page passes the descriptor check.
 *
 * It costs one pass over the frame table plus 512 entries per table; the unit
 * tests run it after every test and the fuzzer after every operation.
 */
#include "mmu_entry.h"

struct mmu_checker {
	struct mmu_env *env;
	struct mmu_check_tally *t;
	struct mmu_check_failure *failure;
};

static int mmu_fail(struct mmu_checker *c, uint64_t mfn, const char *why)
{
	c->failure->mfn = mfn;
	c->failure->why = why;
	return -XEN_EINVAL;
}

/* One reference found on mfn, needing type t (MMU_TYPE_NONE: no type). */
static int mmu_tally(struct mmu_checker *c, uint64_t mfn, unsigned int t,
                     const char *wrong_type)
{
	c->t[mfn].count++;
	if (t == MMU_TYPE_NONE)
		return 0;
	if (mmu_frame(c->env, mfn)->type != t)
		return mmu_fail(c, mfn, wrong_type);
	c->t[mfn].type_count++;
	return 0;
}

static int mmu_check_l1_entry(struct mmu_checker *c, struct mmu_domain *d,
                              uint64_t e)
{
	struct mmu_env *env = c->env;
	uint64_t mfn = MMU_PTE_MFN(e);
	struct mmu_frame *f;

	if (!mmu_is_ram(env, mfn)) {
		if (env->iomem_allowed && env->iomem_allowed(env, d, mfn))
			return 0;
		return mmu_fail(c, mfn, "maps I/O memory its domain may not use");
	}
	f = mmu_frame(env, mfn);
	/* Another domain's frame: the privileged domain may map it, anyone else
	   only while the grant table records a grant mapping of it. */
	bool foreign_ok = f->owner < DOMID_FIRST_RESERVED &&
	                  (d->privileged || (env->grant_mapped && env->grant_mapped(env, d, mfn)));
	if (f->count == 0 || (f->owner != d->domid && !foreign_ok))
		return mmu_fail(c, mfn, "maps a frame its domain neither owns nor was allowed");
	if (!(e & MMU_PTE_RW))
		return mmu_tally(c, mfn, MMU_TYPE_NONE, NULL);
	return mmu_tally(c, mfn, MMU_TYPE_WRITABLE,
	                 "writable mapping of a page-table or descriptor frame");
}

static int mmu_check_entry(struct mmu_checker *c, struct mmu_domain *d,
                           unsigned int level, uint64_t table, uint64_t e)
{
	struct mmu_env *env = c->env;
	uint64_t mfn = MMU_PTE_MFN(e);

	if (mmu_entry_ok(env, level, d, e))
		return mmu_fail(c, table, "entry breaks the flag masks or the L1TF rule");
	if (!(e & MMU_PTE_P))
		return 0;
	if (mmu_adjust_entry(level, e) != e)
		return mmu_fail(c, table, "entry lacks the bits the hypervisor adds");
	if (level == 1)
		return mmu_check_l1_entry(c, d, e);
	if (mfn == table)
		return (e & MMU_PTE_RW) ? mmu_fail(c, table, "writable self-map") : 0;
	if (!mmu_owns(env, d, mfn))
		return mmu_fail(c, mfn, "upper-level entry points outside its domain");
	if (mmu_frame(env, mfn)->type != level)
		return mmu_tally(c, mfn, level - 1, "entry points at a frame of the wrong type");
	if (e & MMU_PTE_RW)
		return mmu_fail(c, mfn, "writable linear page-table entry");
	c->t[table].linear_holds++;
	c->t[mfn].linear_targeted++;
	return mmu_tally(c, mfn, level, NULL);
}

static int mmu_check_table(struct mmu_checker *c, uint64_t mfn)
{
	struct mmu_env *env = c->env;
	unsigned int level = mmu_frame(env, mfn)->type;
	struct mmu_domain *d = env->get_domain(env, mmu_frame(env, mfn)->owner);
	const uint64_t *pt = mmu_frame_ptr(env, mfn);

	if (!d)
		return mmu_fail(c, mfn, "a table of a domain that does not exist");
	for (unsigned int i = 0; i < MMU_ENTRIES; i++) {
		int rc;

		if (level == 4 && mmu_is_xen_l4_slot(i)) {
			uint64_t want = env->xen_l4[i - HYPERVISOR_L4_FIRST];

			if (pt[i] != want && !(i == HYPERVISOR_L4_FIRST && pt[i] == 0))
				return mmu_fail(c, mfn, "a hypervisor L4 slot was changed");
			continue;
		}
		rc = mmu_check_entry(c, d, level, mfn, pt[i]);
		if (rc)
			return rc;
	}
	return 0;
}

static int mmu_check_desc_page(struct mmu_checker *c, uint64_t mfn)
{
	const uint64_t *descs = mmu_frame_ptr(c->env, mfn);

	for (unsigned int i = 0; i < MMU_ENTRIES; i++) {
		uint64_t fixed;

		if (!mmu_descriptor_fixup(descs[i], &fixed) || fixed != descs[i])
			return mmu_fail(c, mfn, "a descriptor page holds an unchecked descriptor");
	}
	return 0;
}

/* The references a frame's own flags stand for, and its contents'. */
static int mmu_tally_frame(struct mmu_checker *c, uint64_t mfn)
{
	struct mmu_frame *f = mmu_frame(c->env, mfn);

	if (f->type_count && mmu_is_checked_type(f->type) &&
	    !(f->flags & MMU_FRAME_VALIDATED))
		return mmu_fail(c, mfn, "a table in use was never validated");
	if (f->flags & MMU_FRAME_ALLOCATED)
		c->t[mfn].count++;
	if (f->flags & MMU_FRAME_XEN_SHARED) {
		if (!(f->flags & MMU_FRAME_ALLOCATED) || f->type != MMU_TYPE_WRITABLE)
			return mmu_fail(c, mfn, "a shared hypervisor page lost its writable type");
		c->t[mfn].type_count++;
	}
	if (f->flags & MMU_FRAME_PINNED) {
		if (!mmu_is_table(f->type))
			return mmu_fail(c, mfn, "a pinned frame is not a page table");
		c->t[mfn].count++;
		c->t[mfn].type_count++;
	}
	if (!f->type_count)
		return 0;
	if (mmu_is_table(f->type))
		return mmu_check_table(c, mfn);
	if (f->type == MMU_TYPE_SEG_DESC)
		return mmu_check_desc_page(c, mfn);
	return 0;
}

static int mmu_tally_vcpu_frame(struct mmu_checker *c, struct mmu_vcpu *v,
                                uint64_t mfn, unsigned int t)
{
	if (mfn >= c->env->nr_frames || mmu_frame(c->env, mfn)->owner != v->domain->domid)
		return mmu_fail(c, mfn, "a vCPU holds a frame its domain does not own");
	return mmu_tally(c, mfn, t, "a vCPU's base pointer or descriptor table has the wrong type");
}

static int mmu_tally_vcpu(struct mmu_checker *c, struct mmu_vcpu *v)
{
	int rc = 0;

	if (v->kernel_l4 != MMU_NO_MFN)
		rc = mmu_tally_vcpu_frame(c, v, v->kernel_l4, MMU_TYPE_L4);
	if (!rc && v->user_l4 != MMU_NO_MFN)
		rc = mmu_tally_vcpu_frame(c, v, v->user_l4, MMU_TYPE_L4);
	for (unsigned int i = 0; !rc && i < v->gdt_nr_frames; i++)
		rc = mmu_tally_vcpu_frame(c, v, v->gdt_frames[i], MMU_TYPE_SEG_DESC);
	for (unsigned int i = 0; !rc && i < MMU_LDT_MAX_FRAMES; i++)
		if (v->ldt_frames[i] != MMU_NO_MFN)
			rc = mmu_tally_vcpu_frame(c, v, v->ldt_frames[i], MMU_TYPE_SEG_DESC);
	return rc;
}

static int mmu_compare_frame(struct mmu_checker *c, uint64_t mfn)
{
	struct mmu_frame *f = mmu_frame(c->env, mfn);
	struct mmu_check_tally *t = &c->t[mfn];

	if (f->owner == DOMID_XEN || f->owner == DOMID_IO) {
		if (f->count != 1 || f->type_count || t->count)
			return mmu_fail(c, mfn, "a hypervisor or I/O frame is referenced");
		return 0;
	}
	if (f->count != t->count)
		return mmu_fail(c, mfn, "general count differs from the references found");
	if (f->type_count != t->type_count)
		return mmu_fail(c, mfn, "type count differs from the references found");
	if (f->count == 0) {
		if (f->owner != DOMID_INVALID || f->flags || f->type || f->linear)
			return mmu_fail(c, mfn, "a free frame keeps an owner, type or flags");
		return 0;
	}
	if (f->owner >= DOMID_FIRST_RESERVED)
		return mmu_fail(c, mfn, "a referenced frame has no owner");
	if (t->linear_holds && t->linear_targeted)
		return mmu_fail(c, mfn, "linear page tables more than one level deep");
	if (f->linear != (int64_t)t->linear_holds - (int64_t)t->linear_targeted)
		return mmu_fail(c, mfn, "linear counter differs from the entries found");
	if (f->type_count == 0 &&
	    ((f->type != MMU_TYPE_NONE && f->type != MMU_TYPE_WRITABLE) ||
	     (f->flags & (MMU_FRAME_VALIDATED | MMU_FRAME_PINNED))))
		return mmu_fail(c, mfn, "a released table kept its type");
	return 0;
}

int mmu_check_invariants(struct mmu_env *env, struct mmu_vcpu *const *vcpus,
                         size_t nr_vcpus, struct mmu_check_tally *scratch,
                         struct mmu_check_failure *failure)
{
	struct mmu_checker c = { env, scratch, failure };
	int rc = 0;

	memset(scratch, 0, env->nr_frames * sizeof(*scratch));
	for (uint64_t mfn = 0; !rc && mfn < env->nr_frames; mfn++)
		rc = mmu_tally_frame(&c, mfn);
	for (size_t i = 0; !rc && i < nr_vcpus; i++)
		rc = mmu_tally_vcpu(&c, vcpus[i]);
	for (uint64_t mfn = 0; !rc && mfn < env->nr_frames; mfn++)
		rc = mmu_compare_frame(&c, mfn);
	return rc;
}
