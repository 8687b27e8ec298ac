/*
 * Rule: granting a frame does not lift the page-table rules.  The granter
 * grants its own L4 page table writable; the mapper's writable map and a
 * copy into it are refused (general_error), a read-only map works, and the
 * granter's page tables keep working (it goes on to report).
 */
#include "gnttab.h"
#include "peer.h"
#include "test.h"

#define REF GNTTAB_FIRST_FREE_REF

static void granter(void)
{
	peer_begin();
	gnttab_setup(1);
	gnttab_grant(REF, 0, guest_va_to_mfn((const void *)start_info->pt_base), false);
	CHECK_EQ(evtchn_send(PEER_PORT), 0);
	peer_wait_signal();
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
	CHECK_EQ(gnttab_map(d, REF, va, 0, &h), GNTST_general_error);
	CHECK_EQ(gnttab_copy_to_ref(d, REF, buf, 8), GNTST_general_error);
	CHECK_EQ(gnttab_map(d, REF, va, GNTMAP_readonly, &h), GNTST_okay);
	const uint64_t *l4 = (const uint64_t *)va;
	CHECK(l4[256] & 1, "the granted L4 has no hypervisor slots: not the granter's L4");
	CHECK_EQ(gnttab_unmap(va, h), GNTST_okay);
	CHECK_EQ(evtchn_send(local), 0);
	CHECK(peer_wait_report(d, local, 2000000000ull), "the granter stopped working");
	test_pass();
}
