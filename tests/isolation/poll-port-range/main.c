/*
 * Rule (XSA-221): SCHEDOP_poll checks every port against the domain's range
 * before it uses it: a port >= the limit (1024 here), in any position of a
 * list of ports that are not pending, gives -EINVAL at once, whatever the
 * timeout (none, past, future); before a pending port it is still refused;
 * after one it is never read (Xen 4.17 reads the list in order and returns
 * at the first pending port); nr_ports > 128 (Xen's limit) gives -EINVAL
 * however large.  The unprivileged attacker A tries these, each returning within
 * PROMPT_NS (a refused poll must never block).  Nothing was harmed: A's
 * poll machinery still works afterwards (a real poll on its control port is
 * woken by d0's notification, not by the timeout), and d0 runs on.
 */
#include "peer.h"
#include "test.h"

#define MS 1000000ul
#define PROMPT_NS (50 * MS)

static const evtchn_port_t bad[] = { 1024, 1025, 4095, 4096, 65536, 0x7fffffffu, 0x80000000u, 0xffffffffu };

static void refused(const evtchn_port_t *ports, unsigned n, uint64_t timeout, const char *what, uint32_t port)
{
	uint64_t t0 = system_time_ns();
	long rc = evtchn_poll(ports, n, timeout);
	uint64_t took = system_time_ns() - t0;
	CHECK(rc == -XEN_EINVAL, "poll %s (port %u, %u ports): %ld, expected -EINVAL", what, port, n, rc);
	CHECK(took <= PROMPT_NS, "refused poll %s (port %u) took %lu ns", what, port, took);
}

static void attack(void)
{
	events_init();
	events_mask(PEER_PORT);
	evtchn_port_t a, b, c, d;
	loopback_pair(&a, &b);
	loopback_pair(&c, &d);
	events_clear(a);
	events_clear(c);
	static evtchn_port_t list[128];
	for (unsigned i = 0; i < 128; i++)
		list[i] = i % 2 ? a : c;
	uint64_t now = system_time_ns();
	const uint64_t timeouts[] = { 0, now - 1, now + 1000 * MS };
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++)
		for (unsigned t = 0; t < ARRAY_SIZE(timeouts); t++) {
			evtchn_port_t one = bad[i];
			refused(&one, 1, timeouts[t], "alone", bad[i]);
			for (unsigned pos = 0; pos < 128; pos += 127) {
				evtchn_port_t keep = list[pos];
				list[pos] = bad[i];
				refused(list, 128, timeouts[t], pos ? "last of 128" : "first of 128", bad[i]);
				list[pos] = keep;
			}
			events_clear(a);
			CHECK_EQ(evtchn_send(b), 0);    /* before a pending port: still refused */
			evtchn_port_t bad_first[2] = { bad[i], a }, pending_first[2] = { a, bad[i] };
			refused(bad_first, 2, timeouts[t], "before a pending port", bad[i]);
			uint64_t t0 = system_time_ns();
			CHECK(evtchn_poll(pending_first, 2, timeouts[t]) == 0, "poll with a pending port listed "
			      "before port %u: not 0", bad[i]);
			CHECK(system_time_ns() - t0 <= PROMPT_NS, "poll with a pending port listed first slept");
			events_clear(a);
		}
	static const uint32_t too_many[] = { 129, 130, 256, 4096, 0x10000, 0x7fffffffu, 0x80000000u, 0xffffffffu };
	for (unsigned i = 0; i < ARRAY_SIZE(too_many); i++)
		refused(list, too_many[i], 0, "too many ports", 0);
	events_clear(a);

	/* The real thing still works: tell d0, wait for its answer. */
	list[0] = a;
	list[1] = PEER_PORT;
	CHECK_EQ(evtchn_send(PEER_PORT), 0);
	events_clear(PEER_PORT);
	uint64_t t0 = system_time_ns(), limit = t0 + 5000 * MS;
	while (!events_pending(PEER_PORT) && system_time_ns() < limit)
		CHECK_EQ(evtchn_poll(list, 2, limit), 0);
	uint64_t t1 = system_time_ns();
	CHECK(events_pending(PEER_PORT), "d0's answer did not end the poll (timed out after %lu ns)", t1 - t0);
	printf("attacker: out-of-range polls refused at once; a real poll woke after %lu us\n", (t1 - t0) / 1000);
	peer_report_ok();
}

int main(void)
{
	if (peer_role("attack"))
		attack();
	events_init();
	domid_t d = peer_create("attack", 4096);
	evtchn_port_t ctl = peer_connect(d);
	peer_run(d, ctl, 15000000000ull, "the attacker");
	sleep_ns(20 * MS);                      /* let it settle into its poll */
	CHECK_EQ(evtchn_send(ctl), 0);
	CHECK(peer_wait_report(d, ctl, 5000000000ull), "the attacker did not report");
	test_pass();
}
