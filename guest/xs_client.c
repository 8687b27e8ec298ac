/*
 * A minimal XenStore client over the domain's own ring (start_info's
 * store_mfn and store_evtchn), for test kernels: one request at a time,
 * written into the request ring, signalled, and its reply taken from the
 * response ring; watch events met on the way are kept for
 * xs_client_event (the oldest dropped when more arrive than it keeps).  The server's
 * indices are read once per look and checked (a server that claims more
 * than a ring's worth is treated as no reply).  Until dom0 has introduced
 * the domain its port is unbound and the signal is lost, so the client
 * waits, as Xen's late-XenStore protocol has it, until the store marks the
 * ring XENSTORE_CONNECTED (the builder leaves it XENSTORE_RECONNECT); the
 * store resets both rings' indices then, so nothing may be written before.
 */
#include "events.h"
#include "pt.h"
#include "xs_client.h"

#define LOOK_NS 10000000ull

static struct xenstore_domain_interface *ring(void)
{
	return (struct xenstore_domain_interface *)pt_pfn_va(pt_pfn(start_info->store_mfn));
}

static uint32_t req_id;
static struct {
	uint32_t len;
	char data[256];
} events[XS_CLIENT_EVENTS];
static unsigned nr_events;

static void keep_event(const char *data, uint32_t len)
{
	if (nr_events == XS_CLIENT_EVENTS) {
		memmove(&events[0], &events[1], sizeof(events[0]) * (XS_CLIENT_EVENTS - 1));
		nr_events--;
	}
	events[nr_events].len = len;
	memcpy(events[nr_events].data, data, len);
	nr_events++;
}

static void put(struct xenstore_domain_interface *r, const void *data, uint32_t n)
{
	const char *p = data;
	while (n) {
		uint32_t prod = r->req_prod;
		uint32_t used = prod - __atomic_load_n(&r->req_cons, __ATOMIC_ACQUIRE);
		if (used >= XENSTORE_RING_SIZE) {
			evtchn_send(start_info->store_evtchn);
			evtchn_port_t port = start_info->store_evtchn;
			evtchn_poll(&port, 1, system_time_ns() + LOOK_NS);
			continue;
		}
		uint32_t k = XENSTORE_RING_SIZE - used < n ? XENSTORE_RING_SIZE - used : n;
		for (uint32_t i = 0; i < k; i++)
			r->req[MASK_XENSTORE_IDX(prod + i)] = *p++;
		__atomic_store_n(&r->req_prod, prod + k, __ATOMIC_RELEASE);
		n -= k;
	}
}

/* Take n bytes of the response ring, waiting up to deadline; false on
 * timeout.  What has arrived is taken in one go and the server signalled
 * once for the room it frees. */
static bool take(struct xenstore_domain_interface *r, void *out, uint32_t n, uint64_t deadline)
{
	char *p = out;
	while (n) {
		uint32_t cons = r->rsp_cons;
		uint32_t avail = __atomic_load_n(&r->rsp_prod, __ATOMIC_ACQUIRE) - cons;
		if (avail == 0 || avail > XENSTORE_RING_SIZE) {
			if (system_time_ns() >= deadline)
				return false;
			evtchn_port_t port = start_info->store_evtchn;
			evtchn_poll(&port, 1, system_time_ns() + LOOK_NS);
			events_clear(port);
			continue;
		}
		uint32_t k = avail < n ? avail : n;
		for (uint32_t i = 0; i < k; i++) {
			char c = r->rsp[MASK_XENSTORE_IDX(cons + i)];
			if (p)
				*p++ = c;
		}
		__atomic_store_n(&r->rsp_cons, cons + k, __ATOMIC_RELEASE);
		evtchn_send(start_info->store_evtchn);
		n -= k;
	}
	return true;
}

long xs_client_request(uint32_t type, const void *payload, uint32_t len, char *buf, uint32_t cap,
		       uint64_t timeout_ns)
{
	return xs_client_request_tx(0, type, payload, len, buf, cap, timeout_ns);
}

long xs_client_request_tx(uint32_t tx, uint32_t type, const void *payload, uint32_t len, char *buf,
			  uint32_t cap, uint64_t timeout_ns)
{
	struct xenstore_domain_interface *r = ring();
	struct xsd_sockmsg m = { type, ++req_id, tx, len };
	uint64_t deadline = system_time_ns() + timeout_ns;
	evtchn_port_t port = start_info->store_evtchn;
	events_mask(port);
	while (__atomic_load_n(&r->connection, __ATOMIC_ACQUIRE) != XENSTORE_CONNECTED) {
		if (system_time_ns() >= deadline)
			return -1;
		evtchn_poll(&port, 1, system_time_ns() + LOOK_NS);
		events_clear(port);
	}
	put(r, &m, sizeof(m));
	put(r, payload, len);
	evtchn_send(start_info->store_evtchn);
	for (;;) {
		struct xsd_sockmsg h;
		if (!take(r, &h, sizeof(h), deadline) || h.len > XENSTORE_PAYLOAD_MAX)
			return -1;
		bool mine = h.type != XS_WATCH_EVENT && h.req_id == m.req_id;
		char ev[256];
		uint32_t keep = mine ? (h.len < cap ? h.len : cap - 1) : h.type == XS_WATCH_EVENT &&
				h.len <= sizeof(ev) ? h.len : 0;
		if (!take(r, mine ? buf : ev, keep, deadline) || !take(r, NULL, h.len - keep, deadline))
			return -1;
		if (mine) {
			buf[keep] = 0;
			return h.type;
		}
		if (keep)
			keep_event(ev, keep);
	}
}

long xs_client_path(uint32_t type, const char *path, char *buf, uint32_t cap)
{
	return xs_client_request(type, path, (uint32_t)strlen(path) + 1, buf, cap, 5000000000ull);
}

long xs_client_write(const char *path, const char *value, char *buf, uint32_t cap)
{
	char msg[512];
	uint32_t pl = (uint32_t)strlen(path) + 1, vl = (uint32_t)strlen(value);
	if (pl + vl > sizeof(msg))
		return -1;
	memcpy(msg, path, pl);
	memcpy(msg + pl, value, vl);
	return xs_client_request(XS_WRITE, msg, pl + vl, buf, cap, 5000000000ull);
}

long xs_client_event(char *buf, uint32_t cap, uint64_t timeout_ns)
{
	if (!nr_events) {
		struct xenstore_domain_interface *r = ring();
		uint64_t deadline = system_time_ns() + timeout_ns;
		struct xsd_sockmsg h;
		do {
			if (!take(r, &h, sizeof(h), deadline) || h.len > sizeof(events[0].data))
				return -1;
			if (!take(r, events[0].data, h.len, deadline))
				return -1;
		} while (h.type != XS_WATCH_EVENT);      /* a late reply: nobody waits for it */
		events[0].len = h.len;
		nr_events = 1;
	}
	uint32_t n = events[0].len < cap ? events[0].len : cap;
	memcpy(buf, events[0].data, n);
	memmove(&events[0], &events[1], sizeof(events[0]) * --nr_events);
	return (long)n;
}

/* Move the whole messages the ring holds now into the queue, without
 * waiting for more (a late reply is dropped: nobody waits for it). */
static void pull_events(void)
{
	struct xenstore_domain_interface *r = ring();
	for (;;) {
		uint32_t avail = __atomic_load_n(&r->rsp_prod, __ATOMIC_ACQUIRE) - r->rsp_cons;
		struct xsd_sockmsg h;
		char ev[256];
		if (avail < sizeof(h) || avail > XENSTORE_RING_SIZE)
			return;
		uint64_t deadline = system_time_ns() + LOOK_NS;
		if (!take(r, &h, sizeof(h), deadline) || h.len > XENSTORE_PAYLOAD_MAX)
			return;
		uint32_t keep = h.type == XS_WATCH_EVENT && h.len <= sizeof(ev) ? h.len : 0;
		if (!take(r, ev, keep, deadline) || !take(r, NULL, h.len - keep, deadline))
			return;
		if (keep)
			keep_event(ev, keep);
	}
}

bool xs_client_event_take(const char *token)
{
	pull_events();
	bool hit = false;
	unsigned kept = 0;
	for (unsigned i = 0; i < nr_events; i++) {
		uint32_t len = events[i].len;
		const char *d = events[i].data;
		uint32_t path = 0;
		while (path < len && d[path])
			path++;
		uint32_t tok = (uint32_t)strlen(token);
		bool match = path + 1 + tok < len && !memcmp(d + path + 1, token, tok) && d[path + 1 + tok] == 0;
		if (match)
			hit = true;
		else
			events[kept++] = events[i];
	}
	nr_events = kept;
	return hit;
}
