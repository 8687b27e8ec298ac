/*
 * The PV control domain of tests/systems/hvm-timer: it spins without
 * yielding for as long as the HVM guest (d1) lives, watching the TSC for
 * the gaps preemption leaves, then checks that it made progress and was
 * preempted while d1 ran: PV and HVM vCPUs shared the CPU under the
 * credit scheduler.  Returning powers the machine off.
 */
#include "domctl.h"
#include "spin.h"
#include "test.h"

#define ROUND_TICKS 50000000ull         /* ~10-50 ms of spinning between looks at d1 */
#define MAX_ROUNDS  4000

static bool d1_alive(void)
{
	struct xen_domctl_getdomaininfo info;
	return domctl_getinfo(1, &info) == 0 && info.domain == 1;
}

int main(void)
{
	struct spin_stats s;
	uint64_t rounds = 0, gaps = 0, run = 0;
	if (!d1_alive())
		test_fail("the HVM guest d1 is not there");
	while (d1_alive()) {
		if (++rounds > MAX_ROUNDS)
			test_fail("d1 still alive after %lu rounds", rounds);
		spin_watch(&s, ~0ull, ROUND_TICKS, NULL, NULL);
		gaps += s.gaps;
		run += spin_run_ticks(&s);
	}
	printf("hvm-companion: spun %lu rounds (%lu TSC ticks of its own) while d1 lived, preempted %lu times\n",
	       rounds, run, gaps);
	if (!gaps)
		test_fail("never preempted while the HVM guest ran");
	test_pass();
}
