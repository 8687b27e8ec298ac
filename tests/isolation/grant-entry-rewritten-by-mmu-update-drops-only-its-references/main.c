/*
 * Rule: a grant mapping's page-table entry is an ordinary L1 entry (Xen
 * 4.17's release builds mark it with nothing; bit 62 stays the guest's).
 * mmu_update may rewrite it, and that drops exactly the references the entry
 * held, nothing more: the granted frame loses its writable type (it can then
 * be pinned as a table, which it could not while mapped writable) and the
 * grant's unmap finds no entry to remove (GNTST_general_error), so the grant
 * stays in use (the granter cannot end it) until the mapper dies, and at
 * halt every frame still comes back.  A copy of the entry in another slot
 * is an ordinary mapping with references of its own (the frame is ours
 * here; the host unit test mmu/grant-entry-is-an-ordinary-entry-for-mmu-update
 * shows a copy of another domain's granted frame refused).  Umbra before
 * refused the rewrite.
 */
#include "gnttab.h"
#include "attack.h"

#define SELF 0                          /* the initial domain grants to itself */
#define REF GNTTAB_FIRST_FREE_REF

int main(void)
{
	pt_init();
	gnttab_setup(1);
	uint64_t mfn = pt_mfn(pt_alloc());
	CHECK_EQ(mmuext(MMUEXT_CLEAR_PAGE, mfn, 0), 0);
	gnttab_grant(REF, SELF, mfn, false);
	uint64_t va = grant_window(0);
	grant_handle_t h;
	CHECK_EQ(gnttab_map(SELF, REF, va, GNTMAP_host_map, &h), GNTST_okay);
	uint64_t e = pt_entry(va, 1), ma = pt_entry_maddr(va, 1);
	CHECK(PT_MFN(e) == mfn && (e & (PT_P | PT_RW)) == (PT_P | PT_RW), "grant entry 0x%lx", e);
	CHECK(!(e & PT_SOFT62), "the grant entry carries bit 62: 0x%lx", e);
	expect_rc("pin of the frame a grant maps writable", pt_pin(1, mfn), -XEN_EINVAL);

	/* a copy elsewhere holds references of its own */
	uint64_t copy = grant_window(1), copy_ma = pt_entry_maddr(copy, 1);
	CHECK_EQ(pt_update(copy_ma, e), 0);
	CHECK_EQ(pt_update(copy_ma, 0), 0);
	expect_rc("pin while the grant still maps it writable", pt_pin(1, mfn), -XEN_EINVAL);

	CHECK_EQ(pt_update(ma, e | PT_SOFT62), 0);      /* same frame and rights: fine */
	CHECK_EQ(pt_update(ma, 0), 0);                  /* the rewrite */
	CHECK_EQ(mmuext(MMUEXT_INVLPG_LOCAL, va, 0), 0);
	CHECK_EQ(pt_pin(1, mfn), 0);                    /* its writable reference went with it */
	CHECK(pt_map_mfn(copy, mfn, PT_P | PT_RW) < 0, "a pinned L1 was mapped writable");
	CHECK_EQ(pt_unpin(mfn), 0);
	printf("rewritten by mmu_update: the grant's references dropped, nothing more\n");

	CHECK_EQ(gnttab_unmap(va, h), GNTST_general_error);
	CHECK(!gnttab_revoke(REF), "the grant ended while its mapping is still recorded");
	printf("the grant stays in use until its mapper dies\n");
	test_pass();
}
