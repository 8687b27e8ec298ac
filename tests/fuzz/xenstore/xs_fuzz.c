/*
 * libFuzzer target for the XenStore server library (dom0/xenstore/): its
 * wire parser, connection state machine and ring pump.
 *
 * Each input is decoded into a sequence of operations on one server with
 * dom0's in-process connection, in-process connections for two guests,
 * and up to four guests introduced over fake ring pages:
 *   - raw bytes fed to a connection (random headers, lengths, types);
 *   - well-formed requests of every type built from a small dictionary of
 *     paths, permissions, tokens, values and ids, then mutated (a byte
 *     flipped, the message cut short, a NUL dropped, the length field
 *     changed), sent whole or in pieces, in-process or through a ring;
 *   - a guest moving its ring indices wrongly, consuming replies, or not;
 *   - introduce, release, shutdown and destruction of domains, as dom0
 *     requests and as API calls; allocation failures; tiny quotas.
 * After every operation:
 *   - the invariant checker (tests/unit/xenstore/xs_check.c) recomputes
 *     the tree and every domain's accounting and compares;
 *   - every reply or event a connection hands out has a sane header
 *     (length at most 4096, a reply type, the request's id);
 *   - a whole request sent in-process to a connection that is not
 *     stalled gets exactly one reply, with its req_id.
 * At the end the server is freed: every allocation must be returned and
 * every ring unmapped and unbound.  Any violation aborts, which libFuzzer
 * reports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_input.h"
#include "xs_check.h"
#include "xs_conn.h"
#include "xs_core.h"
#include "xs_out.h"

#define NDOMS 5                         /* guests 1..4 may be introduced */

static void die(const char *why)
{
	fprintf(stderr, "xenstore fuzz: %s\n", why);
	abort();
}

/* --- fake allocator and hypervisor ---------------------------------- */

static long live_blocks, fail_next;

static void *f_alloc(void *ctx, size_t n)
{
	size_t *p;

	(void)ctx;
	if (fail_next > 0) {
		fail_next--;
		return NULL;
	}
	p = malloc(n + 16);
	if (!p)
		die("host out of memory");
	p[0] = n;
	live_blocks++;
	return p + 2;
}

static void f_free(void *ctx, void *q, size_t n)
{
	size_t *p = (size_t *)q - 2;

	(void)ctx;
	if (p[0] != n)
		die("block freed with the wrong size");
	live_blocks--;
	free(p);
}

static struct xenstore_domain_interface pages[NDOMS];
static bool mapped[NDOMS], bound[NDOMS], garbled[NDOMS];
static uint32_t rsp_have[NDOMS];        /* bytes of a partial message the guest holds */
static uint8_t rsp_buf[NDOMS][16 + XENSTORE_PAYLOAD_MAX];

static struct xenstore_domain_interface *f_map(void *ctx, uint32_t domid, uint64_t mfn)
{
	(void)ctx;
	if (domid >= NDOMS || mapped[domid] || mfn == 666)
		return NULL;
	mapped[domid] = true;
	return &pages[domid];
}

static void f_unmap(void *ctx, uint32_t domid, struct xenstore_domain_interface *r)
{
	(void)ctx;
	if (domid >= NDOMS || !mapped[domid] || r != &pages[domid])
		die("unmap of a ring not mapped");
	mapped[domid] = false;
}

static int f_bind(void *ctx, uint32_t domid, uint32_t remote, uint32_t *local)
{
	(void)ctx;
	if (domid >= NDOMS || remote > 50)
		return XS_EINVAL;
	*local = 1000 + domid;
	bound[domid] = true;
	return XS_OK;
}

static void f_unbind(void *ctx, uint32_t local)
{
	(void)ctx;
	if (local < 1000 || local >= 1000 + NDOMS || !bound[local - 1000])
		die("unbind of a port not bound");
	bound[local - 1000] = false;
}

static void f_notify(void *ctx, uint32_t local)
{
	(void)ctx;
	if (local < 1000 || local >= 1000 + NDOMS || !bound[local - 1000])
		die("notify on a port not bound");
}

/* --- dictionary ----------------------------------------------------- */

static const char *const paths[] = {
	"/", "/local", "/local/domain", "/local/domain/1", "/local/domain/1/data",
	"/local/domain/2/data/x", "/a", "/a/b", "/a/b/c", "/tool/xenstored",
	"data", "data/k", "data/k/deeper", "", "@releaseDomain", "@introduceDomain",
	"@other", "/a//b", "/a/", "/bad path", "/x/y/z/w/v/u", "/local/domain/3/data",
};
static const char *const perms[] = {
	"n0", "r1", "w2", "b3", "n1", "b0", "r2", "x1", "r", "r0x1", "n4", "b-1", "r 2",
};
static const char *const words[] = {
	"", "1", "2", "3", "T", "F", "tok", "value", "0", "7", "666", "-1", "32752",
	"4294967296", "abc",
};

static const char *pick(struct input *in, const char *const *set, size_t n)
{
	return set[next8(in) % n];
}

#define PICK(in, set) pick(in, set, sizeof(set) / sizeof(set[0]))

/* --- the server under test ------------------------------------------ */

static struct xs_server *srv;
static struct xs_conn *local[3];        /* dom0, guest 1, guest 2 */
static uint32_t local_domid[3] = { 0, 1, 2 };
static uint32_t req_ids;

static void check(void)
{
	char why[256];

	if (!xs_check(srv, why, sizeof(why)))
		die(why);
}

/* One whole message of a connection's output, checked. */
static bool take_msg(struct xs_conn *c, struct xsd_sockmsg *h)
{
	static uint8_t body[XENSTORE_PAYLOAD_MAX];
	const uint8_t *p;

	if (!xs_out_peek(c, &p))
		return false;
	if (xs_conn_read(c, h, 16) != 16)
		die("a queued message shorter than its header");
	if (h->len > XENSTORE_PAYLOAD_MAX || xs_conn_read(c, body, h->len) != h->len)
		die("a queued message with a bad length");
	if (h->type == XS_WATCH_EVENT) {
		int nuls = 0;

		for (uint32_t i = 0; i < h->len; i++)
			nuls += !body[i];
		if (h->req_id || h->tx_id || nuls != 2 || body[h->len - 1] || body[0] == 0)
			die("a malformed watch event");
	} else if (h->type >= XS_TYPE_COUNT || h->type == XS_WATCH_EVENT) {
		die("a reply of no known type");
	}
	return true;
}

static void drain_local(int i)
{
	struct xsd_sockmsg h;

	if (local[i])
		while (take_msg(local[i], &h))
			;
}

/* The payload of a request of this type, from the dictionary. */
static uint32_t build_payload(struct input *in, uint32_t type, char *p)
{
	uint32_t len = 0, nargs;

	switch (type) {
	case XS_WRITE:
		len = (uint32_t)sprintf(p, "%s", PICK(in, paths)) + 1;
		len += (uint32_t)sprintf(p + len, "%s", PICK(in, words));
		return len;
	case XS_SET_PERMS:
		nargs = 1 + next8(in) % 7;
		len = (uint32_t)sprintf(p, "%s", PICK(in, paths)) + 1;
		for (uint32_t i = 0; i < nargs; i++)
			len += (uint32_t)sprintf(p + len, "%s", PICK(in, perms)) + 1;
		return len;
	case XS_WATCH:
	case XS_UNWATCH:
	case XS_DIRECTORY_PART:
	case XS_SET_TARGET:
		len = (uint32_t)sprintf(p, "%s", PICK(in, paths)) + 1;
		return len + (uint32_t)sprintf(p + len, "%s", PICK(in, words)) + 1;
	case XS_INTRODUCE:
		return (uint32_t)sprintf(p, "%u%c%s%c%u", next8(in) % 6, 0, PICK(in, words), 0,
		                         next8(in) % 60) + 1;
	case XS_RELEASE:
	case XS_RESUME:
	case XS_GET_DOMAIN_PATH:
	case XS_IS_DOMAIN_INTRODUCED:
	case XS_TRANSACTION_END:
		return (uint32_t)sprintf(p, "%s", next8(in) & 1 ? PICK(in, words) : "1") + 1;
	default:
		return (uint32_t)sprintf(p, "%s", PICK(in, paths)) + 1;
	}
}

static void mutate(struct input *in, uint8_t *msg, uint32_t *size)
{
	uint8_t how = next8(in);

	if (how < 160)
		return;
	if (how < 190 && *size > 0)
		msg[next32(in) % *size] ^= (uint8_t)(1u << (next8(in) % 8));
	else if (how < 210 && *size > 16)
		*size -= 1 + next32(in) % (*size - 16);
	else if (how < 230 && *size > 16 && !msg[*size - 1])
		(*size)--;
	else if (*size >= 16)
		((struct xsd_sockmsg *)msg)->len ^= next32(in) & 0x1fff;
}

/* A request of some type, built and perhaps mutated, as bytes. */
static uint32_t make_request(struct input *in, uint8_t *msg)
{
	static const uint32_t types[] = {
		XS_READ, XS_WRITE, XS_MKDIR, XS_RM, XS_DIRECTORY, XS_DIRECTORY_PART,
		XS_GET_PERMS, XS_SET_PERMS, XS_WATCH, XS_UNWATCH, XS_TRANSACTION_START,
		XS_TRANSACTION_END, XS_INTRODUCE, XS_RELEASE, XS_GET_DOMAIN_PATH,
		XS_IS_DOMAIN_INTRODUCED, XS_RESUME, XS_SET_TARGET, XS_RESET_WATCHES,
		XS_CONTROL, XS_WATCH_EVENT, XS_ERROR, 20, 23, XS_INVALID,
	};
	struct xsd_sockmsg h = {
		.type = types[next8(in) % (sizeof(types) / sizeof(types[0]))],
		.req_id = ++req_ids,
		.tx_id = next8(in) < 200 ? 0 : next8(in) % 4,
	};
	uint32_t size;

	h.len = build_payload(in, h.type, (char *)msg + 16);
	memcpy(msg, &h, 16);
	size = 16 + h.len;
	mutate(in, msg, &size);
	return size;
}

/* A whole request to an in-process connection: exactly one reply. */
static void send_local(struct input *in)
{
	static uint8_t msg[16 + 2 * XENSTORE_PAYLOAD_MAX];
	int i = next8(in) % 3;
	struct xs_conn *c = local[i];
	struct xsd_sockmsg h, sent;
	uint32_t size;
	bool whole, fresh = c->in_have == 0;
	int replies = 0;

	size = make_request(in, msg);
	memcpy(&sent, msg, 16);
	whole = fresh && size >= 16 && sent.len <= XENSTORE_PAYLOAD_MAX &&
	        size == 16 + sent.len;
	drain_local(i);
	if (xs_conn_write(c, msg, size) != size || !whole || c->ignored)
		return;
	while (take_msg(c, &h)) {
		if (h.type == XS_WATCH_EVENT)
			continue;
		if (h.req_id != sent.req_id || h.tx_id != sent.tx_id)
			die("a reply with another request's ids");
		replies++;
	}
	if (replies != 1)
		die("a whole request did not get exactly one reply");
}

static void send_raw(struct input *in)
{
	static uint8_t bytes[256];
	int i = next8(in) % 3;
	uint32_t n = next8(in);

	for (uint32_t k = 0; k < n; k++)
		bytes[k] = next8(in);
	xs_conn_write(local[i], bytes, n);
	drain_local(i);
}

/* --- rings ---------------------------------------------------------- */

static void ring_put(uint32_t d, const uint8_t *b, uint32_t n)
{
	struct xenstore_domain_interface *r = &pages[d];

	for (uint32_t k = 0; k < n && r->req_prod - r->req_cons < XENSTORE_RING_SIZE; k++)
		r->req[MASK_XENSTORE_IDX(r->req_prod++)] = (char)b[k];
}

/* The guest takes whole messages from its response ring and checks them. */
static void ring_take(uint32_t d, uint32_t budget)
{
	struct xenstore_domain_interface *r = &pages[d];

	while (budget-- && r->rsp_prod != r->rsp_cons) {
		struct xsd_sockmsg h;

		if (r->rsp_prod - r->rsp_cons > XENSTORE_RING_SIZE)
			garbled[d] = true;
		rsp_buf[d][rsp_have[d] % sizeof(rsp_buf[d])] =
			(uint8_t)r->rsp[MASK_XENSTORE_IDX(r->rsp_cons++)];
		rsp_have[d]++;
		if (rsp_have[d] < 16 || garbled[d])
			continue;
		memcpy(&h, rsp_buf[d], 16);
		if (h.len > XENSTORE_PAYLOAD_MAX)
			die("a ring message with a bad length");
		if (rsp_have[d] == 16 + h.len)
			rsp_have[d] = 0;
	}
}

static void ring_op(struct input *in)
{
	static uint8_t msg[16 + 2 * XENSTORE_PAYLOAD_MAX];
	uint32_t d = 1 + next8(in) % (NDOMS - 1), size, at, piece;
	struct xenstore_domain_interface *r = &pages[d];
	uint8_t what = next8(in);

	if (!mapped[d])
		return;
	if (what < 120) {
		size = make_request(in, msg);
		for (at = 0; at < size; at += piece) {
			piece = 1 + next8(in) % 64;
			if (piece > size - at)
				piece = size - at;
			ring_put(d, msg + at, piece);
			xs_server_event(srv, 1000 + d);
			ring_take(d, next8(in));
		}
	} else if (what < 200) {
		ring_take(d, next32(in) % 4096);
		xs_server_event(srv, 1000 + d);
	} else if (what < 220) {
		r->req_prod = next32(in);
		garbled[d] = true;
		xs_server_poll(srv);
	} else if (what < 240) {
		r->rsp_cons = next32(in);
		garbled[d] = true;
		xs_server_poll(srv);
	} else {
		xs_server_poll(srv);
	}
}

/* --- domains -------------------------------------------------------- */

static void domain_op(struct input *in)
{
	uint32_t d = 1 + next8(in) % (NDOMS - 1);

	switch (next8(in) % 6) {
	case 0:
	case 1:
		if (!xs_introduce(srv, d, next8(in) < 240 ? d : 666, 1 + next8(in) % 60)) {
			rsp_have[d] = 0;
			garbled[d] = false;
		}
		break;
	case 2:
		xs_release(srv, d);
		break;
	case 3:
		xs_domain_shutdown(srv, d);
		break;
	case 4:
		if (d > 2)              /* 1 and 2 keep in-process connections */
			xs_domain_gone(srv, d);
		break;
	default: {
		struct xs_home_desc h = { .domid = d, .name = "g", .vcpus = 1 + d % 2,
		                          .console_port = d % 2 };

		xs_domain_home(srv, &h);
		break;
	}
	}
	xs_server_poll(srv);
}

static void setup(struct input *in)
{
	static const struct xs_alloc a = { f_alloc, f_free, NULL };
	static const struct xs_hooks h = {
		.map_ring = f_map, .unmap_ring = f_unmap, .bind = f_bind,
		.unbind = f_unbind, .notify = f_notify,
	};
	uint8_t tiny = next8(in);

	memset(pages, 0, sizeof(pages));
	memset(mapped, 0, sizeof(mapped));
	memset(bound, 0, sizeof(bound));
	memset(garbled, 0, sizeof(garbled));
	memset(rsp_have, 0, sizeof(rsp_have));
	live_blocks = fail_next = 0;
	srv = xs_server_new(&a, &h);
	if (!srv)
		die("no server");
	if (tiny & 1) {
		struct xs_quota *q = xs_server_quota(srv);

		q->nodes = 6;
		q->entry_bytes = 128;
		q->watches = 2;
		q->transactions = 1;
		q->txn_nodes = 5;
		q->outstanding = 2;
		q->memory = 4096;
	}
	for (int i = 0; i < 3; i++)
		if (!(local[i] = xs_conn_new(srv, local_domid[i], NULL, 0)))
			die("no connection");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };

	setup(&in);
	for (int ops = 0; in.n && ops < 200; ops++) {
		uint8_t op = next8(&in);

		if (op < 110)
			send_local(&in);
		else if (op < 130)
			send_raw(&in);
		else if (op < 200)
			ring_op(&in);
		else if (op < 230)
			domain_op(&in);
		else if (op < 245)
			fail_next = next8(&in) % 8;
		else
			for (int i = 0; i < 3; i++)
				drain_local(i);
		fail_next = op < 230 ? 0 : fail_next;
		check();
	}
	xs_server_free(srv);
	if (live_blocks)
		die("memory not returned at server free");
	for (int d = 0; d < NDOMS; d++)
		if (mapped[d] || bound[d])
			die("a ring left mapped or bound");
	return 0;
}
