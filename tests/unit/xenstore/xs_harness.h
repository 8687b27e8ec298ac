/*
 * The fixture every XenStore unit test shares: a fresh server per case
 * over a counting allocator (that can fail on demand) and a fake
 * hypervisor (ring pages, event channels, a set of existing domains), and
 * client shorthands that speak the wire protocol to it.
 *
 * After each case the invariant checker runs (xs_check.h), the server is
 * freed, and every byte allocated must have been returned.
 *
 *   TEST(name) { ... }            a case; `u` is the test
 *   c = C(domid)                  an in-process connection for domid
 *   R = call(c, XS_READ, 0, "path", NULL)   a request of NUL-terminated
 *                                 strings; the reply (events before it are
 *                                 logged for the connection)
 *   EXPECT_OK(R), EXPECT_ERR(R, "ENOENT"), EXPECT_BODY(R, bytes, len)
 */
#pragma once
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unit_check.h"
#include "xs_check.h"
#include "xs_core.h"
#include "xs_domain.h"
#include "xs_watch.h"

#define MAX_FAKE_DOMS 16

struct fake_alloc {
	long live_blocks;
	long live_bytes;
	long fail_after;                /* allocations left before failing; -1 never */
	long failures;
};

struct fake_hv {
	struct xenstore_domain_interface page[MAX_FAKE_DOMS];
	bool mapped[MAX_FAKE_DOMS];
	uint32_t bound[MAX_FAKE_DOMS];  /* local port bound to the domain, 0 none */
	int notified[MAX_FAKE_DOMS];
	bool exists[MAX_FAKE_DOMS];     /* with check_exists: the domain_exists hook */
	bool check_exists;
	bool refuse_map, refuse_bind;
};

extern struct xs_server *srv;
extern struct fake_alloc fa;
extern struct fake_hv hv;

struct msg {
	uint32_t type, req_id, tx_id, len;
	char body[XENSTORE_PAYLOAD_MAX + 1];    /* NUL after len bytes */
};

#define NO_REPLY 0xdead                 /* msg.type when nothing came back */
#define LOCAL_PORT(domid) (100 + (domid))

void h_before(void);
void h_after(struct unit *u);

struct xs_conn *C(uint32_t domid);

/* Request with a raw payload / with payload "a\0b\0..." (NULL-ended). */
const struct msg *call_raw(struct xs_conn *c, uint32_t type, uint32_t tx,
                           const void *p, uint32_t len);
const struct msg *call(struct xs_conn *c, uint32_t type, uint32_t tx, ...);
/* WRITE path value (value without NUL). */
const struct msg *wr(struct xs_conn *c, uint32_t tx, const char *path, const char *value);

/* Watch events the connection received (oldest first), and taking them. */
int ev_count(struct xs_conn *c);
/* Take the oldest event; true if it is "path\0token\0". */
bool ev_take(struct xs_conn *c, const char *path, const char *token);
void ev_clear(struct xs_conn *c);
/* Read any pending output of c into its event log. */
void drain(struct xs_conn *c);

/* /local/domain/<d> as the toolstack makes it ("n0", "r<d>"), with a
   data directory d owns ("n<d>"); d is known to the store. */
void guest_home(uint32_t d);

/* Introduce domid over fake page `domid` (port 7): its ring connection. */
struct xs_conn *intro(uint32_t domid);
/* Guest side of fake page domid: queue a request / take one response. */
void ring_send(uint32_t domid, uint32_t type, uint32_t req_id, uint32_t tx,
               const void *p, uint32_t len);
bool ring_recv(uint32_t domid, struct msg *m);

bool is_err(const struct msg *m, const char *name);
bool is_ok(const struct msg *m, uint32_t type);
bool body_is(const struct msg *m, const void *p, uint32_t len);
const char *describe(const struct msg *m);

#define EXPECT_OK(m, type)                                                    \
	do {                                                                  \
		const struct msg *m_ = (m);                                   \
		if (!is_ok(m_, type)) {                                       \
			unit_fail(u, __FILE__, __LINE__, "expected OK, got %s", describe(m_)); \
			return;                                               \
		}                                                             \
	} while (0)
#define EXPECT_ERR(m, name)                                                   \
	do {                                                                  \
		const struct msg *m_ = (m);                                   \
		if (!is_err(m_, name)) {                                      \
			unit_fail(u, __FILE__, __LINE__, "expected %s, got %s", name, describe(m_)); \
			return;                                               \
		}                                                             \
	} while (0)
#define EXPECT_BODY(m, type_, p, len)                                         \
	do {                                                                  \
		const struct msg *m_ = (m);                                   \
		if (m_->type != (type_) || !body_is(m_, p, len)) {            \
			unit_fail(u, __FILE__, __LINE__, "expected body of %u bytes, got %s", \
			          (unsigned)(len), describe(m_));             \
			return;                                               \
		}                                                             \
	} while (0)
#define EXPECT_STR(m, type_, s) EXPECT_BODY(m, type_, s, (uint32_t)strlen(s))

#define TEST(fn) static void fn(struct unit *u)
#define CASE(fn) { "xenstore/" #fn, fn }
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct xs_suite {
	const struct unit_case *cases;
	size_t n;
};

extern const struct xs_suite xs_suite_wire, xs_suite_nodes, xs_suite_perms,
	xs_suite_watch, xs_suite_txn, xs_suite_quota, xs_suite_domain,
	xs_suite_ring, xs_suite_alloc;
