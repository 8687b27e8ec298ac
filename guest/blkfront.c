/*
 * blkfront (blkfront.h).  The handshake is Linux blkfront's order
 * (design/driver-domain.md 4.3, 4.5): read the frontend directory's
 * backend and backend-id; initialise and grant the ring page; allocate an
 * event channel unbound for the back end; publish ring-ref, event-channel
 * and protocol = x86_64-abi, then state Initialised (3); wait for the back
 * end's Connected (4); read sectors, info, sector-size,
 * feature-flush-cache and feature-barrier; state Connected (4).
 *
 * Each request's id is its slot number; the data pages are granted to the
 * back end (writable for a read, read-only for a write) at references
 * fixed per slot, and revoked when the response comes.  Responses are
 * copied out of the ring once; an id that is not a request in flight, or
 * a back end claiming more responses than requests, marks it broken
 * (XSA-396's rule: never trust a response id).
 *
 * The back end can go: it closes the device (state Closing or Closed) or
 * its domain dies and the store removes its nodes.  A watch on the back
 * end's state node, looked at while a request waits (at least every
 * quarter second), notices either, as Linux blkfront's backend_changed
 * does; the device is then closed: every request in flight fails with
 * BLKIF_RSP_ERROR, every later one at once, and blkfront_close answers
 * with state Closed and takes its grants back once the back end (or the
 * hypervisor, for a dead one) has let go of the ring.
 */
#include "blkfront.h"
#include "xenbus.h"
#include "xb_dir.h"
#include "xs_client.h"

static char reply[256];

static int fail(const char *why, struct blkfront *f)
{
	printf("blkfront: vbd %lu: %s\n", f->devid, why);
	return -1;
}

/* Wait until the back end's state is at least want; the state seen. */
static uint64_t await_backend(struct blkfront *f, uint64_t want)
{
	uint64_t st = 0, deadline = system_time_ns() + BLKFRONT_TIMEOUT_NS;
	while ((!xb_read_u(f->be_dir, "state", &st) || st < want) && system_time_ns() < deadline) {
		evtchn_port_t none = f->port;
		evtchn_poll(&none, 1, system_time_ns() + 10000000ull);
	}
	return st;
}

int blkfront_open(struct blkfront *f, unsigned long devid, grant_ref_t gref_base)
{
	uint64_t v;
	f->devid = devid;
	f->gref_base = gref_base;
	f->in_flight = 0;
	f->broken = f->closed = NULL;
	memset(f->slot, 0, sizeof(f->slot));
	snprintf(f->fe_dir, sizeof(f->fe_dir), "device/vbd/%lu", devid);
	/* The toolstack writes the device after it introduced us: wait for it. */
	uint64_t deadline = system_time_ns() + BLKFRONT_TIMEOUT_NS;
	while (!xb_read(f->fe_dir, "backend", f->be_dir, sizeof(f->be_dir)) && system_time_ns() < deadline) {
		evtchn_port_t store = start_info->store_evtchn;
		evtchn_poll(&store, 1, system_time_ns() + 10000000ull);
	}
	if (!xb_read(f->fe_dir, "backend", f->be_dir, sizeof(f->be_dir)) || !xb_read_u(f->fe_dir, "backend-id", &v) ||
	    v >= DOMID_FIRST_RESERVED)
		return fail("no backend or backend-id in the frontend directory", f);
	f->backend_id = (domid_t)v;
	char w[sizeof(f->be_dir) + 8 + sizeof(f->watch_token)];
	snprintf(f->watch_token, sizeof(f->watch_token), "blkfront/%lu", devid);
	int n = snprintf(w, sizeof(w), "%s/state", f->be_dir) + 1;
	n += snprintf(w + n, sizeof(w) - (size_t)n, "%s", f->watch_token) + 1;
	if (xs_client_request(XS_WATCH, w, (uint32_t)n, reply, sizeof(reply), XB_TIMEOUT) != XS_WATCH)
		return fail("cannot watch the back end's state", f);
	if (!grant_table)
		gnttab_setup(1);
	f->sring = (struct blkif_sring *)f->ring_page;
	ring_front_init(&f->ring, &f->sring->hdr, BLKIF_RING_SLOTS);
	gnttab_grant(gref_base, f->backend_id, guest_va_to_mfn(f->ring_page), false);
	if (evtchn_alloc_unbound(f->backend_id, &f->port))
		return fail("cannot allocate an event channel", f);
	events_mask(f->port);
	if (!xb_write_u(f->fe_dir, "ring-ref", gref_base) || !xb_write_u(f->fe_dir, "event-channel", f->port) ||
	    !xb_write(f->fe_dir, "protocol", "x86_64-abi") || !xb_write(f->fe_dir, "state", "3"))
		return fail("cannot publish ring-ref, event-channel, protocol, state", f);
	uint64_t st = await_backend(f, 4);
	if (st != 4) {
		printf("blkfront: vbd %lu: back end state %lu, not Connected\n", devid, (unsigned long)st);
		return -1;
	}
	uint64_t info = 0, ssize = 512, fl = 0, ba = 0;
	if (!xb_read_u(f->be_dir, "sectors", &f->sectors))
		return fail("back end published no sectors", f);
	xb_read_u(f->be_dir, "info", &info);
	xb_read_u(f->be_dir, "sector-size", &ssize);
	xb_read_u(f->be_dir, "feature-flush-cache", &fl);
	xb_read_u(f->be_dir, "feature-barrier", &ba);
	f->sector_size = (unsigned)ssize;
	f->readonly = (info & VDISK_READONLY) != 0;
	f->flush = fl == 1;
	f->barrier = ba == 1;
	if (!xb_write(f->fe_dir, "state", "4"))
		return fail("cannot write state 4", f);
	return 0;
}

int blkfront_submit(struct blkfront *f, uint8_t op, uint64_t sector, void *buf, size_t bytes)
{
	uint64_t start = (uint64_t)buf;
	if (f->broken || f->closed || ring_front_free(&f->ring) == 0 || bytes % 512 || start % 512)
		return -1;
	uint64_t first_page = start & ~4095ull, end = start + bytes;
	unsigned nseg = bytes ? (unsigned)(((end + 4095) & ~4095ull) - first_page) / 4096 : 0;
	if (nseg > BLKIF_MAX_SEGMENTS_PER_REQUEST)
		return -1;
	int id = -1;
	for (unsigned s = 0; s < BLKIF_RING_SLOTS && id < 0; s++)
		if (!f->slot[s].busy)
			id = (int)s;
	if (id < 0)
		return -1;
	struct blkif_request *rq = &f->sring->ring[ring_slot(f->ring.slots, f->ring.req_prod_pvt)].req;
	memset(rq, 0, sizeof(*rq));
	rq->operation = op;
	rq->nr_segments = (uint8_t)nseg;
	rq->handle = (blkif_vdev_t)f->devid;
	rq->id = (uint64_t)id;
	rq->sector_number = sector;
	for (unsigned i = 0; i < nseg; i++) {
		uint64_t page = first_page + i * 4096ull;
		uint64_t lo = i == 0 ? start : page, hi = page + 4096 < end ? page + 4096 : end;
		grant_ref_t ref = f->gref_base + 1 + (grant_ref_t)id * BLKIF_MAX_SEGMENTS_PER_REQUEST + i;
		gnttab_grant(ref, f->backend_id, guest_va_to_mfn((void *)page), op != BLKIF_OP_READ);
		rq->seg[i].gref = ref;
		rq->seg[i].first_sect = (uint8_t)((lo - page) / 512);
		rq->seg[i].last_sect = (uint8_t)((hi - page) / 512 - 1);
	}
	f->slot[id] = (typeof(f->slot[0])){ .busy = true, .nseg = (uint8_t)nseg };
	f->ring.req_prod_pvt++;
	f->in_flight++;
	return id;
}

void blkfront_kick(struct blkfront *f)
{
	if (ring_front_push(&f->ring))
		evtchn_send(f->port);
}

/* Take every response there is; false once the back end is broken. */
static bool reap(struct blkfront *f)
{
	RING_IDX prod;
	int n = ring_front_responses(&f->ring, &prod);
	if (n < 0)
		f->broken = "more responses than requests";
	for (; n > 0 && !f->broken; n--) {
		struct blkif_response r;
		memcpy(&r, &f->sring->ring[ring_slot(f->ring.slots, f->ring.rsp_cons)].rsp, sizeof(r));
		__asm__ volatile("" ::: "memory");
		f->ring.rsp_cons++;
		if (r.id >= BLKIF_RING_SLOTS || !f->slot[r.id].busy || f->slot[r.id].done) {
			f->broken = "a response for no request in flight";
			break;
		}
		f->slot[r.id].done = true;
		f->slot[r.id].status = r.status;
	}
	return !f->broken;
}

static void release(struct blkfront *f, int id)
{
	for (unsigned i = 0; i < f->slot[id].nseg; i++)
		gnttab_revoke(f->gref_base + 1 + (grant_ref_t)id * BLKIF_MAX_SEGMENTS_PER_REQUEST + i);
	f->slot[id].busy = false;
	f->in_flight--;
}

/* The device is closed: every request in flight fails. */
static void fail_in_flight(struct blkfront *f, const char *why)
{
	f->closed = why;
	for (unsigned s = 0; s < BLKIF_RING_SLOTS; s++)
		if (f->slot[s].busy && !f->slot[s].done) {
			f->slot[s].done = true;
			f->slot[s].status = BLKIF_RSP_ERROR;
		}
}

bool blkfront_check_backend(struct blkfront *f)
{
	if (f->closed)
		return true;
	events_clear(start_info->store_evtchn);
	if (!xs_client_event_take(f->watch_token))
		return false;
	uint64_t st;
	if (!xb_read_u(f->be_dir, "state", &st))
		fail_in_flight(f, "the back end's state node is gone");
	else if (st == XenbusStateClosing || st == XenbusStateClosed)
		fail_in_flight(f, st == XenbusStateClosing ? "the back end is closing the device"
							   : "the back end closed the device");
	return f->closed != NULL;
}

int16_t blkfront_wait(struct blkfront *f, int id)
{
	uint64_t deadline = system_time_ns() + BLKFRONT_TIMEOUT_NS;
	while (reap(f) && !f->slot[id].done && !blkfront_check_backend(f) && system_time_ns() < deadline) {
		if (ring_front_final_check(&f->ring))
			continue;
		evtchn_port_t ports[2] = { f->port, start_info->store_evtchn };
		uint64_t slice = system_time_ns() + 250000000ull;
		evtchn_poll(ports, 2, slice < deadline ? slice : deadline);
		events_clear(f->port);
	}
	int16_t status = f->slot[id].done ? f->slot[id].status : BLKIF_RSP_ERROR;
	if (!f->slot[id].done && !f->broken)
		f->broken = "no response in time";
	if (f->slot[id].done)
		release(f, id);
	return status;
}

int blkfront_close(struct blkfront *f)
{
	if (!f->closed)
		fail_in_flight(f, "closed by the front end");
	xb_write(f->fe_dir, "state", "6");
	for (unsigned s = 0; s < BLKIF_RING_SLOTS; s++)
		if (f->slot[s].busy)
			release(f, (int)s);
	uint64_t deadline = system_time_ns() + BLKFRONT_TIMEOUT_NS;
	while (!gnttab_revoke(f->gref_base) && system_time_ns() < deadline) {
		evtchn_port_t none = f->port;
		evtchn_poll(&none, 1, system_time_ns() + 10000000ull);
	}
	int held = 0;
	for (grant_ref_t r = f->gref_base; r <= f->gref_base + BLKIF_RING_SLOTS * BLKIF_MAX_SEGMENTS_PER_REQUEST; r++)
		held += !gnttab_revoke(r);
	evtchn_close(f->port);
	return held;
}

int16_t blkfront_io(struct blkfront *f, uint8_t op, uint64_t sector, void *buf, size_t bytes)
{
	const size_t chunk = BLKIF_MAX_SEGMENTS_PER_REQUEST * 4096;
	int ids[BLKIF_RING_SLOTS];
	unsigned head = 0, count = 0;
	int16_t result = BLKIF_RSP_OKAY;
	size_t done = 0;
	uint8_t *p = buf;
	while ((done < bytes || count) && !f->broken && !f->closed) {
		size_t n = bytes - done;
		size_t room = chunk - ((uint64_t)(p + done) & 4095);
		if (n > room)
			n = room;
		int id = done < bytes && count < BLKIF_RING_SLOTS ? blkfront_submit(f, op, sector + done / 512, p + done, n) : -1;
		if (id >= 0) {
			ids[(head + count++) % BLKIF_RING_SLOTS] = id;
			done += n;
			continue;
		}
		if (count == 0)
			return BLKIF_RSP_ERROR;         /* cannot even queue one request */
		blkfront_kick(f);
		int16_t st = blkfront_wait(f, ids[head]);
		head = (head + 1) % BLKIF_RING_SLOTS;
		count--;
		if (st != BLKIF_RSP_OKAY && result == BLKIF_RSP_OKAY)
			result = st;
	}
	return f->broken || f->closed ? BLKIF_RSP_ERROR : result;
}

long blkfront_first_devid(void)
{
	char dir[128];
	uint64_t devid, deadline = system_time_ns() + BLKFRONT_TIMEOUT_NS;
	while (xs_client_path(XS_DIRECTORY, "device/vbd", dir, sizeof(dir)) != XS_DIRECTORY &&
	       system_time_ns() < deadline) {
		evtchn_port_t store = start_info->store_evtchn;
		evtchn_poll(&store, 1, system_time_ns() + 10000000ull);
	}
	if (xs_client_path(XS_DIRECTORY, "device/vbd", dir, sizeof(dir)) != XS_DIRECTORY ||
	    !xenbus_parse_u(dir, UINT32_MAX, &devid))
		return -1;
	return (long)devid;
}
