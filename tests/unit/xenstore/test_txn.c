/*
 * Transaction rules: ids, isolation, conflict detection (EAGAIN), aborts,
 * watches at commit, and the argument and header rules.
 */
#include "xs_harness.h"

static uint32_t start(struct xs_conn *c)
{
	const struct msg *m = call(c, XS_TRANSACTION_START, 0, "", NULL);

	return m->type == XS_TRANSACTION_START ? (uint32_t)strtoul(m->body, NULL, 10) : 0;
}

TEST(transaction_ids_start_at_1_and_are_sent_as_decimal_text)
{
	struct xs_conn *c = C(0);
	const struct msg *m = call(c, XS_TRANSACTION_START, 0, "", NULL);

	EXPECT_BODY(m, XS_TRANSACTION_START, "1", 2);
	UNIT_CHECK_EQ(u, start(c), 2);
	EXPECT_OK(call(c, XS_TRANSACTION_END, 1, "F", NULL), XS_TRANSACTION_END);
	UNIT_CHECK_EQ(u, start(c), 3);
}

TEST(changes_in_a_transaction_are_invisible_until_commit)
{
	struct xs_conn *c = C(0);
	uint32_t t = start(c);

	EXPECT_OK(wr(c, t, "/iso/a", "in-txn"), XS_WRITE);
	EXPECT_STR(call(c, XS_READ, t, "/iso/a", NULL), XS_READ, "in-txn");
	EXPECT_ERR(call(c, XS_READ, 0, "/iso/a", NULL), "ENOENT");
	EXPECT_OK(call(c, XS_TRANSACTION_END, t, "T", NULL), XS_TRANSACTION_END);
	EXPECT_STR(call(c, XS_READ, 0, "/iso/a", NULL), XS_READ, "in-txn");
}

TEST(commit_fails_with_eagain_when_a_node_read_changed_meanwhile)
{
	struct xs_conn *c = C(0);
	uint32_t t;

	EXPECT_OK(wr(c, 0, "/cnt", "1"), XS_WRITE);
	t = start(c);
	EXPECT_STR(call(c, XS_READ, t, "/cnt", NULL), XS_READ, "1");
	EXPECT_OK(wr(c, t, "/cnt", "2"), XS_WRITE);
	EXPECT_OK(wr(C(0), 0, "/cnt", "5"), XS_WRITE);
	EXPECT_ERR(call(c, XS_TRANSACTION_END, t, "T", NULL), "EAGAIN");
	EXPECT_STR(call(c, XS_READ, 0, "/cnt", NULL), XS_READ, "5");
	/* The transaction is gone either way. */
	EXPECT_ERR(call(c, XS_READ, t, "/cnt", NULL), "ENOENT");
}

TEST(commit_fails_with_eagain_when_a_node_seen_absent_was_created)
{
	struct xs_conn *c = C(0);
	uint32_t t = start(c);

	EXPECT_ERR(call(c, XS_READ, t, "/later", NULL), "ENOENT");
	EXPECT_OK(wr(c, 0, "/later", "x"), XS_WRITE);
	EXPECT_OK(wr(c, t, "/other", "y"), XS_WRITE);
	EXPECT_ERR(call(c, XS_TRANSACTION_END, t, "T", NULL), "EAGAIN");
	EXPECT_ERR(call(c, XS_READ, 0, "/other", NULL), "ENOENT");
}

TEST(commit_succeeds_when_unrelated_nodes_changed)
{
	struct xs_conn *c = C(0);
	uint32_t t;

	EXPECT_OK(wr(c, 0, "/mine", "1"), XS_WRITE);
	t = start(c);
	EXPECT_OK(wr(c, t, "/mine", "2"), XS_WRITE);
	EXPECT_OK(wr(c, 0, "/tool/other", "z"), XS_WRITE);
	EXPECT_OK(call(c, XS_TRANSACTION_END, t, "T", NULL), XS_TRANSACTION_END);
	EXPECT_STR(call(c, XS_READ, 0, "/mine", NULL), XS_READ, "2");
}

TEST(two_racing_increments_one_gets_eagain_and_none_is_lost)
{
	struct xs_conn *a = C(5), *b = C(6);
	uint32_t ta, tb;

	EXPECT_OK(wr(C(0), 0, "/n", "0"), XS_WRITE);
	EXPECT_OK(call(C(0), XS_SET_PERMS, 0, "/n", "b0", NULL), XS_SET_PERMS);
	ta = start(a);
	tb = start(b);
	EXPECT_STR(call(a, XS_READ, ta, "/n", NULL), XS_READ, "0");
	EXPECT_STR(call(b, XS_READ, tb, "/n", NULL), XS_READ, "0");
	EXPECT_OK(wr(a, ta, "/n", "1"), XS_WRITE);
	EXPECT_OK(wr(b, tb, "/n", "1"), XS_WRITE);
	EXPECT_OK(call(a, XS_TRANSACTION_END, ta, "T", NULL), XS_TRANSACTION_END);
	EXPECT_ERR(call(b, XS_TRANSACTION_END, tb, "T", NULL), "EAGAIN");
	tb = start(b);
	EXPECT_STR(call(b, XS_READ, tb, "/n", NULL), XS_READ, "1");
	EXPECT_OK(wr(b, tb, "/n", "2"), XS_WRITE);
	EXPECT_OK(call(b, XS_TRANSACTION_END, tb, "T", NULL), XS_TRANSACTION_END);
	EXPECT_STR(call(a, XS_READ, 0, "/n", NULL), XS_READ, "2");
}

TEST(abort_discards_every_change)
{
	struct xs_conn *c = C(0);
	uint32_t t = start(c);

	EXPECT_OK(wr(c, t, "/gone/x", "1"), XS_WRITE);
	EXPECT_OK(call(c, XS_RM, t, "/tool", NULL), XS_RM);
	EXPECT_OK(call(c, XS_TRANSACTION_END, t, "F", NULL), XS_TRANSACTION_END);
	EXPECT_ERR(call(c, XS_READ, 0, "/gone", NULL), "ENOENT");
	EXPECT_BODY(call(c, XS_DIRECTORY, 0, "/tool", NULL), XS_DIRECTORY, "xenstored", 10);
}

TEST(rm_in_a_transaction_commits_the_whole_subtree)
{
	struct xs_conn *c = C(0);
	uint32_t t;

	EXPECT_OK(wr(c, 0, "/sub/a/b", "1"), XS_WRITE);
	t = start(c);
	EXPECT_OK(call(c, XS_RM, t, "/sub/a", NULL), XS_RM);
	EXPECT_ERR(call(c, XS_READ, t, "/sub/a/b", NULL), "ENOENT");
	EXPECT_STR(call(c, XS_READ, 0, "/sub/a/b", NULL), XS_READ, "1");
	EXPECT_OK(call(c, XS_TRANSACTION_END, t, "T", NULL), XS_TRANSACTION_END);
	EXPECT_ERR(call(c, XS_READ, 0, "/sub/a/b", NULL), "ENOENT");
	EXPECT_BODY(call(c, XS_DIRECTORY, 0, "/sub", NULL), XS_DIRECTORY, "", 0);
}

TEST(starting_a_transaction_inside_one_is_ebusy)
{
	struct xs_conn *c = C(0);
	uint32_t t = start(c);

	EXPECT_ERR(call(c, XS_TRANSACTION_START, t, "", NULL), "EBUSY");
}

TEST(transaction_end_needs_t_or_f)
{
	struct xs_conn *c = C(0);
	uint32_t t = start(c);

	EXPECT_ERR(call(c, XS_TRANSACTION_END, t, "X", NULL), "EINVAL");
	EXPECT_ERR(call(c, XS_TRANSACTION_END, t, "TT", NULL), "EINVAL");
	EXPECT_ERR(call(c, XS_TRANSACTION_END, t, "T", "F", NULL), "EINVAL");
	EXPECT_OK(call(c, XS_TRANSACTION_END, t, "T", NULL), XS_TRANSACTION_END);
}

TEST(transaction_end_outside_a_transaction_is_enoent)
{
	EXPECT_ERR(call(C(0), XS_TRANSACTION_END, 0, "T", NULL), "ENOENT");
}

TEST(a_tx_id_naming_no_open_transaction_is_enoent)
{
	EXPECT_ERR(call(C(0), XS_READ, 42, "/tool", NULL), "ENOENT");
	EXPECT_ERR(wr(C(0), 42, "/x", "1"), "ENOENT");
	EXPECT_ERR(call(C(0), XS_READ, 0, "/x", NULL), "ENOENT");
}

TEST(transaction_ids_belong_to_their_connection)
{
	struct xs_conn *a = C(0), *b = C(5);
	uint32_t t = start(a);

	EXPECT_ERR(call(b, XS_READ, t, "/tool", NULL), "ENOENT");
}

TEST(watches_fire_for_a_transaction_only_when_it_commits)
{
	struct xs_conn *c = C(0), *w = C(0);
	uint32_t t;

	call(w, XS_WATCH, 0, "/tw", "t", NULL);
	ev_clear(w);
	t = start(c);
	EXPECT_OK(wr(c, t, "/tw/x", "1"), XS_WRITE);
	UNIT_CHECK_EQ(u, ev_count(w), 0);
	EXPECT_OK(call(c, XS_TRANSACTION_END, t, "T", NULL), XS_TRANSACTION_END);
	/* Every node the commit changed fires: the new node and its new parent. */
	UNIT_CHECK(u, ev_take(w, "/tw/x", "t"));
	UNIT_CHECK(u, ev_take(w, "/tw", "t"));
	UNIT_CHECK_EQ(u, ev_count(w), 0);
	t = start(c);
	EXPECT_OK(wr(c, t, "/tw/y", "1"), XS_WRITE);
	EXPECT_OK(call(c, XS_TRANSACTION_END, t, "F", NULL), XS_TRANSACTION_END);
	UNIT_CHECK_EQ(u, ev_count(w), 0);
}

TEST(a_guest_may_have_11_transactions_open_and_the_12th_is_enospc)
{
	struct xs_conn *g = C(5);

	for (int i = 0; i < 11; i++)
		UNIT_CHECK(u, start(g) != 0);
	EXPECT_ERR(call(g, XS_TRANSACTION_START, 0, "", NULL), "ENOSPC");
	for (int i = 0; i < 50; i++)
		UNIT_CHECK(u, start(C(0)) != 0);
}

TEST(a_transaction_touching_too_many_nodes_gets_enospc_and_cannot_commit)
{
	struct xs_conn *g = C(5);
	uint32_t t;
	char path[32];

	xs_server_quota(srv)->txn_nodes = 8;
	t = start(g);
	for (int i = 0; i < 7; i++) {
		snprintf(path, sizeof(path), "/n%d", i);
		EXPECT_ERR(call(g, XS_READ, t, path, NULL), "EACCES");
	}
	EXPECT_ERR(call(g, XS_READ, t, "/n99", NULL), "ENOSPC");
	EXPECT_ERR(call(g, XS_TRANSACTION_END, t, "T", NULL), "ENOMEM");
}

static const struct unit_case cases[] = {
	CASE(transaction_ids_start_at_1_and_are_sent_as_decimal_text),
	CASE(changes_in_a_transaction_are_invisible_until_commit),
	CASE(commit_fails_with_eagain_when_a_node_read_changed_meanwhile),
	CASE(commit_fails_with_eagain_when_a_node_seen_absent_was_created),
	CASE(commit_succeeds_when_unrelated_nodes_changed),
	CASE(two_racing_increments_one_gets_eagain_and_none_is_lost),
	CASE(abort_discards_every_change),
	CASE(rm_in_a_transaction_commits_the_whole_subtree),
	CASE(starting_a_transaction_inside_one_is_ebusy),
	CASE(transaction_end_needs_t_or_f),
	CASE(transaction_end_outside_a_transaction_is_enoent),
	CASE(a_tx_id_naming_no_open_transaction_is_enoent),
	CASE(transaction_ids_belong_to_their_connection),
	CASE(watches_fire_for_a_transaction_only_when_it_commits),
	CASE(a_guest_may_have_11_transactions_open_and_the_12th_is_enospc),
	CASE(a_transaction_touching_too_many_nodes_gets_enospc_and_cannot_commit),
};
const struct xs_suite xs_suite_txn = { cases, ARRAY_LEN(cases) };
