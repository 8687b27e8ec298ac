/*
 * The page through which a fuzz child tells the supervisor how far it got.
 *
 * Every child is built from the supervisor's own image, so this page sits at
 * the same virtual address, and the same PFN, in both.  Before unpausing a
 * child the supervisor finds the child's frame for that PFN (status_mfn in
 * supervisor.c) and maps it read-only; it then reads the count while the
 * child runs and after it died (its mapping keeps the frame alive until it
 * is dropped, which the hypervisor's "still mapped by others" line shows).
 *
 * The rule this layout serves: a call is counted only if it was issued.  The
 * child keeps its count in a variable of its own, and immediately before
 * each top-level hypercall writes it here, one more, with `check` (the
 * count ^ seed, inverted) after it.  The page is the fuzzer's own memory,
 * and the fuzzer may scribble on it through any hypercall that writes guest
 * memory, clear it or remap it.  So the supervisor accepts a reading only
 * when the magic, the seed and the check agree, the count never went down,
 * stays within the child's budget, and grew by no more than one call per
 * microsecond since the last reading it accepted (fifty times the rate a
 * child reaches under TCG).  A bad reading is ignored and the last good one
 * stands: a scribble cannot make the count bigger than the calls issued,
 * short of forging a matching pair that still passes those bounds.
 */
#pragma once
#include <stdint.h>

#define FUZZ_STATUS_MAGIC 0x7a7a7566756d6275ull   /* "umbufuzz" */
#define FUZZ_NR_PROBE 0x100                       /* an instruction probe (probe.h), not a call */

struct fuzz_status {
	uint64_t magic;
	uint64_t seed;
	uint64_t calls;         /* top-level hypercalls issued */
	uint64_t check;         /* ~(calls ^ seed) */
	uint64_t nr;            /* the number of the last call issued, or FUZZ_NR_PROBE */
	uint64_t recovered;     /* traps the child survived */
	uint64_t gave_up;       /* set when the child ends itself after FAULT_LIMIT traps in a row */
};

static inline uint64_t fuzz_status_check(uint64_t calls, uint64_t seed)
{
	return ~(calls ^ seed);
}

/* In the child's image (child.c): alone in its page. */
union fuzz_status_page {
	struct fuzz_status s;
	uint8_t page[4096];
};
extern volatile union fuzz_status_page fuzz_status_page;
