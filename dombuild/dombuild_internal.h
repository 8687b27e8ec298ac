/*
 * What the builder's files share with each other and nobody else (the
 * interface is dombuild.h).  A step that fails records its error in
 * b->error and every later step does nothing, so the sequence in
 * dombuild.c reads straight and reports the first failure.
 */
#pragma once
#include "dombuild.h"
#include "public/errno.h"

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

#define DOMBUILD_PAGE 4096u

/* Record err unless a failure is recorded already. */
static inline void dombuild_fail(struct dombuild *b, int err)
{
	if (!b->error)
		b->error = err;
}

/* Map the domain's page pfn (its MFN read from the p2m list); NULL, with
   -XEN_EFAULT recorded, when that fails or a failure is recorded. */
void *dombuild_map_pfn(struct dombuild *b, struct dombuild_env *env, uint64_t pfn);
/* Zero the pages [first, first + n) of the domain. */
void dombuild_zero(struct dombuild *b, struct dombuild_env *env, uint64_t first, uint64_t n);

/* dombuild_memory.c: give the domain its frames, write the p2m list. */
void dombuild_populate(struct dombuild *b, struct dombuild_env *env);
/* dombuild_pagetables.c: the bootstrap L4 .. L1 over the region. */
void dombuild_page_tables(struct dombuild *b, struct dombuild_env *env);
/* dombuild_start_info.c: start_info, and the console page's connection. */
void dombuild_start_info(struct dombuild *b, struct dombuild_env *env, const struct dombuild_args *a);
