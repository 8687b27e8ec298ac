/*
 * GNTTABOP_transfer: a PV domain gives one of its frames to another domain,
 * which offered a GTF_accept_transfer entry for it (xen-pv-abi.md 11.2;
 * Xen 4.17's gnttab_transfer and steal_page).
 *
 * Rules, in Xen's order, each element on its own:
 *   1. the frame must be the caller's and held by nothing but its
 *      "allocated" reference (no mapping, pin, type in use; not the shared
 *      hypervisor page): else bad_page, nothing changed;
 *   2. the frame then leaves the caller (its count of pages drops by one and
 *      its TLBs are flushed), before anything about the receiver is known;
 *   3. the receiver is a live domain named by id (DOMID_SELF is not one:
 *      bad_domain) that has room under its maximum (general_error), and its
 *      entry `ref` is exactly GTF_accept_transfer naming the caller
 *      (general_error), which is marked GTF_transfer_committed;
 *   4. any refusal after step 2 frees the frame: the caller has lost it, as
 *      in Xen, and every frame is still accounted for;
 *   5. on success the frame is the receiver's, with its contents: the M2P
 *      maps it to the PFN the entry's frame field named, the entry's frame
 *      field becomes its MFN, and GTF_transfer_completed is set last.
 * A v1 receiver needs an MFN below 2^32; Umbra's RAM is far below that, so
 * Xen's copy into a lower frame never happens here.
 */
#include "console.h"
#include "gnttab_internal.h"

/* Step 3: commit the receiver's entry; false if it is not an offer to from. */
static bool commit_entry(struct domain *to, grant_ref_t ref, struct domain *from)
{
	if (ref >= gnttab_nr_entries(&to->gnttab))
		return false;
	uint16_t *flags = &gnttab_shared(to, ref)->flags;
	struct grant_entry_v1 e = *(volatile struct grant_entry_v1 *)gnttab_shared(to, ref);
	if (e.flags != GTF_accept_transfer || e.domid != from->id)
		return false;
	uint16_t want = GTF_accept_transfer;
	return __atomic_compare_exchange_n(flags, &want, GTF_accept_transfer | GTF_transfer_committed,
					   false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

int16_t gnttab_transfer_one(struct domain *self, const struct gnttab_transfer *op)
{
	uint64_t mfn = op->mfn;
	if (!mfn_valid(mfn) || mmu_frame_steal(&mmu_env, &self->mmu, mfn))
		return GNTST_bad_page;
	self->nr_pages--;
	mmu_env.flush(&mmu_env, &self->mmu, MMU_FLUSH_DOMAIN, 0);
	struct domain *to = domain_by_id(op->domid);
	int16_t st = GNTST_okay;
	if (!to)
		st = GNTST_bad_domain;
	else if (to->nr_pages >= to->max_pages || !commit_entry(to, op->ref, self))
		st = GNTST_general_error;
	if (st) {
		frame_put_free(mfn);
		return st;
	}
	if (mmu_frame_assign(&mmu_env, &to->mmu, mfn, false))
		panic("transfer: stolen frame %lx is not free", mfn);
	to->nr_pages++;
	struct grant_entry_v1 *e = gnttab_shared(to, op->ref);
	m2p_rw[mfn] = e->frame;
	e->frame = (uint32_t)mfn;
	__atomic_fetch_or(&e->flags, GTF_transfer_completed, __ATOMIC_SEQ_CST);
	return GNTST_okay;
}
