/*
 * Rule: a credit-scheduler cap limits a domain to that percentage of one CPU
 * even when the CPU would otherwise idle.  A CPU-bound domain (created from
 * this image) runs while the initial domain sleeps in SCHEDOP_poll; its
 * share is the CPU time the hypervisor accounts to it (getdomaininfo
 * cpu_time) over system time, measured for MEASURE_NS per phase:
 *   1. uncapped and alone: at least 90% (the measurement sees a busy CPU);
 *   2. capped at 25% and alone: at most CAP_LIMIT_PPM = 25% plus two 1 ms
 *      ticks per 30 ms accounting period (31.7%: the cap is noticed at the
 *      first tick after the budget is spent, and a tick that the host
 *      delays under TCG is charged whole to the running domain), at least
 *      15% (a cap is a limit, not a stop);
 *   3. capped at 25% with weight 1024 against an uncapped spinner of weight
 *      256 (which would make it 80%): the cap still holds, and the other
 *      domain gets the rest (at least 60%).
 * Prints the measured shares.
 */
#include "peer.h"
#include "test.h"

#define MS 1000000ul
#define MEASURE_NS (1000 * MS)
#define CAP_LIMIT_PPM (250000 + 2 * 1000000 / 30 + 1)

static void put(domid_t d, unsigned weight, unsigned cap)
{
	CHECK_EQ(domctl_sched_put(d, weight, cap), 0);
}

static uint64_t cpu_time(domid_t d)
{
	struct xen_domctl_getdomaininfo info;
	CHECK(domctl_getinfo(d, &info) == 0 && info.domain == d, "d%u is gone", d);
	return info.cpu_time;
}

/* Shares (parts per million of system time) of a and b over MEASURE_NS. */
static void measure(const char *what, domid_t a, domid_t b, uint64_t *pa, uint64_t *pb)
{
	sleep_ns(100 * MS);                     /* settle into the new setting */
	uint64_t a0 = cpu_time(a), b0 = b ? cpu_time(b) : 0, t0 = system_time_ns();
	sleep_ns(MEASURE_NS);
	uint64_t a1 = cpu_time(a), b1 = b ? cpu_time(b) : 0, wall = system_time_ns() - t0;
	*pa = (a1 - a0) * 1000000 / wall;
	*pb = (b1 - b0) * 1000000 / wall;
	printf("%s: d%u %lu.%01lu%%", what, a, *pa / 10000, *pa / 1000 % 10);
	if (b)
		printf(", d%u %lu.%01lu%%", b, *pb / 10000, *pb / 1000 % 10);
	printf(" of %lu ms\n", wall / MS);
}

int main(void)
{
	if (!is_initial_domain())
		for (;;)
			;                       /* CPU-bound */
	events_init();
	uint64_t s, o;
	domid_t d = peer_create("spin", 4096);
	peer_unpause(d);
	measure("uncapped, alone", d, 0, &s, &o);
	CHECK(s >= 900000, "an uncapped spinner alone got only %lu ppm", s);

	put(d, 256, 25);
	measure("cap 25%, alone", d, 0, &s, &o);
	CHECK(s <= CAP_LIMIT_PPM, "capped at 25%% but got %lu ppm", s);
	CHECK(s >= 150000, "capped at 25%% but got only %lu ppm", s);

	put(d, 1024, 25);
	domid_t other = peer_create("spin", 4096);
	peer_unpause(other);
	measure("cap 25% weight 1024, against weight 256 uncapped", d, other, &s, &o);
	CHECK(s <= CAP_LIMIT_PPM, "capped at 25%% but got %lu ppm against a competitor", s);
	CHECK(o >= 600000, "the uncapped competitor got only %lu ppm", o);
	test_pass();                    /* the spinners go down with the machine */
}
