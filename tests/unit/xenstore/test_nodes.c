/*
 * Node rules: values, creation of parents, directories, removal.
 */
#include "xs_harness.h"

TEST(initial_tree_is_root_tool_xenstored)
{
	EXPECT_BODY(call(C(0), XS_DIRECTORY, 0, "/", NULL), XS_DIRECTORY, "tool", 5);
	EXPECT_BODY(call(C(0), XS_DIRECTORY, 0, "/tool", NULL), XS_DIRECTORY, "xenstored", 10);
	EXPECT_BODY(call(C(0), XS_DIRECTORY, 0, "/tool/xenstored", NULL), XS_DIRECTORY, "", 0);
}

TEST(read_returns_the_value_without_a_nul)
{
	EXPECT_OK(wr(C(0), 0, "/v", "hello"), XS_WRITE);
	EXPECT_BODY(call(C(0), XS_READ, 0, "/v", NULL), XS_READ, "hello", 5);
}

TEST(values_may_hold_nul_bytes)
{
	EXPECT_OK(call_raw(C(0), XS_WRITE, 0, "/bin\0a\0b\0", 9), XS_WRITE);
	EXPECT_BODY(call(C(0), XS_READ, 0, "/bin", NULL), XS_READ, "a\0b\0", 4);
}

TEST(write_creates_missing_parents_with_empty_values)
{
	EXPECT_OK(wr(C(0), 0, "/p/q/r", "leaf"), XS_WRITE);
	EXPECT_BODY(call(C(0), XS_READ, 0, "/p", NULL), XS_READ, "", 0);
	EXPECT_BODY(call(C(0), XS_READ, 0, "/p/q", NULL), XS_READ, "", 0);
	EXPECT_BODY(call(C(0), XS_DIRECTORY, 0, "/p", NULL), XS_DIRECTORY, "q", 2);
	EXPECT_STR(call(C(0), XS_READ, 0, "/p/q/r", NULL), XS_READ, "leaf");
}

TEST(directory_lists_children_in_creation_order)
{
	EXPECT_OK(wr(C(0), 0, "/d/zeta", ""), XS_WRITE);
	EXPECT_OK(wr(C(0), 0, "/d/alpha", ""), XS_WRITE);
	EXPECT_OK(wr(C(0), 0, "/d/mid", ""), XS_WRITE);
	EXPECT_BODY(call(C(0), XS_DIRECTORY, 0, "/d", NULL), XS_DIRECTORY,
	            "zeta\0alpha\0mid", 15);
}

TEST(mkdir_of_an_existing_node_keeps_its_value)
{
	EXPECT_OK(wr(C(0), 0, "/m", "kept"), XS_WRITE);
	EXPECT_OK(call(C(0), XS_MKDIR, 0, "/m", NULL), XS_MKDIR);
	EXPECT_STR(call(C(0), XS_READ, 0, "/m", NULL), XS_READ, "kept");
	EXPECT_OK(call(C(0), XS_MKDIR, 0, "/m/new", NULL), XS_MKDIR);
	EXPECT_BODY(call(C(0), XS_READ, 0, "/m/new", NULL), XS_READ, "", 0);
}

TEST(rm_removes_the_whole_subtree)
{
	EXPECT_OK(wr(C(0), 0, "/r/a/b/c", "1"), XS_WRITE);
	EXPECT_OK(wr(C(0), 0, "/r/a/x", "2"), XS_WRITE);
	EXPECT_OK(wr(C(0), 0, "/r/keep", "3"), XS_WRITE);
	EXPECT_OK(call(C(0), XS_RM, 0, "/r/a", NULL), XS_RM);
	EXPECT_ERR(call(C(0), XS_READ, 0, "/r/a", NULL), "ENOENT");
	EXPECT_ERR(call(C(0), XS_READ, 0, "/r/a/b/c", NULL), "ENOENT");
	EXPECT_BODY(call(C(0), XS_DIRECTORY, 0, "/r", NULL), XS_DIRECTORY, "keep", 5);
	UNIT_CHECK_EQ(u, srv->nodes.count, 5);
}

TEST(rm_of_a_missing_node_under_an_existing_parent_is_ok)
{
	EXPECT_OK(call(C(0), XS_RM, 0, "/tool/none", NULL), XS_RM);
}

TEST(rm_of_a_node_whose_parent_is_missing_is_enoent)
{
	EXPECT_ERR(call(C(0), XS_RM, 0, "/none/child", NULL), "ENOENT");
}

TEST(rm_of_the_root_is_einval)
{
	EXPECT_ERR(call(C(0), XS_RM, 0, "/", NULL), "EINVAL");
	UNIT_CHECK_EQ(u, srv->nodes.count, 3);
}

TEST(read_of_a_missing_node_is_enoent)
{
	EXPECT_ERR(call(C(0), XS_READ, 0, "/missing", NULL), "ENOENT");
	EXPECT_ERR(call(C(0), XS_DIRECTORY, 0, "/missing", NULL), "ENOENT");
}

TEST(directory_part_gives_generation_children_and_an_empty_end)
{
	const struct msg *m;
	char want[64];
	size_t gl;

	EXPECT_OK(wr(C(0), 0, "/dp/one", ""), XS_WRITE);
	EXPECT_OK(wr(C(0), 0, "/dp/two", ""), XS_WRITE);
	m = call(C(0), XS_DIRECTORY_PART, 0, "/dp", "0", NULL);
	UNIT_CHECK_EQ(u, m->type, XS_DIRECTORY_PART);
	gl = strlen(m->body) + 1;
	UNIT_CHECK(u, gl > 1 && m->body[0] >= '0' && m->body[0] <= '9');
	memcpy(want, m->body, gl);
	memcpy(want + gl, "one\0two\0", 9);
	EXPECT_BODY(m, XS_DIRECTORY_PART, want, (uint32_t)gl + 9);
	/* From byte 4 of the list: "two" and the end marker. */
	m = call(C(0), XS_DIRECTORY_PART, 0, "/dp", "4", NULL);
	memcpy(want + gl, "two\0", 5);
	EXPECT_BODY(m, XS_DIRECTORY_PART, want, (uint32_t)gl + 5);
}

TEST(directory_part_past_the_end_gives_only_the_end_marker)
{
	const struct msg *m = call(C(0), XS_DIRECTORY_PART, 0, "/tool", "99", NULL);

	UNIT_CHECK_EQ(u, m->len, strlen(m->body) + 2);
	UNIT_CHECK_EQ(u, m->body[m->len - 1], 0);
	EXPECT_ERR(call(C(0), XS_DIRECTORY_PART, 0, "/tool", NULL), "EINVAL");
}

TEST(a_reply_longer_than_4096_bytes_is_e2big)
{
	char name[32];

	for (int i = 0; i < 500; i++) {
		snprintf(name, sizeof(name), "/wide/child-%04d", i);
		EXPECT_OK(call(C(0), XS_MKDIR, 0, name, NULL), XS_MKDIR);
	}
	EXPECT_ERR(call(C(0), XS_DIRECTORY, 0, "/wide", NULL), "E2BIG");
	UNIT_CHECK_EQ(u, call(C(0), XS_DIRECTORY_PART, 0, "/wide", "0", NULL)->type,
	              XS_DIRECTORY_PART);
}

TEST(get_domain_path_reads_the_id_like_atoi)
{
	EXPECT_BODY(call(C(3), XS_GET_DOMAIN_PATH, 0, "7", NULL), XS_GET_DOMAIN_PATH,
	            "/local/domain/7", 16);
	EXPECT_BODY(call(C(3), XS_GET_DOMAIN_PATH, 0, "12abc", NULL), XS_GET_DOMAIN_PATH,
	            "/local/domain/12", 17);
	EXPECT_BODY(call(C(3), XS_GET_DOMAIN_PATH, 0, "x", NULL), XS_GET_DOMAIN_PATH,
	            "/local/domain/0", 16);
	EXPECT_BODY(call(C(3), XS_GET_DOMAIN_PATH, 0, "-1", NULL), XS_GET_DOMAIN_PATH,
	            "/local/domain/4294967295", 25);
	EXPECT_ERR(call_raw(C(3), XS_GET_DOMAIN_PATH, 0, "7", 1), "EINVAL");
}

static const struct unit_case cases[] = {
	CASE(initial_tree_is_root_tool_xenstored),
	CASE(read_returns_the_value_without_a_nul),
	CASE(values_may_hold_nul_bytes),
	CASE(write_creates_missing_parents_with_empty_values),
	CASE(directory_lists_children_in_creation_order),
	CASE(mkdir_of_an_existing_node_keeps_its_value),
	CASE(rm_removes_the_whole_subtree),
	CASE(rm_of_a_missing_node_under_an_existing_parent_is_ok),
	CASE(rm_of_a_node_whose_parent_is_missing_is_enoent),
	CASE(rm_of_the_root_is_einval),
	CASE(read_of_a_missing_node_is_enoent),
	CASE(directory_part_gives_generation_children_and_an_empty_end),
	CASE(directory_part_past_the_end_gives_only_the_end_marker),
	CASE(a_reply_longer_than_4096_bytes_is_e2big),
	CASE(get_domain_path_reads_the_id_like_atoi),
};
const struct xs_suite xs_suite_nodes = { cases, ARRAY_LEN(cases) };
