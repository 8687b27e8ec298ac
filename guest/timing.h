/*
 * Wake-up timing checks for timer and poll tests (timing.c).
 *
 * A wake-up must never come before its deadline, and at most a stated
 * tolerance after it.  Under TCG a host that deschedules QEMU (a loaded
 * machine running tests in parallel) can delay any single wake-up by tens
 * or hundreds of milliseconds, so a case is tried up to TIMING_TRIES times
 * and fails only if every try is late; an early wake-up fails at once.
 * The first wake-ups of a run also pay for QEMU translating the
 * hypervisor's timer and wake-up code on first use (4-12 ms for Xen 4.17's
 * first, 0.2-1 ms once warm, under TCG), which is not what the tests
 * measure: the first case of a run is run once more before its tries, and
 * that run is checked only for waking early.
 */
#pragma once
#include "guest.h"

#define TIMING_TRIES 3

struct wake {
	uint64_t not_before;            /* system time the wake-up may not precede */
	uint64_t due;                   /* lateness is measured from here (>= not_before) */
	uint64_t at;                    /* when it came */
};

typedef struct wake timing_case(void *arg);

/* Run fn until a try wakes within tolerance_ns of its due time; print the
 * lateness ("what: N us late"); fail the test if all tries are late. */
uint64_t timing_check(const char *what, timing_case *fn, void *arg, uint64_t tolerance_ns);
