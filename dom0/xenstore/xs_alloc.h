/*
 * The one way the XenStore library gets memory: an allocator the host
 * program hands in.  The library assumes no malloc, no stdio and no
 * operating system, so that dom0 can run it over newlib and the host tests
 * can run it over a counting allocator that fails on demand.
 *
 * Contract: alloc returns size bytes (any content) or NULL; free gets back
 * exactly the pointer and the size that alloc handed out, so a simple pool
 * or size-class allocator needs no headers.  Every allocation the library
 * makes is freed again by the time xs_server_free returns (the unit tests
 * check the count reaches zero).  A NULL from alloc is never fatal: the
 * request that needed the memory is answered ENOMEM and the store is left
 * as it was.
 */
#pragma once
#include <stddef.h>

struct xs_alloc {
	void *(*alloc)(void *ctx, size_t size);
	void (*free)(void *ctx, void *p, size_t size);
	void *ctx;
};

static inline void *xs_mem_get(const struct xs_alloc *a, size_t size)
{
	return a->alloc(a->ctx, size);
}

static inline void xs_mem_put(const struct xs_alloc *a, void *p, size_t size)
{
	if (p)
		a->free(a->ctx, p, size);
}
