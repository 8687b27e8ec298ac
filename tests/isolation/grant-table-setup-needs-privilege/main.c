/*
 * Rule: nobody exhausts or inspects another domain's grant table from
 * outside without privilege.  An unprivileged peer's setup_table and
 * query_size on the initial domain get permission_denied; its setup beyond
 * its own limit gets general_error; the initial domain's table still grows.
 */
#include "gnttab.h"
#include "peer.h"
#include "test.h"

static void attacker(void)
{
	events_init();
	uint64_t frames[4];
	struct gnttab_setup_table s = { .dom = 0, .nr_frames = 4, .frame_list = (uint64_t)frames };
	CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &s, 1), 0);
	CHECK_EQ(s.status, GNTST_permission_denied);
	struct gnttab_query_size q = { .dom = 0 };
	CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1), 0);
	CHECK_EQ(q.status, GNTST_permission_denied);
	s.dom = DOMID_SELF;
	s.nr_frames = 65;                                       /* beyond any domain's maximum */
	CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &s, 1), 0);
	CHECK_EQ(s.status, GNTST_general_error);
	CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &s, 2), -XEN_EINVAL);
	peer_report_ok();
}

int main(void)
{
	if (!is_initial_domain())
		attacker();
	events_init();
	domid_t d = peer_create("attacker", 4096);
	evtchn_port_t local = peer_connect(d);
	peer_unpause(d);
	CHECK(peer_wait_report(d, local, 2000000000ull), "the attacker's checks failed");
	gnttab_setup(4);
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1), 0);
	CHECK(q.status == 0 && q.nr_frames == 4 && q.max_nr_frames >= 4, "query_size: %d %u %u",
	      q.status, q.nr_frames, q.max_nr_frames);
	test_pass();
}
