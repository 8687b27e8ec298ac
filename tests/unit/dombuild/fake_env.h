/*
 * A fake machine for the domain-builder unit tests: FAKE_ENV_FRAMES frames
 * of host memory, a frame table the pv-mmu model runs on, and a
 * dombuild_env that hands frames to domain FAKE_ENV_DOMID.
 *
 * It plays a strict environment, so the builder's contract is what is
 * tested: frames are handed out in a scrambled order (no PFN equals its
 * MFN, neighbours are far apart) and full of garbage (the builder must
 * zero what it lays out); map() refuses a frame the domain does not own,
 * counts the frames mapped at once and fails the test if the builder
 * exceeds DOMBUILD_MAX_MAPPED; and each callback can be told to fail.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "dombuild.h"
#include "mmu.h"

#define FAKE_ENV_FRAMES 8192            /* 32 MiB */
#define FAKE_ENV_DOMID  1
#define FAKE_ENV_GARBAGE 0xa5

struct fake_env {
	struct dombuild_env env;
	struct mmu_env mmu;
	struct mmu_frame frames[FAKE_ENV_FRAMES];
	uint8_t (*mem)[4096];           /* FAKE_ENV_FRAMES pages */
	uint64_t m2p[FAKE_ENV_FRAMES];
	struct mmu_domain dom;
	struct mmu_vcpu vcpu;
	uint64_t next;                  /* frames handed out so far */
	uint64_t populate_limit;        /* populate stops after this many frames */
	uint64_t fail_map_at;           /* the map() call (1: the first) that fails; 0: none */
	int hypercall_rc;               /* what hypercall_page answers */
	uint64_t hypercall_mfn;         /* the frame it was asked to fill (0: never) */
	unsigned mapped, max_mapped;    /* frames mapped now, and at most */
	uint64_t maps;                  /* map() calls */
	struct mmu_check_tally tally[FAKE_ENV_FRAMES];
};

void fake_env_init(struct fake_env *f);
void fake_env_free(struct fake_env *f);
static inline uint8_t *fake_env_page(struct fake_env *f, uint64_t mfn)
{
	return f->mem[mfn];
}
