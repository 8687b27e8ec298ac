/*
 * The fuzzer's random numbers: splitmix64, one 64-bit state, no libc.
 *
 * Reproducibility is the rule: everything a child does follows from its
 * seed and from nothing else the child reads (no time, no hypercall
 * results), so replaying a seed replays the same calls with the same
 * arguments.  The supervisor derives child seeds from its base seed with
 * the same mixing function (fuzz_child_seed), so a run's seeds follow from
 * one number too.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

extern uint64_t rng_state;

static inline uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static inline uint64_t rnd(void)
{
	uint64_t x = splitmix64(rng_state);
	rng_state += 0x9e3779b97f4a7c15ull;
	return x;
}

/* Uniform in [0, n) (n > 0; the bias is irrelevant here). */
static inline uint64_t below(uint64_t n)
{
	return rnd() % n;
}

static inline bool one_in(uint64_t n)
{
	return below(n) == 0;
}

/* Seed of child i in a run with this base seed: nonzero, printable as decimal. */
static inline uint64_t fuzz_child_seed(uint64_t base, uint64_t i)
{
	return splitmix64(base * 0x100000001b3ull + i) >> 16;
}
