/*
 * Quota rules (xs_quota.h): the figures, the errors, that dom0 is exempt,
 * and that a domain at its limits cannot starve another.
 */
#include "xs_harness.h"

TEST(quota_defaults_are_xenstored_figures)
{
	const struct xs_quota *q = xs_server_quota(srv);

	UNIT_CHECK_EQ(u, q->nodes, 1000);
	UNIT_CHECK_EQ(u, q->entry_bytes, 2048);
	UNIT_CHECK_EQ(u, q->watches, 128);
	UNIT_CHECK_EQ(u, q->transactions, 10);
	UNIT_CHECK_EQ(u, q->perms, 5);
	UNIT_CHECK_EQ(u, q->txn_nodes, 1024);
	UNIT_CHECK_EQ(u, q->outstanding, 20);
	UNIT_CHECK_EQ(u, q->memory, 2621440);
}

TEST(a_guest_may_own_1000_nodes_and_the_1001st_is_enospc)
{
	char path[64];
	int i;

	guest_home(3);                    /* the data node itself is the first */
	for (i = 1; i < 1000; i++) {
		snprintf(path, sizeof(path), "data/d%d/k%d", i / 100, i);
		if (!is_ok(wr(C(3), 0, path, ""), XS_WRITE))
			break;
	}
	/* 10 directories d0..d9 were made on the way: count what is owned. */
	UNIT_CHECK_EQ(u, xs_dom_find(srv, 3)->acct.nodes, 1000);
	EXPECT_ERR(wr(C(3), 0, "data/one-more", ""), "ENOSPC");
	EXPECT_OK(wr(C(0), 0, "/local/domain/3/data/by-dom0", ""), XS_WRITE);
	UNIT_CHECK_EQ(u, xs_dom_find(srv, 3)->acct.nodes, 1001);
}

TEST(creating_several_missing_parents_counts_each_against_the_node_quota)
{
	guest_home(3);
	xs_server_quota(srv)->nodes = 4;
	EXPECT_ERR(wr(C(3), 0, "data/a/b/c/d", ""), "ENOSPC");
	EXPECT_ERR(call(C(3), XS_READ, 0, "data/a", NULL), "ENOENT");
	EXPECT_OK(wr(C(3), 0, "data/a/b/c", ""), XS_WRITE);
}

TEST(node_entry_must_stay_below_2048_bytes_for_a_guest)
{
	char big[2100];

	guest_home(3);
	memset(big, 'v', sizeof(big));
	big[2048 - 24 - 8 - 1] = 0;     /* one byte below the limit */
	EXPECT_OK(wr(C(3), 0, "data/v", big), XS_WRITE);
	big[2048 - 24 - 8 - 1] = 'v';
	big[2048 - 24 - 8] = 0;         /* exactly 2048: refused */
	EXPECT_ERR(wr(C(3), 0, "data/v", big), "ENOSPC");
	EXPECT_OK(wr(C(0), 0, "/local/domain/3/data/v", big), XS_WRITE);
}

TEST(a_long_child_list_counts_against_the_parent_entry_size)
{
	char path[64];
	int i;

	guest_home(3);
	for (i = 0; i < 400; i++) {
		snprintf(path, sizeof(path), "data/key-%04d", i);
		if (!is_ok(wr(C(3), 0, path, ""), XS_WRITE))
			break;
	}
	/* 24 + 8 + 9 bytes per child name: the 224th name would reach 2048. */
	UNIT_CHECK_EQ(u, i, 223);
	EXPECT_ERR(wr(C(3), 0, path, ""), "ENOSPC");
}

TEST(removing_nodes_gives_the_quota_back)
{
	char path[64];

	guest_home(3);
	xs_server_quota(srv)->nodes = 10;
	for (int i = 0; i < 9; i++) {
		snprintf(path, sizeof(path), "data/k%d", i);
		EXPECT_OK(wr(C(3), 0, path, "x"), XS_WRITE);
	}
	EXPECT_ERR(wr(C(3), 0, "data/k9", ""), "ENOSPC");
	EXPECT_OK(call(C(3), XS_RM, 0, "data/k0", NULL), XS_RM);
	EXPECT_OK(wr(C(3), 0, "data/k9", ""), XS_WRITE);
	EXPECT_OK(call(C(0), XS_RM, 0, "/local/domain/3/data", NULL), XS_RM);
	UNIT_CHECK_EQ(u, xs_dom_find(srv, 3)->acct.nodes, 0);
	UNIT_CHECK_EQ(u, xs_dom_find(srv, 3)->acct.memory, 0);
}

TEST(commit_taking_a_guest_over_its_node_quota_is_enospc)
{
	const struct msg *m;
	uint32_t t;

	guest_home(3);
	xs_server_quota(srv)->nodes = 3;
	m = call(C(3), XS_TRANSACTION_START, 0, "", NULL);
	t = (uint32_t)atoi(m->body);
	EXPECT_OK(wr(C(3), t, "data/a", ""), XS_WRITE);
	EXPECT_OK(wr(C(3), 0, "data/b", ""), XS_WRITE);
	EXPECT_OK(wr(C(3), 0, "data/c", ""), XS_WRITE);
	EXPECT_ERR(call(C(3), XS_TRANSACTION_END, t, "T", NULL), "ENOSPC");
}

TEST(a_guest_at_its_memory_quota_gets_enomem_for_new_watches)
{
	guest_home(3);
	xs_server_quota(srv)->memory = xs_dom_find(srv, 3)->acct.memory + 100;
	EXPECT_OK(call(C(3), XS_WATCH, 0, "data", "tok", NULL), XS_WATCH);
	EXPECT_ERR(call(C(3), XS_WATCH, 0, "data", "0123456789012345678901234567890123456789"
	                "0123456789012345678901234567890123456789", NULL), "ENOMEM");
	EXPECT_ERR(wr(C(3), 0, "data/0123456789012345678901234567890123456789", ""), "ENOMEM");
}

TEST(events_for_a_guest_over_its_memory_quota_are_dropped)
{
	struct xs_conn *g = C(4);
	uint8_t buf[64];

	EXPECT_OK(wr(C(0), 0, "/pub", ""), XS_WRITE);
	EXPECT_OK(call(C(0), XS_SET_PERMS, 0, "/pub", "r0", NULL), XS_SET_PERMS);
	EXPECT_OK(call(g, XS_WATCH, 0, "/pub", "t", NULL), XS_WATCH);
	ev_clear(g);
	xs_server_quota(srv)->memory = xs_dom_find(srv, 4)->acct.memory + 30;
	EXPECT_OK(wr(C(0), 0, "/pub/a", ""), XS_WRITE);     /* 16 + 9 bytes: fits */
	EXPECT_OK(wr(C(0), 0, "/pub/b", ""), XS_WRITE);     /* over: dropped */
	UNIT_CHECK_EQ(u, xs_conn_read(g, buf, sizeof(buf)), 16 + 9);
	UNIT_CHECK_EQ(u, xs_conn_read(g, buf, sizeof(buf)), 0);
}

static const struct unit_case cases[] = {
	CASE(quota_defaults_are_xenstored_figures),
	CASE(a_guest_may_own_1000_nodes_and_the_1001st_is_enospc),
	CASE(creating_several_missing_parents_counts_each_against_the_node_quota),
	CASE(node_entry_must_stay_below_2048_bytes_for_a_guest),
	CASE(a_long_child_list_counts_against_the_parent_entry_size),
	CASE(removing_nodes_gives_the_quota_back),
	CASE(commit_taking_a_guest_over_its_node_quota_is_enospc),
	CASE(a_guest_at_its_memory_quota_gets_enomem_for_new_watches),
	CASE(events_for_a_guest_over_its_memory_quota_are_dropped),
};
const struct xs_suite xs_suite_quota = { cases, ARRAY_LEN(cases) };
