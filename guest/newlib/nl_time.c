/*
 * Clocks of a newlib guest, from shared_info as Xen defines them: system
 * time (ns since the hypervisor booted) is vcpu_time_info's record
 * extrapolated with the TSC (events.c: system_time_ns, under the record's
 * version check); the wall clock is shared_info's wc_sec_hi:wc_sec, wc_nsec
 * (the wall time at system time 0, read again while wc_version is odd or
 * changes) plus system time.  gettimeofday (and so newlib's time()) and
 * clock_gettime(CLOCK_REALTIME) give the wall clock, CLOCK_MONOTONIC system
 * time; other clocks are EINVAL.  No time zone: tz is left alone.
 */
#include <errno.h>
#include <sys/time.h>
#include <time.h>
#include "events.h"

static uint64_t wall_clock_ns(void)
{
	const volatile struct shared_info *s = shared_info;
	uint32_t v, nsec;
	uint64_t sec;
	do {
		v = __atomic_load_n(&s->wc_version, __ATOMIC_ACQUIRE);
		sec = ((uint64_t)s->wc_sec_hi << 32) | s->wc_sec;
		nsec = s->wc_nsec;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((v & 1) || v != s->wc_version);
	return sec * 1000000000ull + nsec + system_time_ns();
}

int clock_gettime(clockid_t clock, struct timespec *ts)
{
	uint64_t ns;
	if (clock == CLOCK_REALTIME)
		ns = wall_clock_ns();
	else if (clock == CLOCK_MONOTONIC)
		ns = system_time_ns();
	else {
		errno = EINVAL;
		return -1;
	}
	ts->tv_sec = (time_t)(ns / 1000000000u);
	ts->tv_nsec = (long)(ns % 1000000000u);
	return 0;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	(void)tz;
	uint64_t ns = wall_clock_ns();
	tv->tv_sec = (time_t)(ns / 1000000000u);
	tv->tv_usec = (suseconds_t)(ns % 1000000000u / 1000);
	return 0;
}
