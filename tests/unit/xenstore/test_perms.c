/*
 * Permission rules: owners, ACL entries, inheritance, who may change what,
 * and that errors do not reveal what a domain may not see.
 */
#include "xs_harness.h"

TEST(new_node_under_root_is_owned_by_dom0_with_no_access_for_others)
{
	EXPECT_OK(wr(C(0), 0, "/x", "1"), XS_WRITE);
	EXPECT_BODY(call(C(0), XS_GET_PERMS, 0, "/x", NULL), XS_GET_PERMS, "n0", 3);
	EXPECT_ERR(call(C(4), XS_READ, 0, "/x", NULL), "EACCES");
	EXPECT_ERR(wr(C(4), 0, "/x", "2"), "EACCES");
}

TEST(guest_cannot_read_or_write_another_guest_private_node)
{
	guest_home(3);
	guest_home(4);
	EXPECT_OK(wr(C(3), 0, "data/secret", "s3"), XS_WRITE);
	EXPECT_ERR(call(C(4), XS_READ, 0, "/local/domain/3/data/secret", NULL), "EACCES");
	EXPECT_ERR(wr(C(4), 0, "/local/domain/3/data/secret", "x"), "EACCES");
	EXPECT_ERR(call(C(4), XS_RM, 0, "/local/domain/3/data/secret", NULL), "EACCES");
	EXPECT_ERR(call(C(4), XS_DIRECTORY, 0, "/local/domain/3/data", NULL), "EACCES");
	EXPECT_STR(call(C(3), XS_READ, 0, "data/secret", NULL), XS_READ, "s3");
}

TEST(missing_node_under_an_unreadable_parent_is_eacces_not_enoent)
{
	guest_home(3);
	guest_home(4);
	EXPECT_ERR(call(C(4), XS_READ, 0, "/local/domain/3/data/nothing", NULL), "EACCES");
	EXPECT_ERR(call(C(3), XS_READ, 0, "/local/domain/3/data/nothing", NULL), "ENOENT");
}

TEST(new_node_inherits_parent_perms_with_the_guest_as_owner)
{
	guest_home(3);
	call(C(0), XS_SET_PERMS, 0, "/local/domain/3/data", "n3", "r5", "b6", NULL);
	EXPECT_OK(wr(C(3), 0, "data/a/b", "v"), XS_WRITE);
	EXPECT_BODY(call(C(0), XS_GET_PERMS, 0, "/local/domain/3/data/a/b", NULL),
	            XS_GET_PERMS, "n3\0r5\0b6", 9);
	/* A guest granted write below another's node owns what it creates. */
	EXPECT_OK(wr(C(6), 0, "/local/domain/3/data/by6", "v"), XS_WRITE);
	EXPECT_BODY(call(C(0), XS_GET_PERMS, 0, "/local/domain/3/data/by6", NULL),
	            XS_GET_PERMS, "n6\0r5\0b6", 9);
}

TEST(dom0_created_node_keeps_the_parent_owner)
{
	guest_home(3);
	EXPECT_OK(wr(C(0), 0, "/local/domain/3/data/from0", "v"), XS_WRITE);
	EXPECT_BODY(call(C(0), XS_GET_PERMS, 0, "/local/domain/3/data/from0", NULL),
	            XS_GET_PERMS, "n3", 3);
	EXPECT_STR(call(C(3), XS_READ, 0, "data/from0", NULL), XS_READ, "v");
}

TEST(dom0_may_do_anything)
{
	guest_home(3);
	EXPECT_OK(wr(C(3), 0, "data/mine", "v"), XS_WRITE);
	EXPECT_OK(call(C(3), XS_SET_PERMS, 0, "data/mine", "n3", NULL), XS_SET_PERMS);
	EXPECT_STR(call(C(0), XS_READ, 0, "/local/domain/3/data/mine", NULL), XS_READ, "v");
	EXPECT_OK(wr(C(0), 0, "/local/domain/3/data/mine", "w"), XS_WRITE);
	EXPECT_OK(call(C(0), XS_SET_PERMS, 0, "/local/domain/3/data/mine", "n4", NULL),
	          XS_SET_PERMS);
	EXPECT_OK(call(C(0), XS_RM, 0, "/local/domain/3/data/mine", NULL), XS_RM);
}

TEST(acl_entry_grants_the_listed_domain_its_letter)
{
	guest_home(3);
	EXPECT_OK(wr(C(3), 0, "data/shared", "v"), XS_WRITE);
	EXPECT_OK(call(C(3), XS_SET_PERMS, 0, "data/shared", "n3", "r4", "w5", NULL), XS_SET_PERMS);
	EXPECT_STR(call(C(4), XS_READ, 0, "/local/domain/3/data/shared", NULL), XS_READ, "v");
	EXPECT_ERR(wr(C(4), 0, "/local/domain/3/data/shared", "x"), "EACCES");
	EXPECT_OK(wr(C(5), 0, "/local/domain/3/data/shared", "by5"), XS_WRITE);
	EXPECT_ERR(call(C(5), XS_READ, 0, "/local/domain/3/data/shared", NULL), "EACCES");
	EXPECT_ERR(call(C(6), XS_READ, 0, "/local/domain/3/data/shared", NULL), "EACCES");
}

TEST(first_entry_letter_applies_to_unlisted_domains)
{
	guest_home(3);
	EXPECT_OK(wr(C(3), 0, "data/pub", "v"), XS_WRITE);
	EXPECT_OK(call(C(3), XS_SET_PERMS, 0, "data/pub", "r3", "n4", NULL), XS_SET_PERMS);
	EXPECT_STR(call(C(6), XS_READ, 0, "/local/domain/3/data/pub", NULL), XS_READ, "v");
	EXPECT_ERR(call(C(4), XS_READ, 0, "/local/domain/3/data/pub", NULL), "EACCES");
}

TEST(only_the_owner_may_set_perms)
{
	guest_home(3);
	EXPECT_OK(wr(C(3), 0, "data/o", "v"), XS_WRITE);
	EXPECT_OK(call(C(3), XS_SET_PERMS, 0, "data/o", "n3", "b4", NULL), XS_SET_PERMS);
	EXPECT_ERR(call(C(4), XS_SET_PERMS, 0, "/local/domain/3/data/o", "b3", NULL), "EACCES");
}

TEST(guest_cannot_give_its_node_another_owner)
{
	guest_home(3);
	EXPECT_OK(wr(C(3), 0, "data/o", "v"), XS_WRITE);
	C(4);
	EXPECT_ERR(call(C(3), XS_SET_PERMS, 0, "data/o", "n4", NULL), "EPERM");
	EXPECT_BODY(call(C(3), XS_GET_PERMS, 0, "data/o", NULL), XS_GET_PERMS, "n3", 3);
}

TEST(set_perms_needs_a_path_and_at_least_one_valid_entry)
{
	guest_home(3);
	EXPECT_ERR(call(C(0), XS_SET_PERMS, 0, "/local/domain/3", NULL), "EINVAL");
	EXPECT_ERR(call(C(0), XS_SET_PERMS, 0, "/local/domain/3", "x0", NULL), "EINVAL");
	EXPECT_ERR(call(C(0), XS_SET_PERMS, 0, "/local/domain/3", "r", NULL), "EINVAL");
	EXPECT_ERR(call(C(0), XS_SET_PERMS, 0, "/local/domain/3", "r3z", NULL), "EINVAL");
	EXPECT_BODY(call(C(0), XS_GET_PERMS, 0, "/local/domain/3", NULL), XS_GET_PERMS,
	            "n0\0r3", 6);
}

TEST(permission_ids_read_like_strtol_base_0)
{
	C(16);
	C(8);
	EXPECT_OK(wr(C(0), 0, "/ids", ""), XS_WRITE);
	EXPECT_OK(call(C(0), XS_SET_PERMS, 0, "/ids", "n0", "r0x10", "w010", NULL), XS_SET_PERMS);
	EXPECT_BODY(call(C(0), XS_GET_PERMS, 0, "/ids", NULL), XS_GET_PERMS, "n0\0r16\0w8", 10);
}

TEST(more_than_5_entries_is_enospc_for_a_guest_only)
{
	guest_home(3);
	for (int d = 4; d <= 9; d++)
		C((uint32_t)d);
	EXPECT_OK(wr(C(3), 0, "data/many", "v"), XS_WRITE);
	EXPECT_OK(call(C(3), XS_SET_PERMS, 0, "data/many", "n3", "r4", "r5", "r6", "r7", NULL),
	          XS_SET_PERMS);
	EXPECT_ERR(call(C(3), XS_SET_PERMS, 0, "data/many", "n3", "r4", "r5", "r6", "r7", "r8", NULL),
	           "ENOSPC");
	EXPECT_OK(call(C(0), XS_SET_PERMS, 0, "/local/domain/3/data/many", "n3", "r4", "r5",
	               "r6", "r7", "r8", "r9", NULL), XS_SET_PERMS);
}

TEST(owner_naming_a_domain_that_does_not_exist_is_enoent)
{
	hv.check_exists = true;
	hv.exists[3] = true;
	EXPECT_OK(wr(C(0), 0, "/o", ""), XS_WRITE);
	EXPECT_ERR(call(C(0), XS_SET_PERMS, 0, "/o", "n9", NULL), "ENOENT");
	EXPECT_OK(call(C(0), XS_SET_PERMS, 0, "/o", "n3", NULL), XS_SET_PERMS);
}

TEST(acl_entry_of_a_dead_domain_grants_nothing_to_a_new_one_with_its_id)
{
	guest_home(3);
	EXPECT_OK(wr(C(3), 0, "data/for4", "v"), XS_WRITE);
	hv.check_exists = true;
	hv.exists[3] = hv.exists[4] = true;
	EXPECT_OK(call(C(3), XS_SET_PERMS, 0, "data/for4", "n3", "r4", NULL), XS_SET_PERMS);
	UNIT_CHECK(u, xs_dom_find(srv, 4) != NULL);
	/* Domain 4 dies, a new domain 4 appears. */
	xs_domain_gone(srv, 4);
	UNIT_CHECK(u, xs_dom_find(srv, 4) == NULL);
	EXPECT_ERR(call(C(4), XS_READ, 0, "/local/domain/3/data/for4", NULL), "EACCES");
}

TEST(a_domain_that_existed_when_named_keeps_its_grant)
{
	guest_home(3);
	C(4);
	EXPECT_OK(wr(C(3), 0, "data/for4", "v"), XS_WRITE);
	EXPECT_OK(call(C(3), XS_SET_PERMS, 0, "data/for4", "n3", "r4", NULL), XS_SET_PERMS);
	EXPECT_STR(call(C(4), XS_READ, 0, "/local/domain/3/data/for4", NULL), XS_READ, "v");
}

static const struct unit_case cases[] = {
	CASE(new_node_under_root_is_owned_by_dom0_with_no_access_for_others),
	CASE(guest_cannot_read_or_write_another_guest_private_node),
	CASE(missing_node_under_an_unreadable_parent_is_eacces_not_enoent),
	CASE(new_node_inherits_parent_perms_with_the_guest_as_owner),
	CASE(dom0_created_node_keeps_the_parent_owner),
	CASE(dom0_may_do_anything),
	CASE(acl_entry_grants_the_listed_domain_its_letter),
	CASE(first_entry_letter_applies_to_unlisted_domains),
	CASE(only_the_owner_may_set_perms),
	CASE(guest_cannot_give_its_node_another_owner),
	CASE(set_perms_needs_a_path_and_at_least_one_valid_entry),
	CASE(permission_ids_read_like_strtol_base_0),
	CASE(more_than_5_entries_is_enospc_for_a_guest_only),
	CASE(owner_naming_a_domain_that_does_not_exist_is_enoent),
	CASE(acl_entry_of_a_dead_domain_grants_nothing_to_a_new_one_with_its_id),
	CASE(a_domain_that_existed_when_named_keeps_its_grant),
};
const struct xs_suite xs_suite_perms = { cases, ARRAY_LEN(cases) };
