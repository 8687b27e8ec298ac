/*
 * The unit-test fixture (see xs_harness.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "xs_harness.h"
#include "xs_out.h"

struct xs_server *srv;
struct fake_alloc fa;
struct fake_hv hv;

#define MAX_CONNS 32
#define MAX_EVENTS 512

static struct {
	struct xs_conn *c;
	uint32_t domid;
	struct msg ev[MAX_EVENTS];
	int head, count;
} conns[MAX_CONNS];
static int nconns;
static struct msg reply;

/* Each block carries its size, so a free with the wrong size is caught. */
static void *fa_alloc(void *ctx, size_t n)
{
	size_t *p;

	(void)ctx;
	if (fa.fail_after == 0) {
		fa.failures++;
		return NULL;
	}
	if (fa.fail_after > 0)
		fa.fail_after--;
	p = malloc(n + 16);
	if (!p)
		abort();
	p[0] = n;
	memset(p + 2, 0xa5, n);
	fa.live_blocks++;
	fa.live_bytes += (long)n;
	return p + 2;
}

static void fa_free(void *ctx, void *q, size_t n)
{
	size_t *p = (size_t *)q - 2;

	(void)ctx;
	if (p[0] != n) {
		fprintf(stderr, "xenstore test: block of %zu bytes freed as %zu\n", p[0], n);
		abort();
	}
	memset(p, 0x5a, n + 16);
	fa.live_blocks--;
	fa.live_bytes -= (long)n;
	free(p);
}

static struct xenstore_domain_interface *hv_map(void *ctx, uint32_t domid, uint64_t mfn)
{
	(void)ctx;
	(void)mfn;
	if (hv.refuse_map || domid >= MAX_FAKE_DOMS || hv.mapped[domid])
		return NULL;
	hv.mapped[domid] = true;
	return &hv.page[domid];
}

static void hv_unmap(void *ctx, uint32_t domid, struct xenstore_domain_interface *r)
{
	(void)ctx;
	if (domid >= MAX_FAKE_DOMS || r != &hv.page[domid] || !hv.mapped[domid])
		abort();
	hv.mapped[domid] = false;
}

static int hv_bind(void *ctx, uint32_t domid, uint32_t remote, uint32_t *local)
{
	(void)ctx;
	if (hv.refuse_bind || domid >= MAX_FAKE_DOMS || remote != 7)
		return XS_EINVAL;
	*local = LOCAL_PORT(domid);
	hv.bound[domid] = *local;
	return XS_OK;
}

static void hv_unbind(void *ctx, uint32_t local)
{
	(void)ctx;
	if (local < LOCAL_PORT(0) || local >= LOCAL_PORT(MAX_FAKE_DOMS) ||
	    hv.bound[local - LOCAL_PORT(0)] != local)
		abort();
	hv.bound[local - LOCAL_PORT(0)] = 0;
}

static void hv_notify(void *ctx, uint32_t local)
{
	(void)ctx;
	if (local >= LOCAL_PORT(0) && local < LOCAL_PORT(MAX_FAKE_DOMS))
		hv.notified[local - LOCAL_PORT(0)]++;
}

static bool hv_exists(void *ctx, uint32_t domid)
{
	(void)ctx;
	return !hv.check_exists || (domid < MAX_FAKE_DOMS && hv.exists[domid]);
}

static const struct xs_alloc alloc = { fa_alloc, fa_free, NULL };
static const struct xs_hooks hooks = {
	.map_ring = hv_map, .unmap_ring = hv_unmap, .bind = hv_bind,
	.unbind = hv_unbind, .notify = hv_notify, .domain_exists = hv_exists,
};

void h_before(void)
{
	xs_server_free(srv);            /* left by a failed case */
	memset(&fa, 0, sizeof(fa));
	fa.fail_after = -1;
	memset(&hv, 0, sizeof(hv));
	memset(conns, 0, sizeof(conns));
	nconns = 0;
	srv = xs_server_new(&alloc, &hooks);
	if (!srv)
		abort();
}

void h_after(struct unit *u)
{
	char why[256];

	fa.fail_after = -1;
	for (int i = 0; i < nconns; i++)
		drain(conns[i].c);
	if (!xs_check(srv, why, sizeof(why)))
		unit_fail(u, __FILE__, __LINE__, "invariant: %s", why);
	xs_server_free(srv);
	srv = NULL;
	if (!u->failed && (fa.live_blocks || fa.live_bytes))
		unit_fail(u, __FILE__, __LINE__, "%ld blocks (%ld bytes) not freed",
		          fa.live_blocks, fa.live_bytes);
	for (int d = 0; d < MAX_FAKE_DOMS && !u->failed; d++)
		if (hv.mapped[d] || hv.bound[d])
			unit_fail(u, __FILE__, __LINE__, "domain %d still mapped or bound", d);
}

static int slot_of(struct xs_conn *c)
{
	for (int i = 0; i < nconns; i++)
		if (conns[i].c == c)
			return i;
	if (nconns == MAX_CONNS)
		abort();
	conns[nconns].c = c;
	return nconns++;
}

struct xs_conn *C(uint32_t domid)
{
	struct xs_conn *c;

	for (int i = 0; i < nconns; i++)
		if (conns[i].domid == domid && !conns[i].c->ring)
			return conns[i].c;
	c = xs_conn_new(srv, domid, NULL, 0);
	if (!c)
		abort();
	conns[slot_of(c)].domid = domid;
	return c;
}

static void log_event(struct xs_conn *c, const struct msg *m)
{
	int i = slot_of(c), at;

	if (conns[i].count == MAX_EVENTS)
		abort();
	at = (conns[i].head + conns[i].count++) % MAX_EVENTS;
	conns[i].ev[at] = *m;
}

/* Read one whole message from c's output; false if there is none. */
static bool read_msg(struct xs_conn *c, struct msg *m)
{
	uint8_t hdr[16];
	const uint8_t *p;

	if (xs_out_peek(c, &p) == 0)
		return false;
	if (xs_conn_read(c, hdr, 16) != 16)
		abort();
	memcpy(m, hdr, 16);
	if (m->len > XENSTORE_PAYLOAD_MAX || xs_conn_read(c, m->body, m->len) != m->len)
		abort();
	m->body[m->len] = 0;
	return true;
}

void drain(struct xs_conn *c)
{
	struct msg m;

	if (c->ring)
		return;
	while (read_msg(c, &m)) {
		if (m.type != XS_WATCH_EVENT) {
			printf("xenstore test: a reply (%s) was left unread\n", describe(&m));
			abort();
		}
		log_event(c, &m);
	}
}

const struct msg *call_raw(struct xs_conn *c, uint32_t type, uint32_t tx,
                           const void *p, uint32_t len)
{
	static uint32_t req_id = 1000;
	struct xsd_sockmsg h = { .type = type, .req_id = ++req_id, .tx_id = tx, .len = len };
	uint8_t buf[16 + 2 * XENSTORE_PAYLOAD_MAX];
	size_t total = 16 + len;

	drain(c);
	memcpy(buf, &h, 16);
	memcpy(buf + 16, p, len);
	reply.type = NO_REPLY;
	if (xs_conn_write(c, buf, total) != total)
		return &reply;
	while (read_msg(c, &reply)) {
		if (reply.type != XS_WATCH_EVENT) {
			if (reply.req_id != h.req_id || reply.tx_id != tx)
				reply.type = NO_REPLY;
			break;
		}
		log_event(c, &reply);
		reply.type = NO_REPLY;
	}
	drain(c);
	return &reply;
}

const struct msg *call(struct xs_conn *c, uint32_t type, uint32_t tx, ...)
{
	char payload[2 * XENSTORE_PAYLOAD_MAX];
	uint32_t len = 0;
	const char *s;
	va_list ap;

	va_start(ap, tx);
	while ((s = va_arg(ap, const char *))) {
		size_t n = strlen(s) + 1;

		memcpy(payload + len, s, n);
		len += (uint32_t)n;
	}
	va_end(ap);
	return call_raw(c, type, tx, payload, len);
}

const struct msg *wr(struct xs_conn *c, uint32_t tx, const char *path, const char *value)
{
	char payload[2 * XENSTORE_PAYLOAD_MAX];
	size_t pl = strlen(path) + 1, vl = strlen(value);

	memcpy(payload, path, pl);
	memcpy(payload + pl, value, vl);
	return call_raw(c, XS_WRITE, tx, payload, (uint32_t)(pl + vl));
}

int ev_count(struct xs_conn *c)
{
	drain(c);
	return conns[slot_of(c)].count;
}

bool ev_take(struct xs_conn *c, const char *path, const char *token)
{
	int i = slot_of(c);
	size_t pl = strlen(path) + 1, tl = strlen(token) + 1;
	const struct msg *m;

	drain(c);
	if (!conns[i].count)
		return false;
	m = &conns[i].ev[conns[i].head];
	conns[i].head = (conns[i].head + 1) % MAX_EVENTS;
	conns[i].count--;
	return m->len == pl + tl && !memcmp(m->body, path, pl) &&
	       !memcmp(m->body + pl, token, tl);
}

void ev_clear(struct xs_conn *c)
{
	int i = slot_of(c);

	drain(c);
	conns[i].count = 0;
}

void guest_home(uint32_t d)
{
	char path[64], perm[16];

	C(d);
	snprintf(path, sizeof(path), "/local/domain/%u", d);
	snprintf(perm, sizeof(perm), "r%u", d);
	call(C(0), XS_MKDIR, 0, path, NULL);
	call(C(0), XS_SET_PERMS, 0, path, "n0", perm, NULL);
	snprintf(path, sizeof(path), "/local/domain/%u/data", d);
	snprintf(perm, sizeof(perm), "n%u", d);
	call(C(0), XS_MKDIR, 0, path, NULL);
	call(C(0), XS_SET_PERMS, 0, path, perm, NULL);
}

struct xs_conn *intro(uint32_t domid)
{
	struct xs_domain *d;

	if (xs_introduce(srv, domid, domid, 7))
		return NULL;
	for (d = srv->domains; d->domid != domid; d = d->next)
		;
	return d->conn;
}

void ring_send(uint32_t domid, uint32_t type, uint32_t req_id, uint32_t tx,
               const void *p, uint32_t len)
{
	struct xenstore_domain_interface *r = &hv.page[domid];
	struct xsd_sockmsg h = { .type = type, .req_id = req_id, .tx_id = tx, .len = len };
	uint8_t buf[16 + XENSTORE_PAYLOAD_MAX];

	memcpy(buf, &h, 16);
	memcpy(buf + 16, p, len);
	for (uint32_t i = 0; i < 16 + len; i++)
		r->req[MASK_XENSTORE_IDX(r->req_prod + i)] = (char)buf[i];
	r->req_prod += 16 + len;
}

bool ring_recv(uint32_t domid, struct msg *m)
{
	struct xenstore_domain_interface *r = &hv.page[domid];
	uint8_t buf[16 + XENSTORE_PAYLOAD_MAX];
	uint32_t avail = r->rsp_prod - r->rsp_cons, len;

	if (avail < 16)
		return false;
	for (uint32_t i = 0; i < 16; i++)
		buf[i] = (uint8_t)r->rsp[MASK_XENSTORE_IDX(r->rsp_cons + i)];
	memcpy(m, buf, 16);
	len = m->len;
	if (len > XENSTORE_PAYLOAD_MAX || avail < 16 + len)
		return false;
	for (uint32_t i = 0; i < len; i++)
		m->body[i] = r->rsp[MASK_XENSTORE_IDX(r->rsp_cons + 16 + i)];
	m->body[len] = 0;
	r->rsp_cons += 16 + len;
	return true;
}

bool is_err(const struct msg *m, const char *name)
{
	return m->type == XS_ERROR && m->len == strlen(name) + 1 && !strcmp(m->body, name);
}

bool is_ok(const struct msg *m, uint32_t type)
{
	return m->type == type && m->len == 3 && !memcmp(m->body, "OK", 3);
}

bool body_is(const struct msg *m, const void *p, uint32_t len)
{
	return m->len == len && !memcmp(m->body, p, len);
}

const char *describe(const struct msg *m)
{
	static char text[160];
	char shown[64];
	uint32_t i;

	if (m->type == NO_REPLY)
		return "no reply";
	for (i = 0; i < m->len && i < sizeof(shown) - 1; i++)
		shown[i] = m->body[i] ? (m->body[i] >= 32 && m->body[i] < 127 ? m->body[i] : '?') : '|';
	shown[i] = 0;
	snprintf(text, sizeof(text), "type %u len %u \"%s\"", m->type, m->len, shown);
	return text;
}
