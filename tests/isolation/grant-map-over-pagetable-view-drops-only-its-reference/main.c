/*
 * Rule: a grant mapped over a present entry drops exactly the references
 * that entry held, nothing more.  The entry here is the start-of-day
 * read-only view of an L1 table in use (it translates our own image): it
 * holds a general reference only, so after the grant replaces it the table
 * keeps its type and keeps working (our image stays reachable through it,
 * and a writable mapping of it is still refused), and after the grant's
 * unmap every frame still comes back at halt.  Without the replacement
 * (Umbra before: the map refused) the map itself fails.
 */
#include "gnttab.h"
#include "pt.h"
#include "test.h"

#define SELF 0                          /* the initial domain */
#define REF GNTTAB_FIRST_FREE_REF
static uint8_t page[4096] __attribute__((aligned(4096)));

int main(void)
{
	pt_init();
	gnttab_setup(1);
	memcpy(page, "granted", 8);
	gnttab_grant(REF, SELF, guest_va_to_mfn(page), false);
	uint64_t l1 = pt_table_mfn((uint64_t)page, 1), view = pt_pfn_va(pt_pfn(l1));
	CHECK(pt_entry(view, 1) & PT_P, "no read-only view of our L1 at %lx", view);
	grant_handle_t h;
	CHECK_EQ(gnttab_map(SELF, REF, view, GNTMAP_readonly, &h), GNTST_okay);
	CHECK_EQ(mmuext(MMUEXT_INVLPG_LOCAL, view, 0), 0);     /* Xen does not flush a map */
	CHECK(memcmp((const void *)view, "granted", 8) == 0, "the view was not replaced");
	page[100] = 1;                                          /* still translated by l1 */
	uint64_t va = grant_window(0);
	CHECK(pt_map_mfn(va, l1, PT_P | PT_RW) < 0, "our L1 in use was mapped writable");
	CHECK_EQ(pt_map_mfn(va, l1, PT_P), 0);                 /* read-only: fine */
	CHECK_EQ(pt_map_mfn(va, 0, 0), 0);
	CHECK_EQ(gnttab_unmap(view, h), GNTST_okay);
	CHECK(gnttab_revoke(REF), "the grant stayed busy");
	test_pass();
}
