/*
 * Wire protocol rules: message framing, reply headers, error replies,
 * argument rules and path forms, as Xen 4.17's xenstored answers them.
 */
#include "xs_harness.h"
#include "xs_out.h"

TEST(unknown_type_answered_enosys)
{
	EXPECT_ERR(call(C(0), 20, 0, "x", NULL), "ENOSYS");
	EXPECT_ERR(call(C(0), 23, 0, "x", NULL), "ENOSYS");
	EXPECT_ERR(call(C(3), 0xffff, 0, NULL), "ENOSYS");
	EXPECT_ERR(call(C(3), XS_CONTROL, 0, "help", NULL), "ENOSYS");
	/* The connection goes on. */
	EXPECT_BODY(call(C(3), XS_GET_DOMAIN_PATH, 0, "3", NULL), XS_GET_DOMAIN_PATH,
	            "/local/domain/3", 16);
}

TEST(server_only_types_from_a_client_answered_enosys)
{
	EXPECT_ERR(call(C(3), XS_WATCH_EVENT, 0, "/a", "t", NULL), "ENOSYS");
	EXPECT_ERR(call(C(3), XS_ERROR, 0, "EINVAL", NULL), "ENOSYS");
}

TEST(reply_echoes_req_id_and_tx_id)
{
	struct xs_conn *c = C(0);
	struct xsd_sockmsg h = { .type = XS_READ, .req_id = 0xabcdef01, .tx_id = 0, .len = 2 };
	uint8_t buf[18], out[64];

	memcpy(buf, &h, 16);
	memcpy(buf + 16, "/", 2);
	UNIT_CHECK_EQ(u, xs_conn_write(c, buf, 18), 18);
	UNIT_CHECK(u, xs_conn_read(c, out, sizeof(out)) >= 16);
	memcpy(&h, out, 16);
	UNIT_CHECK_EQ(u, h.type, XS_READ);
	UNIT_CHECK_EQ(u, h.req_id, 0xabcdef01);
	UNIT_CHECK_EQ(u, h.tx_id, 0);
}

TEST(error_reply_carries_the_errno_name_and_its_nul)
{
	const struct msg *m = call(C(0), XS_READ, 0, "/nothing/here", NULL);

	UNIT_CHECK_EQ(u, m->type, XS_ERROR);
	EXPECT_BODY(m, XS_ERROR, "ENOENT", 7);
}

TEST(error_names_follow_xen_table_and_unknown_is_einval)
{
	UNIT_CHECK(u, !strcmp(xs_err_name(XS_EINVAL), "EINVAL"));
	UNIT_CHECK(u, !strcmp(xs_err_name(XS_EISCONN), "EISCONN"));
	UNIT_CHECK(u, !strcmp(xs_err_name(XS_EPERM), "EPERM"));
	UNIT_CHECK(u, !strcmp(xs_err_name(999), "EINVAL"));
	UNIT_CHECK(u, !strcmp(xs_err_name(-1), "EINVAL"));
}

TEST(request_split_in_single_bytes_is_assembled)
{
	struct xs_conn *c = C(0);
	struct xsd_sockmsg h = { .type = XS_WRITE, .req_id = 9, .len = 5 };
	uint8_t buf[21];

	memcpy(buf, &h, 16);
	memcpy(buf + 16, "/a\0xy", 5);
	for (int i = 0; i < 21; i++)
		UNIT_CHECK_EQ(u, xs_conn_write(c, buf + i, 1), 1);
	UNIT_CHECK_EQ(u, xs_conn_read(c, buf, sizeof(buf)), 16 + 3);
	EXPECT_STR(call(c, XS_READ, 0, "/a", NULL), XS_READ, "xy");
}

TEST(two_requests_in_one_write_are_both_answered)
{
	struct xs_conn *c = C(0);
	struct xsd_sockmsg h1 = { .type = XS_MKDIR, .req_id = 1, .len = 3 };
	struct xsd_sockmsg h2 = { .type = XS_READ, .req_id = 2, .len = 3 };
	uint8_t buf[38], out[64];
	struct xsd_sockmsg r;

	memcpy(buf, &h1, 16);
	memcpy(buf + 16, "/b", 3);
	memcpy(buf + 19, &h2, 16);
	memcpy(buf + 35, "/b", 3);
	UNIT_CHECK_EQ(u, xs_conn_write(c, buf, 38), 38);
	UNIT_CHECK_EQ(u, xs_conn_read(c, out, 19), 19);
	memcpy(&r, out, 16);
	UNIT_CHECK(u, r.type == XS_MKDIR && r.req_id == 1);
	UNIT_CHECK_EQ(u, xs_conn_read(c, out, sizeof(out)), 16);
	memcpy(&r, out, 16);
	UNIT_CHECK(u, r.type == XS_READ && r.req_id == 2 && r.len == 0);
}

TEST(payload_of_exactly_4096_bytes_is_accepted)
{
	char p[XENSTORE_PAYLOAD_MAX];

	memset(p, 'v', sizeof(p));
	memcpy(p, "/big", 5);
	EXPECT_OK(call_raw(C(0), XS_WRITE, 0, p, sizeof(p)), XS_WRITE);
	UNIT_CHECK_EQ(u, call(C(0), XS_READ, 0, "/big", NULL)->len, XENSTORE_PAYLOAD_MAX - 5);
}

TEST(header_announcing_more_than_4096_bytes_drops_the_connection)
{
	struct xs_conn *c = C(3);
	struct xsd_sockmsg h = { .type = XS_READ, .req_id = 1, .len = XENSTORE_PAYLOAD_MAX + 1 };
	const uint8_t *p;

	UNIT_CHECK_EQ(u, xs_conn_write(c, &h, 16), 16);
	UNIT_CHECK(u, xs_conn_ignored(c));
	UNIT_CHECK_EQ(u, xs_out_peek(c, &p), 0);
	/* Nothing more is taken. */
	h.len = 2;
	UNIT_CHECK_EQ(u, xs_conn_write(c, &h, 16), 0);
}

TEST(single_argument_requests_need_exactly_one_string)
{
	EXPECT_ERR(call_raw(C(0), XS_READ, 0, "/tool", 5), "EINVAL");
	EXPECT_ERR(call(C(0), XS_READ, 0, "/tool", "extra", NULL), "EINVAL");
	EXPECT_ERR(call_raw(C(0), XS_READ, 0, "", 0), "EINVAL");
	EXPECT_ERR(call(C(0), XS_DIRECTORY, 0, "/tool", "x", NULL), "EINVAL");
}

TEST(write_without_a_nul_after_the_path_is_einval)
{
	EXPECT_ERR(call_raw(C(0), XS_WRITE, 0, "/novalue", 8), "EINVAL");
}

TEST(relative_paths_are_under_the_caller_home)
{
	struct xs_conn *g = C(3);

	EXPECT_OK(call(C(0), XS_MKDIR, 0, "/local/domain/3/data", NULL), XS_MKDIR);
	EXPECT_OK(call(C(0), XS_SET_PERMS, 0, "/local/domain/3/data", "n3", NULL), XS_SET_PERMS);
	EXPECT_OK(wr(g, 0, "data/x", "1"), XS_WRITE);
	EXPECT_STR(call(C(0), XS_READ, 0, "/local/domain/3/data/x", NULL), XS_READ, "1");
	EXPECT_OK(wr(C(0), 0, "mine", "0"), XS_WRITE);
	EXPECT_STR(call(C(0), XS_READ, 0, "/local/domain/0/mine", NULL), XS_READ, "0");
}

TEST(path_characters_outside_the_allowed_set_are_einval)
{
	EXPECT_ERR(wr(C(0), 0, "/a b", "1"), "EINVAL");
	EXPECT_ERR(wr(C(0), 0, "/a.b", "1"), "EINVAL");
	EXPECT_ERR(wr(C(0), 0, "/a\xc3\xa9", "1"), "EINVAL");
	EXPECT_OK(wr(C(0), 0, "/a-b_c@9/Z", "1"), XS_WRITE);
}

TEST(empty_components_and_trailing_slash_are_einval)
{
	EXPECT_ERR(wr(C(0), 0, "/a//b", "1"), "EINVAL");
	EXPECT_ERR(wr(C(0), 0, "/a/", "1"), "EINVAL");
	EXPECT_ERR(call(C(0), XS_MKDIR, 0, "", NULL), "EINVAL");
	EXPECT_ERR(call(C(0), XS_READ, 0, "@releaseDomain", NULL), "EINVAL");
}

TEST(absolute_paths_longer_than_3072_bytes_are_einval)
{
	char p[XENSTORE_ABS_PATH_MAX + 2];

	memset(p, 'a', sizeof(p));
	p[0] = '/';
	p[XENSTORE_ABS_PATH_MAX] = 0;
	EXPECT_OK(wr(C(0), 0, p, "1"), XS_WRITE);
	memset(p, 'b', sizeof(p));
	p[0] = '/';
	p[XENSTORE_ABS_PATH_MAX + 1] = 0;
	EXPECT_ERR(wr(C(0), 0, p, "1"), "EINVAL");
}

static const struct unit_case cases[] = {
	CASE(unknown_type_answered_enosys),
	CASE(server_only_types_from_a_client_answered_enosys),
	CASE(reply_echoes_req_id_and_tx_id),
	CASE(error_reply_carries_the_errno_name_and_its_nul),
	CASE(error_names_follow_xen_table_and_unknown_is_einval),
	CASE(request_split_in_single_bytes_is_assembled),
	CASE(two_requests_in_one_write_are_both_answered),
	CASE(payload_of_exactly_4096_bytes_is_accepted),
	CASE(header_announcing_more_than_4096_bytes_drops_the_connection),
	CASE(single_argument_requests_need_exactly_one_string),
	CASE(write_without_a_nul_after_the_path_is_einval),
	CASE(relative_paths_are_under_the_caller_home),
	CASE(path_characters_outside_the_allowed_set_are_einval),
	CASE(empty_components_and_trailing_slash_are_einval),
	CASE(absolute_paths_longer_than_3072_bytes_are_einval),
};
const struct xs_suite xs_suite_wire = { cases, ARRAY_LEN(cases) };
