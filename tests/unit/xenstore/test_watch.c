/*
 * Watch rules: what fires, with which path, for whom, and the special
 * @introduceDomain / @releaseDomain watches.
 */
#include "xs_harness.h"

TEST(watch_answers_ok_then_fires_once_at_once)
{
	struct xs_conn *c = C(0);

	EXPECT_OK(call(c, XS_WATCH, 0, "/w", "tok", NULL), XS_WATCH);
	UNIT_CHECK_EQ(u, ev_count(c), 1);
	UNIT_CHECK(u, ev_take(c, "/w", "tok"));
}

TEST(watch_fires_for_changes_at_or_below_its_path)
{
	struct xs_conn *c = C(0);

	call(c, XS_WATCH, 0, "/w", "t", NULL);
	ev_clear(c);
	EXPECT_OK(wr(C(0), 0, "/w/a/b", "1"), XS_WRITE);
	EXPECT_OK(wr(C(0), 0, "/w", "2"), XS_WRITE);
	EXPECT_OK(call(C(0), XS_MKDIR, 0, "/w/m", NULL), XS_MKDIR);
	UNIT_CHECK_EQ(u, ev_count(c), 3);
	UNIT_CHECK(u, ev_take(c, "/w/a/b", "t"));
	UNIT_CHECK(u, ev_take(c, "/w", "t"));
	UNIT_CHECK(u, ev_take(c, "/w/m", "t"));
}

TEST(watch_ignores_siblings_sharing_a_prefix_and_unchanged_mkdir)
{
	struct xs_conn *c = C(0);

	EXPECT_OK(wr(C(0), 0, "/w", ""), XS_WRITE);
	call(c, XS_WATCH, 0, "/w", "t", NULL);
	ev_clear(c);
	EXPECT_OK(wr(C(0), 0, "/wx", "1"), XS_WRITE);
	EXPECT_OK(wr(C(0), 0, "/v/w", "1"), XS_WRITE);
	EXPECT_OK(call(C(0), XS_MKDIR, 0, "/w", NULL), XS_MKDIR);
	UNIT_CHECK_EQ(u, ev_count(c), 0);
}

TEST(watch_on_root_hears_everything)
{
	struct xs_conn *c = C(0);

	call(c, XS_WATCH, 0, "/", "all", NULL);
	ev_clear(c);
	EXPECT_OK(wr(C(0), 0, "/deep/er", "1"), XS_WRITE);
	UNIT_CHECK(u, ev_take(c, "/deep/er", "all"));
}

TEST(rm_reports_the_top_to_watches_above_and_each_node_to_exact_watches)
{
	struct xs_conn *c = C(0);

	EXPECT_OK(wr(C(0), 0, "/t/a/b", "1"), XS_WRITE);
	call(c, XS_WATCH, 0, "/t", "above", NULL);
	call(c, XS_WATCH, 0, "/t/a/b", "exact", NULL);
	call(c, XS_WATCH, 0, "/t/a/b/none", "missing", NULL);
	ev_clear(c);
	EXPECT_OK(call(C(0), XS_RM, 0, "/t/a", NULL), XS_RM);
	UNIT_CHECK_EQ(u, ev_count(c), 2);
	UNIT_CHECK(u, ev_take(c, "/t/a/b", "exact"));
	UNIT_CHECK(u, ev_take(c, "/t/a", "above"));
}

TEST(relative_watch_reports_paths_relative_to_home)
{
	struct xs_conn *g = C(3);

	call(C(0), XS_MKDIR, 0, "/local/domain/3/data", NULL);
	call(C(0), XS_SET_PERMS, 0, "/local/domain/3/data", "n3", NULL);
	EXPECT_OK(call(g, XS_WATCH, 0, "data", "rel", NULL), XS_WATCH);
	UNIT_CHECK(u, ev_take(g, "data", "rel"));
	EXPECT_OK(wr(g, 0, "data/k", "v"), XS_WRITE);
	UNIT_CHECK(u, ev_take(g, "data/k", "rel"));
	EXPECT_OK(call(g, XS_WATCH, 0, "/local/domain/3/data", "abs", NULL), XS_WATCH);
	UNIT_CHECK(u, ev_take(g, "/local/domain/3/data", "abs"));
}

TEST(same_path_and_token_twice_is_eexist)
{
	EXPECT_OK(call(C(0), XS_WATCH, 0, "/w", "t", NULL), XS_WATCH);
	EXPECT_ERR(call(C(0), XS_WATCH, 0, "/w", "t", NULL), "EEXIST");
	EXPECT_OK(call(C(0), XS_WATCH, 0, "/w", "t2", NULL), XS_WATCH);
}

TEST(watch_needs_exactly_a_path_and_a_token)
{
	EXPECT_ERR(call(C(0), XS_WATCH, 0, "/w", NULL), "EINVAL");
	EXPECT_ERR(call(C(0), XS_WATCH, 0, "/w", "t", "0", NULL), "EINVAL");
	EXPECT_ERR(call(C(0), XS_WATCH, 0, "/w//x", "t", NULL), "EINVAL");
}

TEST(unwatch_removes_the_watch_and_an_unknown_one_is_enoent)
{
	struct xs_conn *c = C(0);

	call(c, XS_WATCH, 0, "/w", "t", NULL);
	EXPECT_OK(call(c, XS_UNWATCH, 0, "/w", "t", NULL), XS_UNWATCH);
	ev_clear(c);
	EXPECT_OK(wr(C(0), 0, "/w", "1"), XS_WRITE);
	UNIT_CHECK_EQ(u, ev_count(c), 0);
	EXPECT_ERR(call(c, XS_UNWATCH, 0, "/w", "t", NULL), "ENOENT");
}

TEST(watcher_hears_nothing_of_a_node_it_may_not_read)
{
	struct xs_conn *g = C(4);

	EXPECT_OK(call(g, XS_WATCH, 0, "/secret", "t", NULL), XS_WATCH);
	ev_clear(g);
	EXPECT_OK(wr(C(0), 0, "/secret", "x"), XS_WRITE);
	UNIT_CHECK_EQ(u, ev_count(g), 0);
	EXPECT_OK(call(C(0), XS_SET_PERMS, 0, "/secret", "n0", "r4", NULL), XS_SET_PERMS);
	UNIT_CHECK(u, ev_take(g, "/secret", "t"));
}

TEST(watcher_that_loses_access_hears_the_permission_change)
{
	struct xs_conn *g = C(4);

	EXPECT_OK(wr(C(0), 0, "/open", ""), XS_WRITE);
	EXPECT_OK(call(C(0), XS_SET_PERMS, 0, "/open", "r0", NULL), XS_SET_PERMS);
	call(g, XS_WATCH, 0, "/open", "t", NULL);
	ev_clear(g);
	EXPECT_OK(call(C(0), XS_SET_PERMS, 0, "/open", "n0", NULL), XS_SET_PERMS);
	UNIT_CHECK(u, ev_take(g, "/open", "t"));
	EXPECT_OK(wr(C(0), 0, "/open", "now hidden"), XS_WRITE);
	UNIT_CHECK_EQ(u, ev_count(g), 0);
}

TEST(an_event_identical_to_a_queued_one_is_not_queued_twice)
{
	struct xs_conn *c = C(0), *w = C(5);
	uint8_t hdr[16];

	call(C(0), XS_MKDIR, 0, "/dup", NULL);
	call(C(0), XS_SET_PERMS, 0, "/dup", "b0", NULL);
	call(w, XS_WATCH, 0, "/dup", "t", NULL);
	ev_clear(w);
	/* Five writes while w reads nothing: one event waits. */
	for (int i = 0; i < 5; i++)
		EXPECT_OK(wr(c, 0, "/dup", "x"), XS_WRITE);
	UNIT_CHECK_EQ(u, xs_conn_read(w, hdr, 16), 16);
	UNIT_CHECK_EQ(u, xs_conn_read(w, hdr, 16), 7);
	UNIT_CHECK_EQ(u, xs_conn_read(w, hdr, 16), 0);
}

TEST(guest_watching_introduce_domain_hears_only_its_first_event)
{
	struct xs_conn *g = C(5), *d0 = C(0);

	EXPECT_OK(call(g, XS_WATCH, 0, "@introduceDomain", "i", NULL), XS_WATCH);
	EXPECT_OK(call(d0, XS_WATCH, 0, "@introduceDomain", "i", NULL), XS_WATCH);
	ev_clear(g);
	ev_clear(d0);
	UNIT_CHECK(u, intro(3) != NULL);
	UNIT_CHECK_EQ(u, ev_count(g), 0);
	UNIT_CHECK(u, ev_take(d0, "@introduceDomain", "i"));
	xs_release(srv, 3);
}

TEST(special_watch_perms_let_a_guest_hear_release_domain)
{
	struct xs_conn *g = C(5);

	EXPECT_OK(call(C(0), XS_SET_PERMS, 0, "@releaseDomain", "n0", "r5", NULL), XS_SET_PERMS);
	EXPECT_ERR(call(g, XS_SET_PERMS, 0, "@releaseDomain", "r5", NULL), "EACCES");
	EXPECT_ERR(call(C(0), XS_SET_PERMS, 0, "@other", "n0", NULL), "EINVAL");
	call(g, XS_WATCH, 0, "@releaseDomain", "r", NULL);
	ev_clear(g);
	UNIT_CHECK(u, intro(3) != NULL);
	UNIT_CHECK_EQ(u, xs_release(srv, 3), XS_OK);
	UNIT_CHECK(u, ev_take(g, "@releaseDomain", "r"));
}

TEST(reset_watches_drops_the_caller_watches_and_transactions)
{
	struct xs_conn *c = C(0);
	const struct msg *m;
	uint32_t tx;

	call(c, XS_WATCH, 0, "/w", "t", NULL);
	m = call(c, XS_TRANSACTION_START, 0, "", NULL);
	tx = (uint32_t)atoi(m->body);
	EXPECT_OK(call(c, XS_RESET_WATCHES, 0, NULL), XS_RESET_WATCHES);
	ev_clear(c);
	EXPECT_OK(wr(C(0), 0, "/w", "1"), XS_WRITE);
	UNIT_CHECK_EQ(u, ev_count(c), 0);
	EXPECT_ERR(call(c, XS_READ, tx, "/tool", NULL), "ENOENT");
}

TEST(watch_ignores_the_header_tx_id)
{
	struct xs_conn *c = C(0);

	EXPECT_OK(call(c, XS_WATCH, 777, "/w", "t", NULL), XS_WATCH);
	EXPECT_OK(call(c, XS_UNWATCH, 777, "/w", "t", NULL), XS_UNWATCH);
}

TEST(watch_quota_lets_129_watches_and_refuses_the_130th_with_e2big)
{
	struct xs_conn *g = C(5);
	char tok[16];

	for (int i = 0; i < 129; i++) {
		snprintf(tok, sizeof(tok), "t%d", i);
		EXPECT_OK(call(g, XS_WATCH, 0, "/q", tok, NULL), XS_WATCH);
	}
	EXPECT_ERR(call(g, XS_WATCH, 0, "/q", "last", NULL), "E2BIG");
	for (int i = 0; i < 200; i++) {
		snprintf(tok, sizeof(tok), "t%d", i);
		EXPECT_OK(call(C(0), XS_WATCH, 0, "/q", tok, NULL), XS_WATCH);
	}
}

static const struct unit_case cases[] = {
	CASE(watch_answers_ok_then_fires_once_at_once),
	CASE(watch_fires_for_changes_at_or_below_its_path),
	CASE(watch_ignores_siblings_sharing_a_prefix_and_unchanged_mkdir),
	CASE(watch_on_root_hears_everything),
	CASE(rm_reports_the_top_to_watches_above_and_each_node_to_exact_watches),
	CASE(relative_watch_reports_paths_relative_to_home),
	CASE(same_path_and_token_twice_is_eexist),
	CASE(watch_needs_exactly_a_path_and_a_token),
	CASE(unwatch_removes_the_watch_and_an_unknown_one_is_enoent),
	CASE(watcher_hears_nothing_of_a_node_it_may_not_read),
	CASE(watcher_that_loses_access_hears_the_permission_change),
	CASE(an_event_identical_to_a_queued_one_is_not_queued_twice),
	CASE(guest_watching_introduce_domain_hears_only_its_first_event),
	CASE(special_watch_perms_let_a_guest_hear_release_domain),
	CASE(reset_watches_drops_the_caller_watches_and_transactions),
	CASE(watch_ignores_the_header_tx_id),
	CASE(watch_quota_lets_129_watches_and_refuses_the_130th_with_e2big),
};
const struct xs_suite xs_suite_watch = { cases, ARRAY_LEN(cases) };
