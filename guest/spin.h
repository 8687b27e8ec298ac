/*
 * Busy loops that watch the TSC for the gaps preemption leaves: a domain
 * that never yields sees a jump in rdtsc whenever the hypervisor ran another
 * domain.  Guests have no calibrated clock yet, so thresholds are in TSC
 * ticks (QEMU's TSC runs at the host's rate, 1-5 GHz).
 */
#pragma once
#include "guest.h"

#define SPIN_GAP_TICKS 10000000ull      /* 2-10 ms: far above a timer tick, below a 30 ms slice */

struct spin_stats {
	uint64_t start, elapsed;        /* TSC at the start, ticks since */
	uint64_t gaps, gap_ticks;       /* gaps seen and the ticks they took */
	uint64_t max_gap;
};

static inline uint64_t spin_run_ticks(const struct spin_stats *s)
{
	return s->elapsed - s->gap_ticks;
}

/*
 * Spin without yielding until `gaps` gaps were seen or `limit` ticks passed,
 * or each(s, arg) returns non-zero (each may be NULL).  Uses no SSE, so a
 * caller may keep values in vector registers across it.  Returns the
 * value of the last each() call (0 if none stopped the spin).
 */
typedef int spin_fn(struct spin_stats *s, void *arg);
int spin_watch(struct spin_stats *s, uint64_t gaps, uint64_t limit, spin_fn *each, void *arg);
