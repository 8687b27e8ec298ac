/*
 * Rule: no domain ever sees another's FPU registers.  The same kernel runs
 * as the initial domain and as an extra domain (test.spec); each loads its
 * own values into xmm0-xmm14, MXCSR (rounding mode) and the x87 control
 * word, then spins without yielding, checking them on every iteration while
 * the timer switches between the two.  The initial domain passes after
 * enough preemptions with its values intact; the other one reports each
 * checked stretch, and a change in either prints TEST FAIL.
 */
#include "spin.h"
#include "test.h"

struct fpu_pattern {
	uint8_t xmm[15][16];
	uint32_t mxcsr;                 /* offset 240 */
	uint16_t fcw;                   /* offset 244 */
} __attribute__((aligned(16)));

void fpu_load(const struct fpu_pattern *p);
unsigned fpu_check(const struct fpu_pattern *p);

static struct fpu_pattern pat;

__attribute__((target("general-regs-only")))
static int check(struct spin_stats *s, void *arg)
{
	(void)s;
	return (int)fpu_check(arg);
}

static void make_pattern(uint8_t seed, unsigned rc)
{
	for (unsigned i = 0; i < 15; i++)
		for (unsigned k = 0; k < 16; k++)
			pat.xmm[i][k] = (uint8_t)(seed ^ (i * 16 + k) * 7);
	pat.mxcsr = 0x1f80 | rc << 13;          /* exceptions masked, rounding mode rc */
	pat.fcw = (uint16_t)(0x037f | rc << 10);
}

int main(void)
{
	bool init = start_info->flags & SIF_INITDOMAIN;
	make_pattern(init ? 0x5a : 0xa5, init ? 1 : 2);
	struct spin_stats s;
	for (unsigned round = 1;; round++) {
		fpu_load(&pat);
		int bad = spin_watch(&s, init ? 30 : 3, 15000000000ull, check, &pat);
		if (bad)
			test_fail("d%s: FPU state changed (mask 0x%x) after %lu preemptions",
				  init ? "0" : "1", bad, s.gaps);
		if (init)
			break;
		printf("fpu state intact, round %u: %lu preemptions\n", round, s.gaps);
	}
	CHECK(s.gaps >= 30, "preempted only %lu times", s.gaps);
	printf("initial domain: fpu state intact over %lu preemptions\n", s.gaps);
	test_pass();
}
