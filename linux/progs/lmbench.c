/*
 * lmbench: the Linux guest's side of `make bench` (bench/linux.py), a small
 * lmbench-like set timed with clock_gettime(CLOCK_MONOTONIC) (under Xen PV
 * the kernel's xen clocksource), each figure the median of 11 runs:
 *
 *   getppid           one system call
 *   page-fault        first touch of an anonymous page
 *   mmap-touch-unmap  mmap 32 KiB, write its 8 pages, munmap
 *   mprotect-x2       a written page made read-only and writable again
 *
 * The Xen figures bench/linux.py prints beside these come without their
 * region sizes; 32 KiB and one page are the sizes their ratios to the
 * page-fault figure suggest (about 9 faults, and two small changes).
 *   pipe-rtt          one byte there and back between two processes
 *   fork-exit         fork a process holding 8 MiB of dirty memory; the child exits
 *   fork-exec         fork, exec /bin/busybox true, wait
 *   blk-seq-read      O_DIRECT reads of 1 MiB from DEV (MB/s over 32 MiB)
 *   blk-4k-read       O_DIRECT 4 KiB reads at pseudo-random offsets of DEV
 *
 * Prints "LMBENCH name ns" (or "LMBENCH name kbps" for the sequential read)
 * per figure.  lmbench [--marks] [DEV]; without DEV the block figures are
 * skipped.  With --marks each figure is framed by "LMBENCH mark NAME begin"
 * and "LMBENCH mark NAME end OPS" (OPS: the operations it timed), and after
 * each the program waits for a line on its input: bench/linux_census.py
 * takes the hypervisor's census there, so the difference is that figure's.
 * A static program built with the host's gcc and glibc.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUNS 11
#define MIB  (1u << 20)
#define PAGE 4096u

static uint64_t now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int marks;

/* With --marks: say where a figure begins or ends, and wait for a line. */
static void mark(const char *name, const char *where, unsigned ops)
{
	char line[64];
	if (!marks)
		return;
	printf("LMBENCH mark %s %s %u\n", name, where, ops);
	if (!fgets(line, sizeof(line), stdin))
		exit(1);
}

/* Median over RUNS runs of fn(n), in ns per operation. */
static uint64_t median_of(void (*fn)(unsigned), unsigned n)
{
	uint64_t t[RUNS];
	for (unsigned r = 0; r < RUNS; r++) {
		uint64_t a = now();
		fn(n);
		t[r] = (now() - a) / n;
	}
	qsort(t, RUNS, sizeof(t[0]), cmp);
	return t[RUNS / 2];
}

#define median(fn, n) marked(#fn, fn, n)

static uint64_t marked(const char *fn_name, void (*fn)(unsigned), unsigned n)
{
	const char *name = fn_name + 3;         /* past "do_" */
	mark(name, "begin", 0);
	uint64_t m = median_of(fn, n);
	mark(name, "end", RUNS * n);
	return m;
}

static void die(const char *what)
{
	printf("lmbench: FAIL: %s\n", what);
	exit(1);
}

static void do_getppid(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (getppid() <= 0)
			die("getppid");
}

static uint8_t *region(size_t bytes)
{
	uint8_t *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		die("mmap");
	return m;
}

static void do_faults(unsigned n)
{
	uint8_t *m = region((size_t)n * PAGE);
	for (unsigned i = 0; i < n; i++)
		m[(size_t)i * PAGE] = 1;
	munmap(m, (size_t)n * PAGE);
}

#define MMAP_BYTES (8 * PAGE)

static void do_mmap(unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		uint8_t *m = region(MMAP_BYTES);
		for (unsigned o = 0; o < MMAP_BYTES; o += PAGE)
			m[o] = 1;
		munmap(m, MMAP_BYTES);
	}
}

static uint8_t *prot;

static void do_mprotect(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (mprotect(prot, PAGE, PROT_READ) || mprotect(prot, PAGE, PROT_READ | PROT_WRITE))
			die("mprotect");
}

static int to[2], from[2];

static void do_pipe(unsigned n)
{
	char c = 'x';
	for (unsigned i = 0; i < n; i++)
		if (write(to[1], &c, 1) != 1 || read(from[0], &c, 1) != 1)
			die("pipe");
}

static void do_fork_exit(unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		pid_t p = fork();
		if (p == 0)
			_exit(0);
		int st;
		if (p < 0 || waitpid(p, &st, 0) != p)
			die("fork");
	}
}

static void do_fork_exec(unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		pid_t p = fork();
		if (p == 0) {
			execl("/bin/busybox", "true", (char *)NULL);
			_exit(127);
		}
		int st;
		if (p < 0 || waitpid(p, &st, 0) != p || !WIFEXITED(st) || WEXITSTATUS(st))
			die("fork+exec");
	}
}

static int dev = -1;
static uint8_t *dbuf;

static void do_seq(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (pread(dev, dbuf, MIB, (off_t)i * MIB) != MIB)
			die("sequential read");
}

static uint64_t rnd = 88172645463325252ull;

static void do_4k(unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		rnd ^= rnd << 13, rnd ^= rnd >> 7, rnd ^= rnd << 17;
		if (pread(dev, dbuf, PAGE, (off_t)(rnd % (32 * MIB / PAGE)) * PAGE) != PAGE)
			die("4 KiB read");
	}
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && strcmp(argv[1], "--marks") == 0) {
		marks = 1;
		argc--, argv++;
	}
	printf("LMBENCH getppid %llu\n", (unsigned long long)median(do_getppid, 10000));
	printf("LMBENCH page-fault %llu\n", (unsigned long long)median(do_faults, 1024));
	printf("LMBENCH mmap-touch-unmap %llu\n", (unsigned long long)median(do_mmap, 100));
	prot = region(PAGE);
	memset(prot, 1, PAGE);
	printf("LMBENCH mprotect-x2 %llu\n", (unsigned long long)median(do_mprotect, 200));
	if (pipe(to) || pipe(from))
		die("pipe");
	pid_t echo = fork();
	if (echo == 0) {
		char c;
		close(to[1]);
		close(from[0]);
		while (read(to[0], &c, 1) == 1 && write(from[1], &c, 1) == 1)
			;
		_exit(0);
	}
	printf("LMBENCH pipe-rtt %llu\n", (unsigned long long)median(do_pipe, 2000));
	close(to[1]);
	waitpid(echo, NULL, 0);
	uint8_t *dirty = region(8 * MIB);
	memset(dirty, 7, 8 * MIB);
	printf("LMBENCH fork-exit %llu\n", (unsigned long long)median(do_fork_exit, 20));
	munmap(dirty, 8 * MIB);
	printf("LMBENCH fork-exec %llu\n", (unsigned long long)median(do_fork_exec, 20));
	if (argc > 1) {
		dev = open(argv[1], O_RDONLY | O_DIRECT);
		if (dev < 0 || posix_memalign((void **)&dbuf, PAGE, MIB))
			die("opening the disk");
		uint64_t ns = median(do_seq, 32);
		printf("LMBENCH blk-seq-read-kbps %llu\n", (unsigned long long)(MIB * 1000000000ull / ns / 1024));
		printf("LMBENCH blk-4k-read %llu\n", (unsigned long long)median(do_4k, 200));
	}
	printf("LMBENCH done\n");
	return 0;
}
