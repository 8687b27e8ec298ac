/*
 * Reading a libFuzzer input as a stream of little-endian numbers: every
 * fuzz target decodes its operations this way.  An exhausted input reads
 * as zeros, so any byte string is a valid program.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>

struct input {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t next8(struct input *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

/* The next `bytes` bytes (at most 8) as a little-endian number. */
static inline uint64_t next_le(struct input *in, int bytes)
{
	uint64_t v = 0;

	for (int i = 0; i < bytes; i++)
		v |= (uint64_t)next8(in) << (8 * i);
	return v;
}

static inline uint32_t next32(struct input *in)
{
	return (uint32_t)next_le(in, 4);
}

static inline uint64_t next64(struct input *in)
{
	return next_le(in, 8);
}
