/* Wake-up timing checks (timing.h). */
#include "timing.h"
#include "test.h"

uint64_t timing_check(const char *what, timing_case *fn, void *arg, uint64_t tolerance_ns)
{
	static bool warm;
	if (!warm) {
		struct wake w = fn(arg);
		CHECK(w.at >= w.not_before, "%s: woke %lu ns early", what, w.not_before - w.at);
		printf("%s: warm-up, %lu us late\n", what, w.at > w.due ? (w.at - w.due) / 1000 : 0);
		warm = true;
	}
	for (unsigned try = 1;; try++) {
		struct wake w = fn(arg);
		CHECK(w.at >= w.not_before, "%s: woke %lu ns early", what, w.not_before - w.at);
		uint64_t late = w.at > w.due ? w.at - w.due : 0;
		if (late <= tolerance_ns) {
			printf("%s: %lu us late\n", what, late / 1000);
			return late;
		}
		CHECK(try < TIMING_TRIES, "%s: %lu ns late (tolerance %lu ns), %u tries", what, late,
		      tolerance_ns, try);
		printf("%s: %lu us late, beyond %lu us: trying again\n", what, late / 1000, tolerance_ns / 1000);
	}
}
