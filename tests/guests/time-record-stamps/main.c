/*
 * Rule: a vCPU's time record (vcpu_time_info) is stamped when the vCPU is
 * switched in and at every tick it runs through, not on every return from
 * a hypercall (docs/performance.md), and what a guest computes from it is
 * the hypervisor's system time all the same:
 *  - across thousands of hypercalls the time computed from the record never
 *    goes backwards;
 *  - while the vCPU runs the record is restamped (the ticks: over 20 ms of
 *    system time its tsc_timestamp moves on several times);
 *  - a restamp agrees with the extrapolation from the stamp before it: the
 *    new system_time equals the old one plus the scaled TSC delta between
 *    the two stamps, or one more nanosecond (the two roundings), never less,
 *    so the time a guest computes never steps back at a restamp.
 */
#include "events.h"
#include "public/version.h"
#include "test.h"

struct stamp {
	uint32_t version, mul;
	uint64_t tsc, system;
	int8_t shift;
};

static struct stamp read_stamp(void)
{
	const volatile struct vcpu_time_info *t = &shared_info->vcpu_info[0].time;
	struct stamp s;
	do {
		s.version = t->version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		s.tsc = t->tsc_timestamp;
		s.system = t->system_time;
		s.mul = t->tsc_to_system_mul;
		s.shift = t->tsc_shift;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((s.version & 1) || s.version != t->version);
	return s;
}

static uint64_t scale(const struct stamp *s, uint64_t ticks)
{
	ticks = s->shift >= 0 ? ticks << s->shift : ticks >> -s->shift;
	return (uint64_t)(((unsigned __int128)ticks * s->mul) >> 32);
}

int main(void)
{
	events_init();
	long version = HYPERVISOR_xen_version(XENVER_version, NULL);
	uint64_t last = system_time_ns();
	for (int i = 0; i < 5000; i++) {
		CHECK_EQ(HYPERVISOR_xen_version(XENVER_version, NULL), version);
		uint64_t now = system_time_ns();
		CHECK(now >= last, "time went back across a hypercall: %lu after %lu", now, last);
		last = now;
	}

	struct stamp prev = read_stamp();
	uint64_t until = system_time_ns() + 20000000ull;
	unsigned restamps = 0;
	while ((last = system_time_ns()) < until) {
		HYPERVISOR_xen_version(XENVER_version, NULL);
		struct stamp s = read_stamp();
		if (s.tsc == prev.tsc)
			continue;
		CHECK(s.tsc > prev.tsc, "stamp TSC went back: %lu after %lu", s.tsc, prev.tsc);
		CHECK_EQ(s.mul, prev.mul);
		CHECK_EQ(s.shift, prev.shift);
		uint64_t extrapolated = prev.system + scale(&prev, s.tsc - prev.tsc);
		CHECK(s.system >= extrapolated && s.system - extrapolated <= 1,
		      "restamp at %lu ns, the old stamp extrapolates to %lu ns", s.system, extrapolated);
		restamps++;
		prev = s;
		uint64_t now = system_time_ns();
		CHECK(now >= last, "time went back at a restamp: %lu after %lu", now, last);
	}
	CHECK(restamps >= 2, "the record was restamped %u times in 20 ms of running", restamps);
	printf("time record: %u restamps in 20 ms, each within 1 ns of the extrapolation\n", restamps);
	test_pass();
}
