/*
 * Rule: an unmap with a stale handle (one already unmapped) never takes
 * away a newer mapping.  As in Xen, a freed handle goes to the back of the
 * free list, so the next maps get other handles and the stale one answers
 * bad_handle; only after every other free handle was handed out does the
 * stale number name a newer mapping again, and then an unmap at the old
 * address is refused (general_error: that page-table entry does not map the
 * newer mapping's frame).  Either way the newer mapping stays, and once its
 * own handle unmaps it, the granter's entries are no longer busy.
 */
#include "gnttab.h"
#include "peer.h"
#include "pt.h"
#include "test.h"

#define REF GNTTAB_FIRST_FREE_REF       /* and REF + 1 */
static uint8_t pages[2][4096] __attribute__((aligned(4096)));

static void granter(void)
{
	peer_begin();
	gnttab_setup(1);
	for (unsigned i = 0; i < 2; i++) {
		pages[i][0] = (uint8_t)('A' + i);
		gnttab_grant(REF + i, 0, guest_va_to_mfn(pages[i]), false);
	}
	CHECK_EQ(evtchn_send(PEER_PORT), 0);
	peer_wait_signal();                                     /* all unmapped */
	for (unsigned i = 0; i < 2; i++) {
		CHECK_EQ(grant_table[REF + i].flags, GTF_permit_access);
		CHECK(gnttab_revoke(REF + i), "grant %u still busy", REF + i);
	}
	printf("granter: both entries idle and revoked\n");
	peer_report_ok();
}

static void expect_mapped(uint64_t va, char what)
{
	CHECK(pt_entry(va, 1) & PT_P, "the mapping at %lx is gone", va);
	CHECK(*(volatile char *)va == what, "the mapping at %lx shows %c", va, *(volatile char *)va);
}

int main(void)
{
	if (!is_initial_domain())
		granter();
	events_init();
	evtchn_port_t local;
	domid_t d = peer_start("granter", &local);
	uint64_t va = grant_window(0), va2 = grant_window(1);
	grant_handle_t stale, h, h2;

	CHECK_EQ(gnttab_map(d, REF, va, 0, &stale), GNTST_okay);
	CHECK_EQ(gnttab_unmap(va, stale), GNTST_okay);
	CHECK_EQ(gnttab_map(d, REF, va, 0, &h), GNTST_okay);
	int16_t st = gnttab_unmap(va, stale);
	printf("handle %u unmapped, next map got %u; stale unmap at the same address: %d\n",
	       stale, h, st);
	CHECK_EQ(st, GNTST_bad_handle);
	expect_mapped(va, 'A');
	CHECK(h != stale, "a freed handle was handed out again at once");

	/* Map and unmap the other grant until the stale number comes round again. */
	unsigned n = 0;
	for (;; n++) {
		CHECK(n < 2 * 512, "handle %u not handed out again after %u maps", stale, n);
		CHECK_EQ(gnttab_map(d, REF + 1, va2, 0, &h2), GNTST_okay);
		if (h2 == stale)
			break;
		CHECK_EQ(gnttab_unmap(va2, h2), GNTST_okay);
	}
	st = gnttab_unmap(va, stale);
	printf("handle %u handed out again after %u maps; stale unmap at the old address: %d\n",
	       stale, n, st);
	CHECK_EQ(st, GNTST_general_error);
	expect_mapped(va, 'A');
	expect_mapped(va2, 'B');

	CHECK_EQ(gnttab_unmap(va2, h2), GNTST_okay);
	CHECK_EQ(gnttab_unmap(va, h), GNTST_okay);
	CHECK(!(pt_entry(va, 1) & PT_P) && !(pt_entry(va2, 1) & PT_P), "a mapping outlived its unmap");
	CHECK_EQ(evtchn_send(local), 0);
	CHECK(peer_wait_report(d, local, 2000000000ull), "the granter's entries stayed busy");
	test_pass();
}
