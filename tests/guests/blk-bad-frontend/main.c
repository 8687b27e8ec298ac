/*
 * Rule: a block front end that breaks blkif's rules is refused or cut off
 * alone; the back-end domain and another guest's I/O on it survive
 * (tests/systems/blk-bad-frontend; the bystander is tests/guests/blk-steady-io).
 * This guest has three disks on the back end.  Once the bystander's I/O
 * runs, it publishes data/attack (readable by all) and, on xvda, sends
 * requests one at a time, each expecting the answer Xen's blkback gives:
 *
 *   grant references: never granted, beyond the table, granted to another
 *     domain, only the bystander's (its ring-ref), read-only for a READ:
 *     BLKIF_RSP_ERROR, and a refused write leaves the disk untouched;
 *   sectors: at the end, straddling it, wrapping 64 bits: ERROR;
 *   segments: first_sect > last_sect, last_sect 8 or 255, nr_segments 12
 *     or 255, none for a READ or WRITE: ERROR;
 *   operations DISCARD, INDIRECT (not advertised) and unknown: EOPNOTSUPP;
 *   each response carries its request's id, and a good request after all
 *     of them is still served;
 *   a double-fetch attempt: a good request rewritten in its slot with a
 *     hostile one (and back) while the back end may be reading it: one
 *     answer per request, OKAY or ERROR, never anything else.  Only the
 *     words past the first 16 bytes flip (sector, segments: what the range
 *     and segment checks use): the answer is written into the same slot,
 *     over its first 12 bytes, so rewriting those after it landed would
 *     garble our own answer, not test the back end;
 *   a flood: the ring kept full and the back end notified in a loop for two
 *     seconds: every request answered OKAY.
 * Then the ring-level attacks, each on a disk of its own because the back
 * end disconnects a front end that breaks the ring: on xvdb req_prod a
 * thousand slots ahead (the back end goes to Closing, answers our Closed
 * with Closed, and lets go of the ring); on xvdc the ring page pulled away
 * with requests published: its grant entry wiped, our mapping of it
 * removed and the frame given back to the hypervisor (the back end's
 * mapping keeps it alive; on our Closed it unmaps and the frame returns).
 * Last, xvda gets a full ring of good requests and this guest crashes with
 * them in flight.
 */
#include "public/memory.h"
#include "raw.h"
#include "xenbus.h"
#include "test.h"
#include "xs_client.h"

#define REF_RW     1200         /* writable to the back end: page rw */
#define REF_RO     1201         /* read-only to the back end: page ro */
#define REF_OTHER  1202         /* writable, but granted to the bystander */
#define REF_NEVER  1203         /* never granted */
#define REF_BEYOND 0x7ffffffu   /* beyond our table */
#define REF_STEADY GNTTAB_FIRST_FREE_REF   /* the bystander's ring-ref: none of ours */
#define REF_POOL   1210         /* flood pages, one per slot */
#define SECOND     1000000000ull

static struct blkfront a, b, c;
static uint8_t rw[4096] __attribute__((aligned(4096)));
static uint8_t ro[4096] __attribute__((aligned(4096)));
static uint8_t other[4096] __attribute__((aligned(4096)));
static uint8_t pool[BLKIF_RING_SLOTS][4096] __attribute__((aligned(4096)));
static uint64_t next_id = 0x8badf00d00000000ull;

static const char *status_name(int st)
{
	switch (st) {
	case BLKIF_RSP_OKAY: return "OKAY";
	case BLKIF_RSP_ERROR: return "ERROR";
	case BLKIF_RSP_EOPNOTSUPP: return "EOPNOTSUPP";
	case RAW_NO_ANSWER: return "no answer";
	case RAW_BAD_ANSWER: return "an answer for another id";
	default: return "an unknown status";
	}
}

/* Send rq alone on xvda; its answer must be want. */
static void expect(const char *rule, const char *what, struct blkif_request rq, int want)
{
	rq.id = next_id++;
	raw_post(&a, &rq, false);
	int st = raw_wait(&a, rq.id, 10 * SECOND);
	CHECK(st == want, "%s: %s answered %s, expected %s", rule, what, status_name(st), status_name(want));
	printf("bad-frontend: %s: %s: %s\n", rule, what, status_name(st));
}

static void request_attacks(void)
{
	uint64_t end = a.sectors;
	memset(rw, 0x11, 4096);
	expect("blkif-grant-checked-by-hypervisor", "a reference never granted",
	       raw_rq(BLKIF_OP_READ, 0, 0, REF_NEVER, 0, 7), BLKIF_RSP_ERROR);
	expect("blkif-grant-checked-by-hypervisor", "a reference beyond the grant table",
	       raw_rq(BLKIF_OP_READ, 0, 0, REF_BEYOND, 0, 7), BLKIF_RSP_ERROR);
	expect("blkif-grant-checked-by-hypervisor", "a reference granted to another domain",
	       raw_rq(BLKIF_OP_READ, 0, 0, REF_OTHER, 0, 7), BLKIF_RSP_ERROR);
	expect("blkif-grant-checked-by-hypervisor", "a write from the bystander's ring-ref number",
	       raw_rq(BLKIF_OP_WRITE, 0, 64, REF_STEADY, 0, 7), BLKIF_RSP_ERROR);
	memset(ro, 0xA5, 4096);
	expect("blkif-grant-checked-by-hypervisor", "a read into a read-only grant",
	       raw_rq(BLKIF_OP_READ, 0, 0, REF_RO, 0, 7), BLKIF_RSP_ERROR);
	for (unsigned i = 0; i < 4096; i++)
		CHECK(ro[i] == 0xA5, "blkif-grant-checked-by-hypervisor: the read-only page changed at %u", i);
	expect("blkif-grant-checked-by-hypervisor", "sector 64 read back",
	       raw_rq(BLKIF_OP_READ, 0, 64, REF_RW, 0, 7), BLKIF_RSP_OKAY);
	for (unsigned i = 0; i < 4096; i++)
		CHECK(rw[i] == 0, "blkif-grant-checked-by-hypervisor: a refused write reached the disk (byte %u)", i);

	expect("blkif-sectors-inside-the-disk", "a read at the disk's end",
	       raw_rq(BLKIF_OP_READ, 0, end, REF_RW, 0, 0), BLKIF_RSP_ERROR);
	expect("blkif-sectors-inside-the-disk", "a read straddling the end",
	       raw_rq(BLKIF_OP_READ, 0, end - 1, REF_RW, 0, 1), BLKIF_RSP_ERROR);
	expect("blkif-sectors-inside-the-disk", "a read whose sector range wraps 64 bits",
	       raw_rq(BLKIF_OP_READ, 0, UINT64_MAX - 3, REF_RW, 0, 7), BLKIF_RSP_ERROR);
	expect("blkif-sectors-inside-the-disk", "a write at sector 2^63",
	       raw_rq(BLKIF_OP_WRITE, 0, 1ull << 63, REF_RW, 0, 7), BLKIF_RSP_ERROR);

	expect("blkif-segments-within-their-page", "first_sect 5 > last_sect 2",
	       raw_rq(BLKIF_OP_READ, 0, 0, REF_RW, 5, 2), BLKIF_RSP_ERROR);
	expect("blkif-segments-within-their-page", "last_sect 8",
	       raw_rq(BLKIF_OP_READ, 0, 0, REF_RW, 0, 8), BLKIF_RSP_ERROR);
	expect("blkif-segments-within-their-page", "first_sect and last_sect 255",
	       raw_rq(BLKIF_OP_WRITE, 0, 0, REF_RW, 255, 255), BLKIF_RSP_ERROR);
	struct blkif_request rq = raw_rq(BLKIF_OP_READ, 0, 0, REF_RW, 0, 0);
	rq.nr_segments = 12;
	expect("blkif-segment-count", "nr_segments 12", rq, BLKIF_RSP_ERROR);
	rq.nr_segments = 255;
	expect("blkif-segment-count", "nr_segments 255", rq, BLKIF_RSP_ERROR);
	rq.nr_segments = 0;
	expect("blkif-segment-count", "a read of no segments", rq, BLKIF_RSP_ERROR);
	rq.operation = BLKIF_OP_WRITE;
	expect("blkif-segment-count", "a write of no segments", rq, BLKIF_RSP_ERROR);

	expect("blkif-operations-offered", "DISCARD (not advertised)",
	       raw_rq(BLKIF_OP_DISCARD, 0, 0, REF_RW, 0, 7), BLKIF_RSP_EOPNOTSUPP);
	expect("blkif-operations-offered", "INDIRECT (not advertised)",
	       raw_rq(BLKIF_OP_INDIRECT, 0, 0, REF_RW, 0, 7), BLKIF_RSP_EOPNOTSUPP);
	expect("blkif-operations-offered", "operation 99", raw_rq(99, 0, 0, REF_RW, 0, 7), BLKIF_RSP_EOPNOTSUPP);
	expect("blkif-operations-offered", "operation 255", raw_rq(255, 0, 0, REF_RW, 0, 7), BLKIF_RSP_EOPNOTSUPP);

	memset(rw, 0x3C, 4096);
	expect("blkif-refusals-harm-nothing", "a good write after them",
	       raw_rq(BLKIF_OP_WRITE, 0, 8, REF_RW, 0, 7), BLKIF_RSP_OKAY);
	memset(rw, 0, 4096);
	expect("blkif-refusals-harm-nothing", "a good read back",
	       raw_rq(BLKIF_OP_READ, 0, 8, REF_RW, 0, 7), BLKIF_RSP_OKAY);
	for (unsigned i = 0; i < 4096; i++)
		CHECK(rw[i] == 0x3C, "blkif-refusals-harm-nothing: byte %u reads %u", i, rw[i]);
}

/* A good request, rewritten in its slot with a hostile one and back until
 * the answer comes: the back end must judge one copy.  The first 16 bytes
 * (operation, nr_segments, handle, id) are left alone: the answer lands on
 * them, and a rewrite racing it would overwrite the answer itself. */
static void double_fetch(void)
{
	uint64_t until = system_time_ns() + 2 * SECOND, counts[4] = { 0 }, sent = 0;
	while (system_time_ns() < until) {
		struct blkif_request good = raw_rq(BLKIF_OP_READ, next_id++, sent % a.sectors, REF_RW, 0, 0);
		struct blkif_request bad = good;
		bad.sector_number = UINT64_MAX;
		bad.seg[0].last_sect = 200;
		bad.seg[0].gref = REF_BEYOND;
		volatile struct blkif_request *slot =
			&a.sring->ring[ring_slot(a.ring.slots, a.ring.req_prod_pvt)].req;
		raw_post(&a, &good, false);
		RING_IDX prod;
		uint64_t flip_until = system_time_ns() + 3000000ull;
		for (unsigned k = 0; system_time_ns() < flip_until && ring_front_responses(&a.ring, &prod) == 0; k++) {
			const struct blkif_request *src = k & 1 ? &good : &bad;
			for (unsigned w = 2; w < sizeof(good) / 8; w++)
				((volatile uint64_t *)slot)[w] = ((const uint64_t *)src)[w];
		}
		int st = raw_wait(&a, good.id, 10 * SECOND);
		CHECK(st == BLKIF_RSP_OKAY || st == BLKIF_RSP_ERROR,
		      "blkif-request-read-once: a request rewritten in its slot answered %s", status_name(st));
		counts[st == BLKIF_RSP_OKAY ? 0 : 1]++;
		sent++;
	}
	printf("bad-frontend: blkif-request-read-once: %lu rewritten requests, each answered once (%lu OKAY, %lu ERROR)\n",
	       (unsigned long)sent, (unsigned long)counts[0], (unsigned long)counts[1]);
}

/* The ring kept full and the back end notified in a loop. */
static void flood(void)
{
	for (unsigned s = 0; s < BLKIF_RING_SLOTS; s++)
		gnttab_grant(REF_POOL + s, a.backend_id, guest_va_to_mfn(pool[s]), false);
	uint64_t until = system_time_ns() + 2 * SECOND, counts[4] = { 0 }, sent = 0, answered = 0;
	while (system_time_ns() < until || answered < sent) {
		CHECK(system_time_ns() < until + 10 * SECOND, "blkif-flood: %lu of %lu requests answered",
		      (unsigned long)answered, (unsigned long)sent);
		while (system_time_ns() < until && ring_front_free(&a.ring) > 0) {
			unsigned s = ring_slot(a.ring.slots, a.ring.req_prod_pvt);
			struct blkif_request rq = raw_rq(BLKIF_OP_READ, next_id++, (sent * 8) % a.sectors, REF_POOL + s, 0, 7);
			raw_post(&a, &rq, true);
			sent++;
		}
		for (unsigned k = 0; k < 64; k++)
			evtchn_send(a.port);
		int n = raw_reap(&a, counts);
		CHECK(n >= 0, "blkif-flood: the back end broke the ring");
		answered += (uint64_t)n;
		if (!n) {
			evtchn_poll(&a.port, 1, system_time_ns() + 5000000ull);
			events_clear(a.port);
		}
	}
	CHECK(counts[0] == sent, "blkif-flood: %lu of %lu answered OKAY", (unsigned long)counts[0], (unsigned long)sent);
	printf("bad-frontend: blkif-flood-served-in-turn: %lu requests with the ring kept full, every one OKAY\n",
	       (unsigned long)sent);
}

static void req_prod_ahead(void)
{
	__atomic_store_n(&b.sring->hdr.req_prod, b.ring.req_prod_pvt + 1000, __ATOMIC_RELEASE);
	evtchn_send(b.port);
	CHECK(raw_await_state(&b, XenbusStateClosing, 10 * SECOND),
	      "blkif-req-prod-within-the-ring: the back end is in state %ld, not Closing", raw_backend_state(&b));
	int held = blkfront_close(&b);
	CHECK(raw_await_state(&b, XenbusStateClosed, 10 * SECOND),
	      "blkif-req-prod-within-the-ring: the back end is in state %ld after our Closed", raw_backend_state(&b));
	CHECK(held == 0, "blkif-req-prod-within-the-ring: %d grant(s) still held", held);
	printf("bad-frontend: blkif-req-prod-within-the-ring: req_prod 1000 ahead: cut off (Closing), Closed, ring let go\n");
}

static void ring_pulled(void)
{
	memset(rw, 0, 4096);
	for (unsigned i = 0; i < 4; i++) {
		struct blkif_request rq = raw_rq(BLKIF_OP_READ, next_id++, i * 8, REF_RW, 0, 7);
		raw_post(&c, &rq, true);
	}
	uint64_t mfn = guest_va_to_mfn(c.ring_page);
	__atomic_store_n(&grant_table[c.gref_base].flags, 0, __ATOMIC_SEQ_CST);   /* end access regardless */
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)c.ring_page, 0, UVMF_INVLPG), 0);
	uint64_t list[1] = { mfn };
	struct xen_memory_reservation r = { .nr_extents = 1, .extent_order = 0, .domid = DOMID_SELF };
	r.extent_start = (uint64_t)list;
	long gone = HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r);
	evtchn_send(c.port);
	evtchn_port_t none = c.port;
	evtchn_poll(&none, 1, system_time_ns() + 200000000ull);
	long st = raw_backend_state(&c);
	CHECK(st == XenbusStateConnected, "blkif-ring-page-pulled: the back end is in state %ld, still Connected expected", st);
	int held = blkfront_close(&c);
	CHECK(raw_await_state(&c, XenbusStateClosed, 10 * SECOND),
	      "blkif-ring-page-pulled: the back end is in state %ld after our Closed", raw_backend_state(&c));
	CHECK(held == 0, "blkif-ring-page-pulled: %d grant(s) still held", held);
	printf("bad-frontend: blkif-ring-page-pulled: grant wiped, page unmapped and given back (%ld) mid-request: "
	       "the back end served on, then Closed and let go\n", gone);
}

static noreturn void crash_in_flight(void)
{
	unsigned n = 0;
	for (; ring_front_free(&a.ring) > 0; n++) {
		unsigned s = ring_slot(a.ring.slots, a.ring.req_prod_pvt);
		struct blkif_request rq = raw_rq(n & 1 ? BLKIF_OP_WRITE : BLKIF_OP_READ, next_id++, n * 8, REF_POOL + s, 0, 7);
		raw_post(&a, &rq, true);
	}
	evtchn_send(a.port);
	printf("bad-frontend: every attack answered as the rules say; crashing with %u requests in flight\n", n);
	guest_shutdown(SHUTDOWN_crash);
}

int main(void)
{
	events_init();
	gnttab_setup(3);
	char reply[64];
	const char *cl = start_info->cmd_line;
	CHECK(!strncmp(cl, "peer=", 5), "command line \"%s\": peer=N expected", cl);
	unsigned peer = 0;
	for (cl += 5; *cl >= '0' && *cl <= '9'; cl++)
		peer = peer * 10 + (unsigned)(*cl - '0');
	CHECK_EQ(blkfront_open(&a, 51712, 100), 0);
	CHECK_EQ(blkfront_open(&b, 51728, 460), 0);
	CHECK_EQ(blkfront_open(&c, 51744, 820), 0);
	gnttab_grant(REF_RW, a.backend_id, guest_va_to_mfn(rw), false);
	gnttab_grant(REF_RO, a.backend_id, guest_va_to_mfn(ro), true);
	gnttab_grant(REF_OTHER, (domid_t)peer, guest_va_to_mfn(other), false);
	char p[64];
	snprintf(p, sizeof(p), "/local/domain/%u/data/steady", peer);
	uint64_t deadline = system_time_ns() + 60 * SECOND;
	while (xs_client_path(XS_READ, p, reply, sizeof(reply)) != XS_READ) {
		CHECK(system_time_ns() < deadline, "the bystander's I/O never started");
		evtchn_poll(&a.port, 1, system_time_ns() + 20000000ull);
	}
	char me[16], perms[32];
	CHECK_EQ(xs_client_path(XS_READ, "domid", me, sizeof(me)), XS_READ);
	CHECK_EQ(xs_client_write("data/attack", "attacking", reply, sizeof(reply)), XS_WRITE);
	int n = snprintf(perms, sizeof(perms), "data/attack") + 1;
	n += snprintf(perms + n, sizeof(perms) - (size_t)n, "r%s", me) + 1;
	CHECK_EQ(xs_client_request(XS_SET_PERMS, perms, (uint32_t)n, reply, sizeof(reply), 5 * SECOND), XS_SET_PERMS);
	printf("bad-frontend: the bystander's I/O runs: attacking\n");
	request_attacks();
	double_fetch();
	flood();
	req_prod_ahead();
	ring_pulled();
	crash_in_flight();
}
