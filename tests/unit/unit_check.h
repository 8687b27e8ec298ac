/*
 * A tiny helper for host unit tests.
 *
 * A test case is a function taking a struct unit *; UNIT_CHECK and
 * UNIT_CHECK_EQ record the first failure (file, line, what) and return from
 * the test function.  unit_run() runs a table of cases and prints one line per
 * case in the format tools/run-tests reads:
 *
 *     PASS suite/name
 *     FAIL suite/name: file:line: why
 *
 * A before() hook may set up a fresh fixture for every case and an after()
 * hook may add checks that every case must pass (it is skipped when the case
 * already failed).  Header-only; host builds only.
 */
#pragma once
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct unit {
	bool failed;
	char why[512];
};

struct unit_case {
	const char *name;
	void (*run)(struct unit *u);
};

__attribute__((format(printf, 4, 5)))
static inline void unit_fail(struct unit *u, const char *file, int line,
                             const char *fmt, ...)
{
	va_list ap;
	int n;

	if (u->failed)
		return;
	u->failed = true;
	n = snprintf(u->why, sizeof(u->why), "%s:%d: ", file, line);
	va_start(ap, fmt);
	vsnprintf(u->why + n, sizeof(u->why) - (size_t)n, fmt, ap);
	va_end(ap);
}

#define UNIT_CHECK(u, cond)                                                  \
	do {                                                                 \
		if (!(cond)) {                                               \
			unit_fail((u), __FILE__, __LINE__, "%s", #cond);     \
			return;                                              \
		}                                                            \
	} while (0)

#define UNIT_CHECK_EQ(u, a, b)                                               \
	do {                                                                 \
		long long a_ = (long long)(a), b_ = (long long)(b);          \
		if (a_ != b_) {                                              \
			unit_fail((u), __FILE__, __LINE__,                   \
			          "%s is %lld (0x%llx), expected %s = %lld", \
			          #a, a_, (unsigned long long)a_, #b, b_);   \
			return;                                              \
		}                                                            \
	} while (0)

/* Run n cases; returns the number that failed. */
static inline int unit_run(const struct unit_case *cases, size_t n,
                           void (*before)(void), void (*after)(struct unit *))
{
	int failed = 0;

	for (size_t i = 0; i < n; i++) {
		struct unit u = { 0 };

		if (before)
			before();
		cases[i].run(&u);
		if (!u.failed && after)
			after(&u);
		if (u.failed) {
			printf("FAIL %s: %s\n", cases[i].name, u.why);
			failed++;
		} else {
			printf("PASS %s\n", cases[i].name);
		}
	}
	fflush(stdout);
	return failed;
}
