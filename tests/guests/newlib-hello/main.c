/*
 * newlib-hello: a guest written against newlib (docs/guests.md) uses the C
 * library through the runtime's system layer (guest/newlib/).
 *
 *  - printf of an integer, a string and doubles reaches the console (the
 *    line is checked in the log by test.spec), and snprintf gives the exact
 *    text and counts for integer, string, %f, %g, %e, long long and size_t
 *    conversions, truncating as C says;
 *  - malloc/free of 10,000 blocks of varied sizes, each filled with its own
 *    pattern and checked after all are allocated, then all freed (in a
 *    scattered order), after which one block as large as all of them
 *    together is allocatable, and then one of three quarters of the
 *    domain's memory (the heap goes on past the start-of-day region); the
 *    domain's whole memory, or 1 GiB, fails with ENOMEM and the heap still
 *    works (calloc, zeroed);
 *  - qsort orders 2,000 numbers (checked ordered and a permutation) and
 *    strings; strtod converts decimal, exponent and hex forms exactly,
 *    stops at the first foreign character and says ERANGE for an overflow;
 *  - time() is within a second of the wall clock computed here directly
 *    from shared_info (wc_sec_hi:wc_sec + wc_nsec plus vcpu_time_info's
 *    system time, in double arithmetic), after 2024; gettimeofday and
 *    clock_gettime(CLOCK_REALTIME) agree with it; CLOCK_MONOTONIC never goes
 *    back over 1,000 reads and does advance; an unknown clock is EINVAL;
 *  - stdio file calls answer as a system without files does: fd 1 is a
 *    terminal, fopen of a path fails with ENOENT, write to fd 9 is EBADF;
 *  - the verdict comes before the end: exit(3) runs the atexit handler,
 *    flushes the unfinished stdout line, and the runtime prints "exit
 *    status 3" on a line of its own (test.spec checks the two lines).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "events.h"
#include "test.h"

#define BLOCKS 10000
#define JAN_2024 1704067200

static uint64_t rng = 0x2545F4914F6CDD1Dull;

static uint32_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 32);
}

static void expect_text(const char *got, const char *want)
{
	CHECK(strcmp(got, want) == 0, "formatted \"%s\", expected \"%s\"", got, want);
}

static void check_formatting(void)
{
	char buf[128];
	int n = snprintf(buf, sizeof(buf), "%d|%s|%.3f|%g|%e|%lld|%zu|%x", -42, "umbra", 3.14159, 0.0001,
			 12345.678, -9000000000ll, (size_t)4096, 0xbeefu);
	expect_text(buf, "-42|umbra|3.142|0.0001|1.234568e+04|-9000000000|4096|beef");
	CHECK_EQ(n, (long)strlen(buf));
	volatile size_t room = 6;               /* unknown to the compiler: no truncation warning */
	n = snprintf(buf, room, "%s", "truncated");
	expect_text(buf, "trunc");
	CHECK_EQ(n, 9);
	snprintf(buf, sizeof(buf), "%g %g %.1f", 1e100, -2.5, 0.05);
	expect_text(buf, "1e+100 -2.5 0.1");
	printf("newlib-hello: int %d, string %s, double %.3f, %g\n", 42, "umbra", 2.0 / 3.0, 6.02214076e23);
}

struct block {
	unsigned char *p;
	size_t size;
};

static struct block blocks[BLOCKS];

static void check_malloc(void)
{
	size_t total = 0;
	for (unsigned i = 0; i < BLOCKS; i++) {
		size_t size = i % 500 == 499 ? 8192 + next_rand() % 8192 : 1 + next_rand() % 512;
		blocks[i] = (struct block){ malloc(size), size };
		CHECK(blocks[i].p, "malloc(%zu) #%u failed (%zu bytes so far)", size, i, total);
		CHECK(((uintptr_t)blocks[i].p & 15) == 0, "malloc #%u at %p: not 16-byte aligned", i, blocks[i].p);
		memset(blocks[i].p, (int)(i * 7 + 1), size);
		total += size;
	}
	for (unsigned i = 0; i < BLOCKS; i++)
		for (size_t k = 0; k < blocks[i].size; k++)
			CHECK(blocks[i].p[k] == (unsigned char)(i * 7 + 1), "block %u byte %zu overwritten", i, k);
	for (unsigned pass = 0; pass < 3; pass++)       /* every third, then the next third, ... */
		for (unsigned i = pass; i < BLOCKS; i += 3)
			free(blocks[i].p);
	void *big = malloc(total);
	CHECK(big, "after freeing all, malloc(%zu) (all blocks together) failed", total);
	memset(big, 0x5a, total);
	free(big);
	/* Three quarters of the domain's memory in one block: the heap goes on
	 * past the start-of-day region; all of it is more than the heap has. */
	size_t memory = start_info->nr_pages * 4096;
	unsigned char *most = malloc(memory / 4 * 3);
	CHECK(most, "malloc(%zu), 3/4 of the domain's memory, failed", memory / 4 * 3);
	memset(most, 0xa5, memory / 4 * 3);
	for (size_t k = 0; k < memory / 4 * 3; k += 4093)
		CHECK(most[k] == 0xa5, "large block byte %zu is %#x", k, most[k]);
	free(most);
	errno = 0;
	CHECK(malloc(memory) == NULL, "malloc(%zu) succeeded in a domain of as many bytes", memory);
	CHECK_EQ(errno, ENOMEM);
	errno = 0;
	CHECK(malloc(1ul << 30) == NULL, "malloc(1 GiB) succeeded in a domain of %lu pages", start_info->nr_pages);
	CHECK_EQ(errno, ENOMEM);
	int *c = calloc(1000, sizeof(int));
	CHECK(c, "calloc after a refused malloc failed");
	for (unsigned i = 0; i < 1000; i++)
		CHECK(c[i] == 0, "calloc gave %d at %u", c[i], i);
	free(c);
	printf("newlib-hello: %d blocks, %zu bytes, allocated, checked and freed\n", BLOCKS, total);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void check_qsort(void)
{
	static int v[2000];
	long sum = 0, sorted_sum = 0;
	for (unsigned i = 0; i < 2000; i++) {
		v[i] = (int)(next_rand() % 100000) - 50000;
		sum += v[i];
	}
	qsort(v, 2000, sizeof(v[0]), cmp_int);
	for (unsigned i = 0; i < 2000; i++) {
		CHECK(i == 0 || v[i - 1] <= v[i], "qsort: %d before %d at %u", v[i - 1], v[i], i);
		sorted_sum += v[i];
	}
	CHECK_EQ(sorted_sum, sum);
	const char *words[] = { "xenstore", "console", "dom0", "newlib", "umbra", "balloon" };
	qsort(words, 6, sizeof(words[0]), cmp_str);
	char line[64] = "";
	for (unsigned i = 0; i < 6; i++)
		strcat(strcat(line, words[i]), i < 5 ? "," : "");
	expect_text(line, "balloon,console,dom0,newlib,umbra,xenstore");
}

static void check_strtod(void)
{
	char *end;
	CHECK(strtod("3.25", &end) == 3.25 && *end == 0, "strtod(\"3.25\")");
	CHECK(strtod("-1e-3", NULL) == -0.001, "strtod(\"-1e-3\") = %g", strtod("-1e-3", NULL));
	CHECK(strtod("0x1.8p1", NULL) == 3.0, "strtod(\"0x1.8p1\") = %g", strtod("0x1.8p1", NULL));
	CHECK(strtod("  12.5abc", &end) == 12.5 && strcmp(end, "abc") == 0, "strtod(\"  12.5abc\") stopped at \"%s\"", end);
	CHECK(strtod("0.1", NULL) * 3 != 0.3, "0.1 * 3 == 0.3: not IEEE double arithmetic");
	errno = 0;
	CHECK(strtod("1e400", NULL) == HUGE_VAL && errno == ERANGE, "strtod(\"1e400\"): errno %d", errno);
	CHECK(fabs(sqrt(2.0) * sqrt(2.0) - 2.0) < 1e-15, "sqrt(2)^2 = %.17g", sqrt(2.0) * sqrt(2.0));
}

/* The wall clock read straight from shared_info, in seconds; *base gets
 * the wall time at system time 0 (wc_sec_hi:wc_sec, wc_nsec). */
static double shared_info_wall_clock(double *base)
{
	const volatile struct shared_info *s = shared_info;
	const volatile struct vcpu_time_info *t = &s->vcpu_info[0].time;
	uint32_t wv, tv, nsec, mul;
	uint64_t sec, stamp, system, tsc;
	int8_t shift;
	do {
		wv = s->wc_version;
		tv = t->version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		sec = (uint64_t)s->wc_sec_hi << 32 | s->wc_sec;
		nsec = s->wc_nsec;
		stamp = t->tsc_timestamp;
		system = t->system_time;
		mul = t->tsc_to_system_mul;
		shift = t->tsc_shift;
		tsc = guest_rdtsc();
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while (((wv | tv) & 1) || wv != s->wc_version || tv != t->version);
	double ticks = ldexp((double)(tsc - stamp), shift);
	double ns = (double)system + ticks * mul / 4294967296.0;
	*base = (double)sec + nsec / 1e9;
	return *base + ns / 1e9;
}

static double seconds(const struct timespec *ts)
{
	return ts->tv_sec + ts->tv_nsec / 1e9;
}

static void check_time(void)
{
	double base, direct = shared_info_wall_clock(&base);
	time_t now = time(NULL);
	CHECK(now > JAN_2024, "time() = %lld: before 2024", (long long)now);
	CHECK(fabs((double)now - direct) <= 1.0, "time() = %lld, shared_info says %.3f", (long long)now, direct);

	struct timeval tv;
	struct timespec real, mono, first, prev;
	CHECK_EQ(gettimeofday(&tv, NULL), 0);
	CHECK_EQ(clock_gettime(CLOCK_REALTIME, &real), 0);
	CHECK_EQ(clock_gettime(CLOCK_MONOTONIC, &first), 0);
	CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000 && real.tv_nsec >= 0 && real.tv_nsec < 1000000000,
	      "fractions out of range: %ld us, %ld ns", (long)tv.tv_usec, real.tv_nsec);
	double tv_s = tv.tv_sec + tv.tv_usec / 1e6;
	CHECK(tv_s >= now && seconds(&real) >= tv_s && seconds(&real) - direct < 1.0,
	      "time %lld, gettimeofday %.6f, clock_gettime %.9f, shared_info %.9f", (long long)now, tv_s,
	      seconds(&real), direct);
	/* REALTIME is MONOTONIC plus the wall time at system time 0. */
	double skew = seconds(&real) - seconds(&first) - base;
	CHECK(fabs(skew) < 0.01, "CLOCK_REALTIME - CLOCK_MONOTONIC is %.9f s off the wall clock base", skew);

	prev = first;
	for (unsigned i = 0; i < 1000; i++) {
		CHECK_EQ(clock_gettime(CLOCK_MONOTONIC, &mono), 0);
		CHECK(seconds(&mono) >= seconds(&prev), "CLOCK_MONOTONIC went back: %.9f after %.9f",
		      seconds(&mono), seconds(&prev));
		prev = mono;
	}
	CHECK(seconds(&mono) > seconds(&first), "CLOCK_MONOTONIC stood still over 1000 reads at %.9f",
	      seconds(&first));
	errno = 0;
	CHECK(clock_gettime((clockid_t)99, &real) == -1 && errno == EINVAL, "clock 99: errno %d", errno);
	printf("newlib-hello: time %lld, %.0f s after 2024-01-01\n", (long long)now, difftime(now, JAN_2024));
}

static void check_files(void)
{
	CHECK_EQ(isatty(1), 1);
	errno = 0;
	CHECK(fopen("/etc/motd", "r") == NULL && errno == ENOENT, "fopen of a path: errno %d", errno);
	errno = 0;
	CHECK(write(9, "x", 1) == -1 && errno == EBADF, "write to fd 9: errno %d", errno);
	CHECK(fprintf(stderr, "newlib-hello: stderr works\n") > 0, "fprintf(stderr) failed");
}

static void bye(void)
{
	printf("atexit handler ran");
}

int main(void)
{
	check_formatting();
	check_malloc();
	check_qsort();
	check_strtod();
	check_time();
	check_files();
	CHECK_EQ(atexit(bye), 0);
	printf("TEST PASS\n");
	printf("newlib-hello: exit(3) with this line unfinished; ");
	exit(3);
}
