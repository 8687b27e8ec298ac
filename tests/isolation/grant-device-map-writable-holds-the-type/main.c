/*
 * Rule: a device mapping never gives more than the grant allows, and a
 * writable one holds the frame writable.  The mapper (a peer) asks for a
 * writable device mapping of a read-only grant and of the granter's L4
 * (general_error both), then maps a zeroed page writable and another
 * read-only.  While they exist the granter cannot make the writably mapped
 * page a page table (pinning it fails), but can the read-only mapped one;
 * once the mapper unmaps, the first pins too.
 */
#include "gnttab.h"
#include "peer.h"
#include "pt.h"
#include "test.h"

#define REF GNTTAB_FIRST_FREE_REF

static struct gnttab_map_grant_ref dmap(grant_ref_t ref, uint32_t fl)
{
	struct gnttab_map_grant_ref m = { .flags = fl | GNTMAP_device_map, .ref = ref, .dom = 0 };
	CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &m, 1), 0);
	return m;
}

static void mapper(void)
{
	peer_begin();
	CHECK_EQ(evtchn_send(PEER_PORT), 0);                    /* ready */
	peer_wait_signal();                                     /* granted */
	CHECK_EQ(dmap(REF, 0).status, GNTST_general_error);     /* read-only grant */
	CHECK_EQ(dmap(REF + 1, 0).status, GNTST_general_error); /* the granter's L4 */
	struct gnttab_map_grant_ref w = dmap(REF + 2, 0), r = dmap(REF + 3, GNTMAP_readonly);
	CHECK(w.status == GNTST_okay && r.status == GNTST_okay, "device maps: %d %d", w.status, r.status);
	CHECK_EQ(evtchn_send(PEER_PORT), 0);
	peer_wait_signal();
	struct gnttab_unmap_grant_ref u = { .dev_bus_addr = w.dev_bus_addr, .handle = w.handle };
	CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1), 0);
	CHECK_EQ(u.status, GNTST_okay);
	peer_report_ok();                                       /* dies holding the read-only one */
}

int main(void)
{
	static uint8_t page[4096] __attribute__((aligned(4096)));
	if (!is_initial_domain())
		mapper();
	pt_init();
	events_init();
	gnttab_setup(1);
	evtchn_port_t local;
	domid_t d = peer_start("mapper", &local);
	uint64_t w = pt_mfn(pt_alloc()), r = pt_mfn(pt_alloc());      /* zeroed, unmapped */
	gnttab_grant(REF, d, guest_va_to_mfn(page), true);
	gnttab_grant(REF + 1, d, guest_va_to_mfn((const void *)start_info->pt_base), false);
	gnttab_grant(REF + 2, d, w, false);
	gnttab_grant(REF + 3, d, r, true);
	CHECK_EQ(evtchn_send(local), 0);
	CHECK(peer_wait_report(d, local, 2000000000ull), "the mapper did not map");
	CHECK_EQ(pt_pin(1, w), -XEN_EINVAL);
	CHECK_EQ(pt_pin(1, r), 0);
	CHECK_EQ(pt_unpin(r), 0);
	CHECK_EQ(evtchn_send(local), 0);
	CHECK(peer_wait_report(d, local, 2000000000ull), "the mapper did not unmap");
	CHECK_EQ(pt_pin(1, w), 0);
	CHECK_EQ(pt_unpin(w), 0);
	CHECK(peer_wait_gone(d, 2000000000ull), "the mapper did not go");
	CHECK(gnttab_revoke(REF + 3), "the dead mapper's device mapping kept the grant busy");
	test_pass();
}
