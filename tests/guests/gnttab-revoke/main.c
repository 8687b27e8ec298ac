/*
 * Rule: while a grant is mapped, the granter cannot end access (the
 * hypervisor keeps GTF_reading/GTF_writing set, so its compare-and-exchange
 * fails); after the unmap it can, and a revoked grant can no longer be
 * mapped (general_error).
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
	gnttab_grant(REF, 0, guest_va_to_mfn(page), false);
	CHECK_EQ(evtchn_send(PEER_PORT), 0);
	peer_wait_signal();                                     /* mapped */
	uint16_t flags = grant_table[REF].flags;
	CHECK(flags & GTF_reading && flags & GTF_writing, "mapped grant flags %x", flags);
	CHECK(!gnttab_revoke(REF), "revoked a mapped grant");
	printf("revoke refused while mapped (flags %x)\n", flags);
	CHECK_EQ(evtchn_send(PEER_PORT), 0);
	peer_wait_signal();                                     /* unmapped */
	CHECK_EQ(grant_table[REF].flags, GTF_permit_access);
	CHECK(gnttab_revoke(REF), "could not revoke an unmapped grant");
	printf("revoked after the unmap\n");
	CHECK_EQ(evtchn_send(PEER_PORT), 0);
	peer_wait_signal();
	peer_report_ok();
}

int main(void)
{
	if (!is_initial_domain())
		granter();
	events_init();
	evtchn_port_t local;
	domid_t d = peer_start("granter", &local);
	uint64_t va = grant_window(0);
	grant_handle_t h;
	CHECK_EQ(gnttab_map(d, REF, va, 0, &h), GNTST_okay);
	CHECK_EQ(evtchn_send(local), 0);
	CHECK(peer_wait_report(d, local, 2000000000ull), "the granter's revoke attempt did not finish");
	*(volatile uint64_t *)va = 42;                          /* still ours to use */
	CHECK_EQ(gnttab_unmap(va, h), GNTST_okay);
	CHECK_EQ(evtchn_send(local), 0);
	CHECK(peer_wait_report(d, local, 2000000000ull), "the granter did not revoke");
	CHECK_EQ(gnttab_map(d, REF, va, 0, &h), GNTST_general_error);
	CHECK_EQ(gnttab_map(d, REF, va, GNTMAP_readonly, &h), GNTST_general_error);
	CHECK_EQ(evtchn_send(local), 0);
	CHECK(peer_wait_report(d, local, 2000000000ull), "the granter did not finish");
	test_pass();
}
