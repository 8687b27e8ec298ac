/*
 * Rule: a mapping that outlives its granter stays usable and unmaps
 * cleanly, and its unmap touches no other domain's grant entries.  The
 * mapper names the granter by domain id, and a domain id is never handed
 * out again (Xen keeps a dead granter's id while others still map its
 * frames), so a domain created after the granter died - here in the very
 * slot the granter left - keeps its own entry busy while it is mapped.
 * The dead granter's frame goes back to the allocator at the unmap.
 */
#include "gnttab.h"
#include "peer.h"
#include "pt.h"
#include "test.h"

#define REF GNTTAB_FIRST_FREE_REF
static uint8_t page[4096] __attribute__((aligned(4096)));

static void granter(void)
{
	peer_begin();
	gnttab_setup(1);
	page[0] = 'G';
	gnttab_grant(REF, 0, guest_va_to_mfn(page), false);
	CHECK_EQ(evtchn_send(PEER_PORT), 0);
	peer_wait_signal();                                     /* mapped by d0 */
	uint16_t flags = grant_table[REF].flags;
	printf("granter: while mapped, flags %x\n", flags);
	CHECK_EQ(flags, GTF_permit_access | GTF_reading | GTF_writing);
	CHECK(!gnttab_revoke(REF), "revoked a mapped grant");
	CHECK_EQ(evtchn_send(PEER_PORT), 0);
	peer_wait_signal();                                     /* unmapped */
	CHECK_EQ(grant_table[REF].flags, GTF_permit_access);
	CHECK(gnttab_revoke(REF), "the grant stayed busy after the unmap");
	peer_report_ok();
}

int main(void)
{
	if (!is_initial_domain())
		granter();
	events_init();
	evtchn_port_t local;
	uint64_t va = grant_window(0), va2 = grant_window(1);
	grant_handle_t h, h2;

	domid_t dead = peer_start("granter", &local);
	CHECK_EQ(gnttab_map(dead, REF, va, 0, &h), GNTST_okay);
	peer_destroy(dead);
	CHECK(peer_wait_gone(dead, 2000000000ull), "d%u did not go", dead);
	*(volatile char *)va = 'm';                             /* still ours to use */
	CHECK(*(volatile char *)va == 'm', "the dead granter's page does not keep our write");

	domid_t d = peer_start("granter", &local);
	printf("granter d%u destroyed while mapped (handle %u); new granter is d%u\n", dead, h, d);
	CHECK(d != dead, "a domain id was handed out again");
	CHECK_EQ(gnttab_map(d, REF, va2, 0, &h2), GNTST_okay);
	CHECK_EQ(gnttab_unmap(va, h), GNTST_okay);
	CHECK(!(pt_entry(va, 1) & PT_P), "the dead granter's page is still mapped");
	CHECK_EQ(evtchn_send(local), 0);
	CHECK(peer_wait_report(d, local, 2000000000ull), "the new granter's entry lost its busy flags");
	CHECK_EQ(gnttab_unmap(va2, h2), GNTST_okay);
	CHECK_EQ(evtchn_send(local), 0);
	CHECK(peer_wait_report(d, local, 2000000000ull), "the new granter's entry stayed busy");
	test_pass();
}
