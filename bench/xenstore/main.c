/*
 * Benchmark kernel for XenStore round trips: a guest of dom0 (booted by
 * bench/xenstore/system.xml) times XS_READ of one small node in its home
 * and XS_WRITE of a new value to it, each a full round trip over its ring
 * (request in, dom0 woken, reply out, the guest woken).  After a warm-up it
 * runs BATCHES batches of PER_BATCH round trips of each kind, reads the TSC
 * and the system time around each batch and prints the medians over the
 * batches as "BENCH name value" lines; bench/xenstore.py runs it under
 * -icount (the TSC then counts instructions, dom0 and the hypervisor
 * included) and under plain TCG (for wall time).
 *
 * Invariant: a number is printed only for a store that answered right.
 * Every read must return the value last written and every write "OK"; any
 * other answer, or none, prints "BENCH FAIL: why" and crashes this domain,
 * so the run ends with a non-zero status and no figure.
 */
#include "events.h"
#include "xs_client.h"
#include "../bench_median.h"

#define NODE "data/bench"
#define WARMUP 20
#define BATCHES 5
#define PER_BATCH 40

static char buf[256];
static char values[PER_BATCH][16];
static const char *current;             /* the value last written */

static noreturn void bench_fail(const char *what, long type)
{
	printf("BENCH FAIL: %s: reply type %ld \"%s\"\n", what, type, buf);
	guest_shutdown(SHUTDOWN_crash);
}

static void write_checked(const char *value)
{
	long t = xs_client_write(NODE, value, buf, sizeof(buf));
	if (t != XS_WRITE || strcmp(buf, "OK") != 0)
		bench_fail("write", t);
	current = value;
}

static void read_checked(void)
{
	long t = xs_client_path(XS_READ, NODE, buf, sizeof(buf));
	if (t != XS_READ || strcmp(buf, current) != 0)
		bench_fail("read", t);
}

/* One batch of each kind: its TSC and nanoseconds per round trip. */
static void read_batch(uint64_t *tsc, uint64_t *ns)
{
	uint64_t s0 = system_time_ns(), t0 = guest_rdtsc();
	for (int i = 0; i < PER_BATCH; i++)
		read_checked();
	uint64_t t1 = guest_rdtsc(), s1 = system_time_ns();
	*tsc = (t1 - t0) / PER_BATCH;
	*ns = (s1 - s0) / PER_BATCH;
}

static void write_batch(uint64_t *tsc, uint64_t *ns)
{
	uint64_t s0 = system_time_ns(), t0 = guest_rdtsc();
	for (int i = 0; i < PER_BATCH; i++)
		write_checked(values[i]);
	uint64_t t1 = guest_rdtsc(), s1 = system_time_ns();
	*tsc = (t1 - t0) / PER_BATCH;
	*ns = (s1 - s0) / PER_BATCH;
	read_checked();                         /* the store kept the last one */
}

int main(void)
{
	events_init();
	for (int i = 0; i < PER_BATCH; i++)
		snprintf(values[i], sizeof(values[i]), "value-%d", i);
	for (int i = 0; i < WARMUP; i++) {
		write_checked(values[i % PER_BATCH]);
		read_checked();
	}
	uint64_t rt[BATCHES], rn[BATCHES], wt[BATCHES], wn[BATCHES];
	for (int b = 0; b < BATCHES; b++) {
		read_batch(&rt[b], &rn[b]);
		write_batch(&wt[b], &wn[b]);
	}
	printf("BENCH xenstore-read-tsc %lu\n", bench_median(rt, BATCHES));
	printf("BENCH xenstore-write-tsc %lu\n", bench_median(wt, BATCHES));
	printf("BENCH xenstore-read-ns %lu\n", bench_median(rn, BATCHES));
	printf("BENCH xenstore-write-ns %lu\n", bench_median(wn, BATCHES));
	return 0;
}
