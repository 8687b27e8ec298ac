/*
 * Rule: a grant is usable only by the domain it names.  The granter offers a
 * page to a third domain id; the initial domain's map and copy through it
 * are refused (general_error), so are the same after the granter revokes a
 * grant that did name it, and the granter's page is unchanged.
 */
#include "gnttab.h"
#include "peer.h"
#include "test.h"

#define REF GNTTAB_FIRST_FREE_REF
static uint8_t page[4096] __attribute__((aligned(4096)));

static void granter(void)
{
	peer_begin();
	gnttab_setup(1);
	memcpy(page, "victim data", 12);
	gnttab_grant(REF, 5, guest_va_to_mfn(page), false);     /* to some other domain */
	gnttab_grant(REF + 1, 0, guest_va_to_mfn(page), false);
	CHECK(gnttab_revoke(REF + 1), "revoke of an unused grant failed");
	CHECK_EQ(evtchn_send(PEER_PORT), 0);
	peer_wait_signal();
	CHECK(memcmp(page, "victim data", 12) == 0, "the page changed");
	CHECK_EQ(grant_table[REF].flags, GTF_permit_access);    /* never marked in use */
	peer_report_ok();
}

int main(void)
{
	static uint8_t buf[4096] __attribute__((aligned(4096)));
	if (!is_initial_domain())
		granter();
	events_init();
	evtchn_port_t local;
	domid_t d = peer_start("granter", &local);
	uint64_t va = grant_window(0);
	grant_handle_t h;
	for (grant_ref_t ref = REF; ref <= REF + 1; ref++) {
		CHECK_EQ(gnttab_map(d, ref, va, 0, &h), GNTST_general_error);
		CHECK_EQ(gnttab_map(d, ref, va, GNTMAP_readonly, &h), GNTST_general_error);
		CHECK_EQ(gnttab_copy_to_ref(d, ref, buf, 4), GNTST_general_error);
	}
	CHECK_EQ(evtchn_send(local), 0);
	CHECK(peer_wait_report(d, local, 2000000000ull), "the victim was harmed or stopped");
	test_pass();
}
