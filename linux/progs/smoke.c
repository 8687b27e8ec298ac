/*
 * smoke: a Linux guest's workload that leans on the PV MMU and the
 * scheduler, every result checked (linux/tests/smoke.sh, systems/linux-smoke).
 *
 *   fork+exec   N children exec /bin/true (through busybox) and exit 0;
 *   pipes       a child echoes M messages back through two pipes, each
 *               compared;
 *   mmap        anonymous regions mapped, every page written and read back,
 *               unmapped;
 *   mprotect    a region made read-only and writable again, with a write to
 *               the read-only region caught as SIGSEGV in a child;
 *   pressure    P processes at once each fill and check a share of memory
 *               (together most of what the guest has), so the kernel
 *               allocates, frees and reuses page tables and pages fast.
 *
 * Each part prints one line; any mismatch prints what differed and the
 * program exits 1.  A static program built with the host's gcc and glibc.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096u

static void die(const char *what)
{
	printf("smoke: FAIL: %s\n", what);
	fflush(stdout);
	exit(1);
}

static void fork_exec(unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		pid_t p = fork();
		if (p < 0)
			die("fork");
		if (p == 0) {
			execl("/bin/busybox", "true", (char *)NULL);
			_exit(127);
		}
		int st;
		if (waitpid(p, &st, 0) != p || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			die("a forked child's exec of true did not exit 0");
	}
	printf("smoke: %u fork+exec, each exited 0\n", n);
}

static void pipes(unsigned n)
{
	int to[2], from[2];
	if (pipe(to) || pipe(from))
		die("pipe");
	pid_t p = fork();
	if (p == 0) {
		char b[64];
		ssize_t k;
		close(to[1]);                   /* so the parent's close ends our reads */
		close(from[0]);
		while ((k = read(to[0], b, sizeof(b))) > 0)
			if (write(from[1], b, (size_t)k) != k)
				_exit(1);
		_exit(0);
	}
	for (unsigned i = 0; i < n; i++) {
		char msg[64], back[64];
		int len = snprintf(msg, sizeof(msg), "message %u of %u", i, n);
		if (write(to[1], msg, (size_t)len) != len || read(from[0], back, sizeof(back)) != len ||
		    memcmp(msg, back, (size_t)len))
			die("a message through the pipes came back different");
	}
	close(to[1]);
	close(from[0]);
	close(to[0]);
	close(from[1]);
	int st;
	if (waitpid(p, &st, 0) != p || !WIFEXITED(st) || WEXITSTATUS(st))
		die("the pipe echo child failed");
	printf("smoke: %u pipe round trips, each message back as sent\n", n);
}

static void fill_check(uint8_t *m, size_t bytes, unsigned seed)
{
	for (size_t o = 0; o < bytes; o += PAGE)
		*(uint32_t *)(m + o) = (uint32_t)(o / PAGE) * 2654435761u + seed;
	for (size_t o = 0; o < bytes; o += PAGE)
		if (*(uint32_t *)(m + o) != (uint32_t)(o / PAGE) * 2654435761u + seed)
			die("a page read back different from what was written");
}

static void maps(unsigned n, size_t bytes)
{
	for (unsigned i = 0; i < n; i++) {
		uint8_t *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			die("mmap");
		fill_check(m, bytes, i);
		if (munmap(m, bytes))
			die("munmap");
	}
	printf("smoke: %u mmap+touch+munmap of %zu KiB, every page checked\n", n, bytes / 1024);
}

static void protects(unsigned n)
{
	size_t bytes = 64 * PAGE;
	uint8_t *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		die("mmap");
	fill_check(m, bytes, 7);
	for (unsigned i = 0; i < n; i++)
		if (mprotect(m, bytes, PROT_READ) || mprotect(m, bytes, PROT_READ | PROT_WRITE))
			die("mprotect");
	fill_check(m, bytes, 8);
	if (mprotect(m, bytes, PROT_READ))
		die("mprotect");
	pid_t p = fork();
	if (p == 0) {
		m[5 * PAGE] = 1;                /* must fault */
		_exit(0);
	}
	int st;
	if (waitpid(p, &st, 0) != p || !WIFSIGNALED(st) || WTERMSIG(st) != SIGSEGV)
		die("a write to a read-only page did not end the child with SIGSEGV");
	munmap(m, bytes);
	printf("smoke: %u mprotect pairs, a write to the read-only region was SIGSEGV\n", n);
}

static void pressure(unsigned procs, size_t each, unsigned rounds)
{
	for (unsigned i = 0; i < procs; i++) {
		if (fork() == 0) {
			for (unsigned r = 0; r < rounds; r++) {
				uint8_t *m = mmap(NULL, each, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
				if (m == MAP_FAILED)
					_exit(2);
				fill_check(m, each, i * 1000 + r);
				munmap(m, each);
			}
			_exit(0);
		}
	}
	for (unsigned i = 0; i < procs; i++) {
		int st;
		if (wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
			die("a process under memory pressure failed");
	}
	printf("smoke: %u processes filled and checked %zu MiB each, %u rounds\n", procs, each >> 20, rounds);
}

int main(int argc, char **argv)
{
	unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : 1000;
	setvbuf(stdout, NULL, _IOLBF, 0);
	fork_exec(n);
	pipes(n * 10);
	maps(n / 10, 4u << 20);
	protects(n);
	pressure(4, 32u << 20, 3);
	printf("smoke: PASS\n");
	return 0;
}
