/*
 * Domain rules: INTRODUCE, RELEASE, IS_DOMAIN_INTRODUCED, RESUME,
 * SET_TARGET, shutdown and destruction, and the toolstack layout of a
 * domain's home.
 */
#include "xs_harness.h"

TEST(introduce_maps_binds_resets_the_ring_and_marks_it_connected)
{
	struct xenstore_domain_interface *r = &hv.page[3];

	r->connection = XENSTORE_RECONNECT;
	r->req_prod = r->req_cons = 77;
	r->rsp_prod = r->rsp_cons = 99;
	EXPECT_OK(call(C(0), XS_INTRODUCE, 0, "3", "1234", "7", NULL), XS_INTRODUCE);
	UNIT_CHECK(u, hv.mapped[3]);
	UNIT_CHECK_EQ(u, hv.bound[3], LOCAL_PORT(3));
	UNIT_CHECK_EQ(u, r->connection, XENSTORE_CONNECTED);
	UNIT_CHECK(u, r->req_prod == 0 && r->req_cons == 0 && r->rsp_prod == 0 && r->rsp_cons == 0);
	UNIT_CHECK(u, hv.notified[3] >= 1);
	EXPECT_BODY(call(C(0), XS_IS_DOMAIN_INTRODUCED, 0, "3", NULL),
	            XS_IS_DOMAIN_INTRODUCED, "T", 2);
	EXPECT_OK(call(C(0), XS_RELEASE, 0, "3", NULL), XS_RELEASE);
}

TEST(introduce_release_and_friends_are_for_the_privileged_domain_only)
{
	EXPECT_ERR(call(C(5), XS_INTRODUCE, 0, "3", "1", "7", NULL), "EACCES");
	EXPECT_ERR(call(C(5), XS_RELEASE, 0, "3", NULL), "EACCES");
	EXPECT_ERR(call(C(5), XS_IS_DOMAIN_INTRODUCED, 0, "0", NULL), "EACCES");
	EXPECT_ERR(call(C(5), XS_RESUME, 0, "3", NULL), "EACCES");
	EXPECT_ERR(call(C(5), XS_SET_TARGET, 0, "3", "4", NULL), "EACCES");
	UNIT_CHECK(u, !hv.mapped[3]);
}

TEST(introduce_with_a_bad_port_or_too_few_arguments_is_einval)
{
	EXPECT_ERR(call(C(0), XS_INTRODUCE, 0, "3", "1", "0", NULL), "EINVAL");
	EXPECT_ERR(call(C(0), XS_INTRODUCE, 0, "3", "1", "-5", NULL), "EINVAL");
	EXPECT_ERR(call(C(0), XS_INTRODUCE, 0, "3", "1", NULL), "EINVAL");
	EXPECT_ERR(call(C(0), XS_INTRODUCE, 0, "0", "1", "7", NULL), "EINVAL");
	UNIT_CHECK(u, !hv.mapped[3]);
}

TEST(introduce_that_cannot_map_or_bind_changes_nothing)
{
	hv.refuse_map = true;
	EXPECT_ERR(call(C(0), XS_INTRODUCE, 0, "3", "1", "7", NULL), "EINVAL");
	hv.refuse_map = false;
	hv.refuse_bind = true;
	EXPECT_ERR(call(C(0), XS_INTRODUCE, 0, "3", "1", "7", NULL), "EINVAL");
	UNIT_CHECK(u, !hv.mapped[3] && !hv.bound[3]);
	EXPECT_BODY(call(C(0), XS_IS_DOMAIN_INTRODUCED, 0, "3", NULL),
	            XS_IS_DOMAIN_INTRODUCED, "F", 2);
}

TEST(introducing_an_introduced_domain_rebinds_and_resets_its_connection)
{
	struct xs_conn *c = intro(3);

	UNIT_CHECK(u, c != NULL);
	UNIT_CHECK(u, xs_watch_add(c, "/x", 2, "t", 1, false) == XS_OK);
	hv.page[3].req_prod = 5;
	EXPECT_OK(call(C(0), XS_INTRODUCE, 0, "3", "1", "7", NULL), XS_INTRODUCE);
	UNIT_CHECK(u, c->watches == NULL);
	UNIT_CHECK_EQ(u, hv.page[3].req_prod, 0);
	UNIT_CHECK_EQ(u, hv.bound[3], LOCAL_PORT(3));
	UNIT_CHECK_EQ(u, xs_release(srv, 3), XS_OK);
}

TEST(release_removes_the_domain_nodes_and_fires_release_domain)
{
	struct xs_conn *w = C(0);

	UNIT_CHECK(u, intro(3) != NULL);
	call(C(0), XS_MKDIR, 0, "/local/domain/3/data", NULL);
	call(C(0), XS_SET_PERMS, 0, "/local/domain/3/data", "n3", NULL);
	EXPECT_OK(wr(C(0), 0, "/local/domain/3/data/x/y", "1"), XS_WRITE);
	EXPECT_OK(wr(C(0), 0, "/local/domain/3/kept", "dom0's"), XS_WRITE);
	call(w, XS_WATCH, 0, "@releaseDomain", "r", NULL);
	ev_clear(w);
	EXPECT_OK(call(C(0), XS_RELEASE, 0, "3", NULL), XS_RELEASE);
	UNIT_CHECK(u, !hv.mapped[3] && !hv.bound[3]);
	EXPECT_ERR(call(C(0), XS_READ, 0, "/local/domain/3/data", NULL), "ENOENT");
	EXPECT_STR(call(C(0), XS_READ, 0, "/local/domain/3/kept", NULL), XS_READ, "dom0's");
	UNIT_CHECK(u, ev_take(w, "@releaseDomain", "r"));
	UNIT_CHECK(u, xs_dom_find(srv, 3) == NULL);
}

TEST(release_of_dom0_is_einval_and_of_an_unknown_domain_enoent)
{
	EXPECT_ERR(call(C(0), XS_RELEASE, 0, "0", NULL), "EINVAL");
	EXPECT_ERR(call(C(0), XS_RELEASE, 0, "9", NULL), "ENOENT");
	EXPECT_ERR(call(C(0), XS_RELEASE, 0, "9", "x", NULL), "EINVAL");
}

TEST(is_domain_introduced_answers_t_for_self_and_dom0)
{
	EXPECT_BODY(call(C(0), XS_IS_DOMAIN_INTRODUCED, 0, "32752", NULL),
	            XS_IS_DOMAIN_INTRODUCED, "T", 2);
	EXPECT_BODY(call(C(0), XS_IS_DOMAIN_INTRODUCED, 0, "0", NULL),
	            XS_IS_DOMAIN_INTRODUCED, "T", 2);
	EXPECT_BODY(call(C(0), XS_IS_DOMAIN_INTRODUCED, 0, "8", NULL),
	            XS_IS_DOMAIN_INTRODUCED, "F", 2);
}

TEST(shutdown_fires_release_domain_once_and_resume_rearms_it)
{
	struct xs_conn *w = C(0);

	UNIT_CHECK(u, intro(3) != NULL);
	call(w, XS_WATCH, 0, "@releaseDomain", "r", NULL);
	ev_clear(w);
	xs_domain_shutdown(srv, 3);
	xs_domain_shutdown(srv, 3);
	UNIT_CHECK_EQ(u, ev_count(w), 1);
	EXPECT_OK(call(C(0), XS_RESUME, 0, "3", NULL), XS_RESUME);
	xs_domain_shutdown(srv, 3);
	UNIT_CHECK_EQ(u, ev_count(w), 2);
	EXPECT_ERR(call(C(0), XS_RESUME, 0, "9", NULL), "ENOENT");
	xs_domain_gone(srv, 3);
	UNIT_CHECK(u, !hv.mapped[3]);
}

TEST(set_target_lets_a_domain_act_as_its_target)
{
	UNIT_CHECK(u, intro(3) != NULL);
	UNIT_CHECK(u, intro(4) != NULL);
	EXPECT_OK(wr(C(0), 0, "/t4", "secret"), XS_WRITE);
	EXPECT_OK(call(C(0), XS_SET_PERMS, 0, "/t4", "n4", NULL), XS_SET_PERMS);
	EXPECT_ERR(call(C(3), XS_READ, 0, "/t4", NULL), "EACCES");
	EXPECT_ERR(call(C(0), XS_SET_TARGET, 0, "3", "9", NULL), "ENOENT");
	EXPECT_OK(call(C(0), XS_SET_TARGET, 0, "3", "4", NULL), XS_SET_TARGET);
	EXPECT_STR(call(C(3), XS_READ, 0, "/t4", NULL), XS_READ, "secret");
	xs_release(srv, 3);
	xs_release(srv, 4);
}

TEST(domain_home_has_the_libxl_layout_and_permissions)
{
	struct xs_home_desc d = {
		.domid = 3, .name = "guest", .max_kb = 65536, .target_kb = 32768,
		.vcpus = 2, .store_mfn = 0x1234, .store_port = 7, .console_mfn = 0x1235,
		.console_port = 8,
	};

	UNIT_CHECK_EQ(u, xs_domain_home(srv, &d), XS_OK);
	EXPECT_BODY(call(C(0), XS_GET_PERMS, 0, "/local/domain/3", NULL), XS_GET_PERMS, "n0\0r3", 6);
	EXPECT_STR(call(C(3), XS_READ, 0, "name", NULL), XS_READ, "guest");
	EXPECT_STR(call(C(3), XS_READ, 0, "domid", NULL), XS_READ, "3");
	EXPECT_STR(call(C(3), XS_READ, 0, "memory/target", NULL), XS_READ, "32768");
	EXPECT_STR(call(C(3), XS_READ, 0, "memory/static-max", NULL), XS_READ, "65536");
	EXPECT_STR(call(C(3), XS_READ, 0, "cpu/1/availability", NULL), XS_READ, "online");
	EXPECT_STR(call(C(3), XS_READ, 0, "store/ring-ref", NULL), XS_READ, "4660");
	EXPECT_STR(call(C(3), XS_READ, 0, "console/port", NULL), XS_READ, "8");
	EXPECT_STR(call(C(3), XS_READ, 0, "console/type", NULL), XS_READ, "xenconsoled");
	EXPECT_STR(call(C(3), XS_READ, 0, "vm", NULL), XS_READ, "/vm/00000000-0000-0000-0000-000000000003");
	EXPECT_BODY(call(C(0), XS_GET_PERMS, 0, "/local/domain/3/data", NULL), XS_GET_PERMS, "n3", 3);
	EXPECT_OK(wr(C(3), 0, "data/x", "1"), XS_WRITE);
	EXPECT_OK(wr(C(3), 0, "control/shutdown", ""), XS_WRITE);
	EXPECT_ERR(wr(C(3), 0, "name", "renamed"), "EACCES");
	EXPECT_ERR(wr(C(3), 0, "console/ring-ref", "1"), "EACCES");
	EXPECT_STR(call(C(0), XS_READ, 0, "/local/domain/0/backend/console/3/0/frontend", NULL),
	           XS_READ, "/local/domain/3/console");
	EXPECT_ERR(call(C(4), XS_READ, 0, "/local/domain/3/name", NULL), "EACCES");
	/* Made again (a rebuilt domain): the old home goes first. */
	d.name = "again";
	UNIT_CHECK_EQ(u, xs_domain_home(srv, &d), XS_OK);
	EXPECT_ERR(call(C(3), XS_READ, 0, "data/x", NULL), "ENOENT");
}

static const struct unit_case cases[] = {
	CASE(introduce_maps_binds_resets_the_ring_and_marks_it_connected),
	CASE(introduce_release_and_friends_are_for_the_privileged_domain_only),
	CASE(introduce_with_a_bad_port_or_too_few_arguments_is_einval),
	CASE(introduce_that_cannot_map_or_bind_changes_nothing),
	CASE(introducing_an_introduced_domain_rebinds_and_resets_its_connection),
	CASE(release_removes_the_domain_nodes_and_fires_release_domain),
	CASE(release_of_dom0_is_einval_and_of_an_unknown_domain_enoent),
	CASE(is_domain_introduced_answers_t_for_self_and_dom0),
	CASE(shutdown_fires_release_domain_once_and_resume_rearms_it),
	CASE(set_target_lets_a_domain_act_as_its_target),
	CASE(domain_home_has_the_libxl_layout_and_permissions),
};
const struct xs_suite xs_suite_domain = { cases, ARRAY_LEN(cases) };
