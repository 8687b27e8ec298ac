/*
 * Allocation failure rules: every request still gets exactly one answer
 * (ENOMEM when nothing else can be said), and a request that fails for
 * want of memory changes nothing.
 */
#include "xs_harness.h"

/* A snapshot of what the store holds, to compare before and after. */
static uint64_t store_sum(void)
{
	uint64_t sum = srv->nodes.count;

	for (uint32_t b = 0; b < srv->nodes.nb; b++)
		for (const struct xs_hlink *l = srv->nodes.b[b]; l; l = l->next) {
			const struct xs_node *n = (const struct xs_node *)l;

			sum = sum * 31 + n->vlen * 7 + n->clen * 13 + n->nperms;
			for (uint32_t i = 0; i < n->vlen; i++)
				sum = sum * 3 + (uint8_t)n->value[i];
		}
	return sum;
}

/* Fail the k-th allocation of a request, for every k until it succeeds:
   each time, the answer is ENOMEM and nothing changed (or it succeeded:
   an allocation it could do without, like a watch's first event, failed). */
static void every_failure_point(struct unit *u, uint32_t domid, uint32_t type,
                                const char *payload, uint32_t len, uint32_t ok_type)
{
	struct xs_conn *c = C(domid);

	for (long k = 0; k < 200; k++) {
		uint64_t before = store_sum();
		const struct msg *m;
		char why[256];

		fa.fail_after = k;
		fa.failures = 0;
		m = call_raw(c, type, 0, payload, len);
		fa.fail_after = -1;
		if (m->type == ok_type)
			return;
		if (!fa.failures) {
			unit_fail(u, __FILE__, __LINE__, "no failure, yet %s", describe(m));
			return;
		}
		if (!is_err(m, "ENOMEM")) {
			unit_fail(u, __FILE__, __LINE__, "k=%ld: %s", k, describe(m));
			return;
		}
		if (store_sum() != before) {
			unit_fail(u, __FILE__, __LINE__, "k=%ld: the store changed", k);
			return;
		}
		if (!xs_check(srv, why, sizeof(why))) {
			unit_fail(u, __FILE__, __LINE__, "k=%ld: %s", k, why);
			return;
		}
	}
	unit_fail(u, __FILE__, __LINE__, "never succeeded");
}

TEST(a_write_creating_parents_that_runs_out_of_memory_changes_nothing)
{
	every_failure_point(u, 0, XS_WRITE, "/a/b/c/d\0value", 14, XS_WRITE);
	EXPECT_STR(call(C(0), XS_READ, 0, "/a/b/c/d", NULL), XS_READ, "value");
}

TEST(an_rm_that_runs_out_of_memory_changes_nothing)
{
	EXPECT_OK(wr(C(0), 0, "/r/x/y", "1"), XS_WRITE);
	every_failure_point(u, 0, XS_RM, "/r/x", 5, XS_RM);
	EXPECT_ERR(call(C(0), XS_READ, 0, "/r/x", NULL), "ENOENT");
}

TEST(set_perms_and_watch_that_run_out_of_memory_change_nothing)
{
	C(5);
	EXPECT_OK(wr(C(0), 0, "/p", "1"), XS_WRITE);
	every_failure_point(u, 0, XS_SET_PERMS, "/p\0n0\0r5\0", 9, XS_SET_PERMS);
	every_failure_point(u, 5, XS_WATCH, "/p\0tok\0", 7, XS_WATCH);
}

TEST(a_transaction_that_runs_out_of_memory_can_only_fail)
{
	struct xs_conn *c = C(0);
	const struct msg *m = call(c, XS_TRANSACTION_START, 0, "", NULL);
	uint32_t t = (uint32_t)atoi(m->body);

	EXPECT_OK(wr(c, 0, "/x", "1"), XS_WRITE);
	fa.fail_after = 1;              /* the reply is reserved; the copy fails */
	EXPECT_ERR(call(c, XS_READ, t, "/x", NULL), "ENOMEM");
	fa.fail_after = -1;
	EXPECT_ERR(call(C(0), XS_TRANSACTION_END, t, "T", NULL), "ENOMEM");
}

TEST(with_no_memory_at_all_a_request_is_answered_enomem_unserved)
{
	C(0);
	fa.fail_after = 0;
	EXPECT_ERR(call(C(0), XS_GET_DOMAIN_PATH, 0, "1", NULL), "ENOMEM");
	EXPECT_ERR(wr(C(0), 0, "/not-made", "1"), "ENOMEM");
	fa.fail_after = -1;
	EXPECT_BODY(call(C(0), XS_DIRECTORY, 0, "/", NULL), XS_DIRECTORY, "tool", 5);
}

TEST(a_long_reply_that_cannot_be_allocated_is_enomem)
{
	EXPECT_OK(wr(C(0), 0, "/long", "a value longer than any short reply"), XS_WRITE);
	fa.fail_after = 1;              /* the reserve only */
	EXPECT_ERR(call(C(0), XS_READ, 0, "/long", NULL), "ENOMEM");
	fa.fail_after = -1;
}

TEST(server_creation_without_memory_returns_null_and_leaks_nothing)
{
	static const struct xs_hooks none;
	struct xs_server *saved = srv;

	for (long k = 0; k < 50; k++) {
		struct xs_server *s;
		long blocks = fa.live_blocks;
		const struct xs_alloc a = { srv->a.alloc, srv->a.free, NULL };

		fa.fail_after = k;
		s = xs_server_new(&a, &none);
		fa.fail_after = -1;
		if (s) {
			xs_server_free(s);
			UNIT_CHECK_EQ(u, fa.live_blocks, blocks);
			srv = saved;
			return;
		}
		UNIT_CHECK_EQ(u, fa.live_blocks, blocks);
	}
	unit_fail(u, __FILE__, __LINE__, "never succeeded");
}

static const struct unit_case cases[] = {
	CASE(a_write_creating_parents_that_runs_out_of_memory_changes_nothing),
	CASE(an_rm_that_runs_out_of_memory_changes_nothing),
	CASE(set_perms_and_watch_that_run_out_of_memory_change_nothing),
	CASE(a_transaction_that_runs_out_of_memory_can_only_fail),
	CASE(with_no_memory_at_all_a_request_is_answered_enomem_unserved),
	CASE(a_long_reply_that_cannot_be_allocated_is_enomem),
	CASE(server_creation_without_memory_returns_null_and_leaks_nothing),
};
const struct xs_suite xs_suite_alloc = { cases, ARRAY_LEN(cases) };
