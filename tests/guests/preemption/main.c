/*
 * Rule: a spinning domain cannot starve another.  The initial domain spins
 * without ever yielding while an extra domain spins too and prints progress;
 * the timer must take the CPU from each in turn: the initial domain sees
 * gaps in its TSC readings (the other domain's slices) while it runs for
 * WANT_RUN_TICKS of its own, and the spinner, which reports every 30M ticks
 * of its own run time, reaches at least progress 5 (half a fair share)
 * before the initial domain's verdict (test.spec).  Shares are measured in
 * run time, not wall time: QEMU itself may be descheduled on a busy host.
 */
#include "spin.h"
#include "test.h"

#define WANT_GAPS 20
#define WANT_RUN_TICKS 300000000ull     /* own run time, gaps excluded */
#define LIMIT_TICKS 15000000000ull      /* 3-15 s: no preemption at all ends here */

static int enough(struct spin_stats *s, void *arg)
{
	(void)arg;
	return s->gaps >= WANT_GAPS && spin_run_ticks(s) >= WANT_RUN_TICKS;
}

int main(void)
{
	struct spin_stats s;
	spin_watch(&s, ~0ull, LIMIT_TICKS, enough, NULL);
	uint64_t run = spin_run_ticks(&s);
	printf("initial domain: %lu gaps in %lu ticks, ran %lu ticks (%lu%%), longest gap %lu\n",
	       s.gaps, s.elapsed, run, run * 100 / s.elapsed, s.max_gap);
	CHECK(s.gaps >= WANT_GAPS, "preempted only %lu times in %lu ticks", s.gaps, s.elapsed);
	test_pass();
}
