/* TSC-watching busy loops (spin.h). */
#include "spin.h"

__attribute__((target("general-regs-only")))
int spin_watch(struct spin_stats *s, uint64_t gaps, uint64_t limit, spin_fn *each, void *arg)
{
	s->start = guest_rdtsc();
	s->elapsed = s->gaps = s->gap_ticks = s->max_gap = 0;
	uint64_t last = s->start;
	while (s->gaps < gaps && s->elapsed < limit) {
		uint64_t now = guest_rdtsc(), d = now - last;
		if (d >= SPIN_GAP_TICKS) {
			s->gaps++;
			s->gap_ticks += d;
			if (d > s->max_gap)
				s->max_gap = d;
		}
		last = now;
		s->elapsed = now - s->start;
		if (each) {
			int rc = each(s, arg);
			if (rc)
				return rc;
		}
	}
	return 0;
}
