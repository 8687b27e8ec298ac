/*
 * Ring rules: requests taken from xenstore_domain_interface in any pieces,
 * replies written as space allows, indices validated (read once), and a
 * flooding guest held back while another is served.
 */
#include "xs_harness.h"

static bool ask(uint32_t domid, uint32_t type, const char *payload, uint32_t len,
                struct msg *m)
{
	static uint32_t id = 1;

	ring_send(domid, type, ++id, 0, payload, len);
	xs_server_poll(srv);
	return ring_recv(domid, m) && m->req_id == id;
}

TEST(request_and_reply_travel_through_the_ring)
{
	struct msg m;

	UNIT_CHECK(u, intro(3) != NULL);
	UNIT_CHECK(u, ask(3, XS_GET_DOMAIN_PATH, "3", 2, &m));
	UNIT_CHECK(u, body_is(&m, "/local/domain/3", 16));
	UNIT_CHECK_EQ(u, hv.page[3].req_cons, hv.page[3].req_prod);
	xs_release(srv, 3);
}

TEST(a_request_arriving_in_pieces_is_served_when_complete)
{
	struct xenstore_domain_interface *r;
	struct msg m;
	uint32_t prod;

	UNIT_CHECK(u, intro(3) != NULL);
	r = &hv.page[3];
	ring_send(3, XS_GET_DOMAIN_PATH, 1, 0, "3", 2);
	prod = r->req_prod;
	for (uint32_t i = 1; i <= prod; i++) {
		r->req_prod = i;
		xs_server_event(srv, LOCAL_PORT(3));
		UNIT_CHECK_EQ(u, r->req_cons, i);
		UNIT_CHECK_EQ(u, ring_recv(3, &m), i == prod);
	}
	xs_release(srv, 3);
}

TEST(requests_and_replies_wrap_around_the_ring_end)
{
	struct msg m;

	UNIT_CHECK(u, intro(3) != NULL);
	for (int i = 0; i < 100; i++) {
		UNIT_CHECK(u, ask(3, XS_GET_DOMAIN_PATH, "1234567", 8, &m));
		UNIT_CHECK(u, body_is(&m, "/local/domain/1234567", 22));
	}
	UNIT_CHECK(u, hv.page[3].req_prod > 2 * XENSTORE_RING_SIZE);
	xs_release(srv, 3);
}

TEST(a_reply_larger_than_the_free_space_is_finished_as_the_guest_reads)
{
	struct xenstore_domain_interface *r;
	char value[3000];
	struct msg m;

	UNIT_CHECK(u, intro(3) != NULL);
	r = &hv.page[3];
	memset(value, 'v', sizeof(value));
	memcpy(value, "/big", 5);
	EXPECT_OK(call_raw(C(0), XS_WRITE, 0, value, sizeof(value)), XS_WRITE);
	EXPECT_OK(call(C(0), XS_SET_PERMS, 0, "/big", "r0", NULL), XS_SET_PERMS);
	ring_send(3, XS_READ, 5, 0, "/big", 5);
	xs_server_poll(srv);
	UNIT_CHECK_EQ(u, r->rsp_prod - r->rsp_cons, XENSTORE_RING_SIZE);
	UNIT_CHECK(u, !ring_recv(3, &m));
	/* The guest takes what is there; the server writes the rest. */
	r->rsp_cons = r->rsp_prod;
	xs_server_event(srv, LOCAL_PORT(3));
	r->rsp_cons = r->rsp_prod;
	xs_server_event(srv, LOCAL_PORT(3));
	UNIT_CHECK_EQ(u, r->rsp_prod, 16 + sizeof(value) - 5);
	xs_release(srv, 3);
}

TEST(a_request_index_more_than_a_ring_ahead_drops_the_connection)
{
	struct xs_conn *c = intro(3);
	struct msg m;

	UNIT_CHECK(u, c != NULL);
	hv.page[3].req_prod = hv.page[3].req_cons + XENSTORE_RING_SIZE + 1;
	xs_server_poll(srv);
	UNIT_CHECK(u, xs_conn_ignored(c));
	UNIT_CHECK_EQ(u, hv.page[3].error, XENSTORE_ERROR_RINGIDX);
	UNIT_CHECK_EQ(u, hv.page[3].req_cons, 0);
	/* An ignored connection serves nothing more. */
	hv.page[3].req_prod = 0;
	UNIT_CHECK(u, !ask(3, XS_GET_DOMAIN_PATH, "3", 2, &m));
	xs_release(srv, 3);
}

TEST(a_response_index_more_than_a_ring_ahead_drops_the_connection)
{
	struct xs_conn *c = intro(3);

	UNIT_CHECK(u, c != NULL);
	hv.page[3].rsp_cons = 5000;
	ring_send(3, XS_GET_DOMAIN_PATH, 1, 0, "3", 2);
	xs_server_poll(srv);
	UNIT_CHECK(u, xs_conn_ignored(c));
	UNIT_CHECK_EQ(u, hv.page[3].error, XENSTORE_ERROR_RINGIDX);
	UNIT_CHECK_EQ(u, hv.page[3].rsp_prod, 0);
	xs_release(srv, 3);
}

TEST(indices_that_start_anywhere_are_fine)
{
	struct xs_conn *c = intro(3);
	struct msg m;

	UNIT_CHECK(u, c != NULL);
	hv.page[3].req_prod = hv.page[3].req_cons = 0xfffffff0u;
	hv.page[3].rsp_prod = hv.page[3].rsp_cons = 0xfffffffau;
	UNIT_CHECK(u, ask(3, XS_GET_DOMAIN_PATH, "3", 2, &m));
	UNIT_CHECK(u, body_is(&m, "/local/domain/3", 16));
	UNIT_CHECK(u, !xs_conn_ignored(c));
	xs_release(srv, 3);
}

TEST(an_oversized_header_on_the_ring_sets_the_protocol_error)
{
	struct xs_conn *c = intro(3);
	struct xsd_sockmsg h = { .type = XS_READ, .len = 5000 };
	struct xenstore_domain_interface *r = &hv.page[3];

	UNIT_CHECK(u, c != NULL);
	memcpy(r->req, &h, 16);
	r->req_prod = 16;
	xs_server_poll(srv);
	UNIT_CHECK(u, xs_conn_ignored(c));
	UNIT_CHECK_EQ(u, r->error, XENSTORE_ERROR_PROTO);
	xs_release(srv, 3);
}

TEST(an_ignored_connection_stays_ignored_when_introduced_again)
{
	struct xs_conn *c = intro(3);

	UNIT_CHECK(u, c != NULL);
	hv.page[3].req_prod = 4000;
	xs_server_poll(srv);
	UNIT_CHECK(u, xs_conn_ignored(c));
	EXPECT_OK(call(C(0), XS_INTRODUCE, 0, "3", "3", "7", NULL), XS_INTRODUCE);
	UNIT_CHECK(u, xs_conn_ignored(c));
	UNIT_CHECK_EQ(u, hv.page[3].req_prod, 0);
	xs_release(srv, 3);
}

TEST(the_server_notifies_the_guest_when_it_moved_an_index)
{
	struct msg m;
	int before;

	UNIT_CHECK(u, intro(3) != NULL);
	before = hv.notified[3];
	xs_server_poll(srv);
	UNIT_CHECK_EQ(u, hv.notified[3], before);
	UNIT_CHECK(u, ask(3, XS_GET_DOMAIN_PATH, "3", 2, &m));
	UNIT_CHECK(u, hv.notified[3] > before);
	xs_release(srv, 3);
}

/* A guest that never reads its replies stops being served after 20
   outstanding ones; its requests wait in its ring; another guest is
   served all along. */
TEST(a_guest_not_reading_replies_stalls_at_20_while_another_is_served)
{
	struct xenstore_domain_interface *r;
	struct msg m;

	UNIT_CHECK(u, intro(3) != NULL);
	UNIT_CHECK(u, intro(4) != NULL);
	r = &hv.page[3];
	for (int i = 0; i < 200 && r->req_prod - r->req_cons <= XENSTORE_RING_SIZE - 18; i++) {
		ring_send(3, XS_GET_DOMAIN_PATH, 100 + (uint32_t)i, 0, "1", 2);
		xs_server_poll(srv);
	}
	UNIT_CHECK_EQ(u, xs_dom_find(srv, 3)->acct.outstanding, 20);
	UNIT_CHECK(u, r->req_prod != r->req_cons);
	UNIT_CHECK(u, ask(4, XS_GET_DOMAIN_PATH, "4", 2, &m));
	/* Reading its replies lets it go on. */
	while (ring_recv(3, &m))
		xs_server_event(srv, LOCAL_PORT(3));
	UNIT_CHECK_EQ(u, r->req_prod, r->req_cons);
	xs_release(srv, 3);
	xs_release(srv, 4);
}

TEST(events_a_guest_caused_keep_its_request_outstanding_until_taken)
{
	struct xs_conn *w = C(0);
	uint32_t base;

	UNIT_CHECK(u, intro(3) != NULL);
	call(C(0), XS_MKDIR, 0, "/pub", NULL);
	call(C(0), XS_SET_PERMS, 0, "/pub", "b0", NULL);
	call(w, XS_WATCH, 0, "/pub", "t", NULL);
	ev_clear(w);
	base = xs_dom_find(srv, 3)->acct.outstanding;
	ring_send(3, XS_WRITE, 1, 0, "/pub\0v", 6);
	xs_server_poll(srv);
	/* The reply is in the ring; the request waits behind dom0's event. */
	UNIT_CHECK_EQ(u, xs_dom_find(srv, 3)->acct.outstanding, base + 1);
	ev_clear(w);
	UNIT_CHECK_EQ(u, xs_dom_find(srv, 3)->acct.outstanding, base);
	xs_release(srv, 3);
}

static const struct unit_case cases[] = {
	CASE(request_and_reply_travel_through_the_ring),
	CASE(a_request_arriving_in_pieces_is_served_when_complete),
	CASE(requests_and_replies_wrap_around_the_ring_end),
	CASE(a_reply_larger_than_the_free_space_is_finished_as_the_guest_reads),
	CASE(a_request_index_more_than_a_ring_ahead_drops_the_connection),
	CASE(a_response_index_more_than_a_ring_ahead_drops_the_connection),
	CASE(indices_that_start_anywhere_are_fine),
	CASE(an_oversized_header_on_the_ring_sets_the_protocol_error),
	CASE(an_ignored_connection_stays_ignored_when_introduced_again),
	CASE(the_server_notifies_the_guest_when_it_moved_an_index),
	CASE(a_guest_not_reading_replies_stalls_at_20_while_another_is_served),
	CASE(events_a_guest_caused_keep_its_request_outstanding_until_taken),
};
const struct xs_suite xs_suite_ring = { cases, ARRAY_LEN(cases) };
