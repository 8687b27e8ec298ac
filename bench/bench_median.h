/*
 * The median of n samples for the benchmark kernels (bench/<name>/main.c):
 * sorts v in place (insertion sort: the benches take at most a few
 * thousand samples) and returns its middle element.
 */
#pragma once
#include <stdint.h>

static inline uint64_t bench_median(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t x = v[j];
			v[j] = v[j - 1];
			v[j - 1] = x;
		}
	return v[n / 2];
}
