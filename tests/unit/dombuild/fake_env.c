/*
 * The fake machine behind the domain-builder unit tests (fake_env.h).
 */
#include <stdlib.h>
#include <string.h>
#include "fake_env.h"

#define SCRAMBLE 2053                   /* odd and prime to FAKE_ENV_FRAMES: a permutation */

static struct fake_env *of(struct dombuild_env *env)
{
	return env->ctx;
}

static uint64_t fake_populate(struct dombuild_env *env, uint64_t *pfns, uint64_t n)
{
	struct fake_env *f = of(env);
	for (uint64_t i = 0; i < n; i++) {
		uint64_t mfn;
		do {
			if (f->next >= f->populate_limit)
				return i;
			mfn = (f->next++ * SCRAMBLE + 7) % FAKE_ENV_FRAMES;
		} while (mfn == 0);
		if (mmu_frame_assign(&f->mmu, &f->dom, mfn, false))
			abort();
		memset(f->mem[mfn], FAKE_ENV_GARBAGE, 4096);
		f->m2p[mfn] = pfns[i];
		pfns[i] = mfn;
	}
	return n;
}

static void *fake_map(struct dombuild_env *env, uint64_t mfn)
{
	struct fake_env *f = of(env);
	if (++f->maps == f->fail_map_at || mfn >= FAKE_ENV_FRAMES || f->frames[mfn].owner != FAKE_ENV_DOMID)
		return NULL;
	if (++f->mapped > f->max_mapped)
		f->max_mapped = f->mapped;
	return f->mem[mfn];
}

static void fake_unmap(struct dombuild_env *env, void *page)
{
	struct fake_env *f = of(env);
	uint64_t mfn = (uint64_t)((uint8_t (*)[4096])page - f->mem);
	if (mfn >= FAKE_ENV_FRAMES || !f->mapped)
		abort();
	f->mapped--;
}

static int fake_hypercall_page(struct dombuild_env *env, uint64_t mfn)
{
	struct fake_env *f = of(env);
	f->hypercall_mfn = mfn;
	if (!f->hypercall_rc)
		memset(f->mem[mfn], 0xcc, 4096);
	return f->hypercall_rc;
}

static struct mmu_domain *get_domain(struct mmu_env *env, domid_t id)
{
	struct fake_env *f = env->ctx;
	return id == FAKE_ENV_DOMID ? &f->dom : NULL;
}

static void no_flush(struct mmu_env *env, struct mmu_domain *d, enum mmu_flush_kind kind, uint64_t va)
{
	(void)env, (void)d, (void)kind, (void)va;
}

static void released(struct mmu_env *env, uint64_t mfn, domid_t last_owner)
{
	(void)env, (void)mfn, (void)last_owner;
}

static int no_guest_memory(struct mmu_env *env, void *dst, uint64_t va, size_t n)
{
	(void)env, (void)dst, (void)va, (void)n;
	return -XEN_EFAULT;
}

static void bug(struct mmu_env *env, const char *what, uint64_t mfn)
{
	(void)env, (void)what, (void)mfn;
	abort();
}

void fake_env_init(struct fake_env *f)
{
	memset(f, 0, sizeof(*f));
	f->mem = calloc(FAKE_ENV_FRAMES, 4096);
	if (!f->mem)
		abort();
	for (uint64_t mfn = 0; mfn < FAKE_ENV_FRAMES; mfn++)
		f->frames[mfn].owner = DOMID_INVALID;
	f->frames[0] = (struct mmu_frame){ .owner = DOMID_XEN, .count = 1 };
	f->mmu = (struct mmu_env){
		.frames = f->frames, .nr_frames = FAKE_ENV_FRAMES, .frame_mem = (uint64_t *)f->mem,
		.get_domain = get_domain, .flush = no_flush, .frame_released = released,
		.copy_from_guest = no_guest_memory, .bug = bug, .m2p = f->m2p,
		.m2p_entries = FAKE_ENV_FRAMES, .cpu_has_nx = true, .ctx = f,
	};
	f->dom = (struct mmu_domain){ .domid = FAKE_ENV_DOMID, .max_vcpus = 1 };
	mmu_vcpu_init(&f->vcpu, &f->dom);
	f->env = (struct dombuild_env){
		.populate = fake_populate, .map = fake_map, .unmap = fake_unmap,
		.hypercall_page = fake_hypercall_page, .ctx = f,
	};
	f->populate_limit = UINT64_MAX;
}

void fake_env_free(struct fake_env *f)
{
	free(f->mem);
	f->mem = NULL;
}
