/*
 * Rule: the credit scheduler shares the CPU by weight.  Three CPU-bound
 * domains (created from this image, weights 1, 2 and 4 set with
 * XEN_DOMCTL_scheduler_op putinfo before they are unpaused) spin while the
 * initial domain sleeps in SCHEDOP_poll; over MEASURE_NS the CPU time the
 * hypervisor accounts to each (getdomaininfo cpu_time) must be within 10%
 * (relative) of 1/7, 2/7 and 4/7 of their total: |share - w/7| <= 0.1 * w/7.
 * Shares are of the CPU time the three got, so a host that descheduled QEMU
 * for a while does not count.  Prints the measured shares.
 */
#include "peer.h"
#include "test.h"

#define MS 1000000ul
#define WARMUP_NS (200 * MS)
#define MEASURE_NS (3000 * MS)

static void set_weight(domid_t d, unsigned weight)
{
	unsigned got, cap;
	CHECK_EQ(domctl_sched_put(d, weight, 0), 0);
	CHECK_EQ(domctl_sched_get(d, &got, &cap), 0);
	CHECK_EQ(got, weight);
}

static uint64_t cpu_time(domid_t d)
{
	struct xen_domctl_getdomaininfo info;
	CHECK(domctl_getinfo(d, &info) == 0 && info.domain == d, "d%u is gone", d);
	return info.cpu_time;
}

int main(void)
{
	if (!is_initial_domain())
		for (;;)
			;                       /* CPU-bound */
	events_init();
	static const unsigned weight[3] = { 1, 2, 4 };
	domid_t d[3];
	for (unsigned i = 0; i < 3; i++) {
		d[i] = peer_create("spin", 4096);
		set_weight(d[i], weight[i]);
	}
	for (unsigned i = 0; i < 3; i++)
		peer_unpause(d[i]);
	sleep_ns(WARMUP_NS);
	uint64_t c0[3], c1[3], total = 0;
	for (unsigned i = 0; i < 3; i++)
		c0[i] = cpu_time(d[i]);
	uint64_t t0 = system_time_ns();
	sleep_ns(MEASURE_NS);
	for (unsigned i = 0; i < 3; i++) {
		c1[i] = cpu_time(d[i]);
		total += c1[i] - c0[i];
	}
	uint64_t wall = system_time_ns() - t0;
	CHECK(total > MEASURE_NS / 2, "the spinners ran only %lu ms in %lu ms", total / MS, wall / MS);
	bool ok = true;
	for (unsigned i = 0; i < 3; i++) {
		uint64_t got = c1[i] - c0[i];
		/* share = got / total, fair = w / 7; in parts per million. */
		uint64_t share = got * 1000000 / total, fair = weight[i] * 1000000ul / 7;
		uint64_t dev = share > fair ? share - fair : fair - share;
		bool within = dev * 10 <= fair;
		printf("d%u weight %u: %lu ms of %lu, share %lu.%04lu (fair %lu.%04lu, off by %lu.%01lu%%)%s\n",
		       d[i], weight[i], got / MS, total / MS, share / 1000000, share % 1000000 / 100,
		       fair / 1000000, fair % 1000000 / 100, dev * 100 / fair, dev * 1000 / fair % 10,
		       within ? "" : " OUT OF TOLERANCE");
		ok &= within;
	}
	CHECK(ok, "a share is more than 10%% off its weight");
	test_pass();                    /* the spinners go down with the machine */
}
