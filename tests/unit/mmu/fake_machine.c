/*
 * The fake machine behind the PV MMU unit tests and fuzzer (see the header).
 */
#include <string.h>
#include "fake_machine.h"

static struct fake_machine *fake_of(struct mmu_env *env)
{
	return env->ctx;
}

static struct mmu_domain *fake_get_domain(struct mmu_env *env, domid_t id)
{
	struct fake_machine *m = fake_of(env);

	return id < FAKE_DOMS && m->alive[id] ? &m->doms[id] : NULL;
}

static void fake_flush_cb(struct mmu_env *env, struct mmu_domain *d,
                          enum mmu_flush_kind kind, uint64_t va)
{
	struct fake_machine *m = fake_of(env);

	m->nr_flushes++;
	m->flushes_by_kind[kind]++;
	m->last_flush = (struct fake_flush){ d, kind, va, m->frames[m->watch].type };
}

static void fake_released_cb(struct mmu_env *env, uint64_t mfn, domid_t last_owner)
{
	struct fake_machine *m = fake_of(env);

	m->last_released_owner = last_owner;
	if (m->nr_released < sizeof(m->released) / sizeof(m->released[0]))
		m->released[m->nr_released] = mfn;
	m->nr_released++;
}

static int fake_copy_from_guest(struct mmu_env *env, void *dst, uint64_t va, size_t n)
{
	struct fake_machine *m = fake_of(env);

	if (va < FAKE_GUEST_VA || va - FAKE_GUEST_VA > FAKE_GUEST_BYTES ||
	    n > FAKE_GUEST_BYTES - (va - FAKE_GUEST_VA) ||
	    (m->guest_page2_unmapped && va + n > FAKE_GUEST_PAGE2))
		return -XEN_EFAULT;
	memcpy(dst, m->guest_mem + (va - FAKE_GUEST_VA), n);
	return 0;
}

static bool fake_iomem_allowed(struct mmu_env *env, struct mmu_domain *d, uint64_t mfn)
{
	struct fake_machine *m = fake_of(env);

	return mfn >= FAKE_IO_MFN && d->domid < FAKE_DOMS && m->iomem[d->domid];
}

static bool fake_grant_mapped(struct mmu_env *env, struct mmu_domain *mapper, uint64_t mfn)
{
	struct fake_machine *m = fake_of(env);

	return mapper->domid < FAKE_DOMS && mfn < FAKE_FRAMES && m->grants[mapper->domid][mfn];
}

static void fake_bug(struct mmu_env *env, const char *what, uint64_t mfn)
{
	struct fake_machine *m = fake_of(env);

	(void)mfn;
	m->nr_bugs++;
	m->last_bug = what;
}

void fake_init(struct fake_machine *m)
{
	memset(m, 0, sizeof(*m));
	m->env = (struct mmu_env){
		.frames = m->frames,
		.nr_frames = FAKE_FRAMES,
		.frame_mem = &m->mem[0][0],
		.get_domain = fake_get_domain,
		.flush = fake_flush_cb,
		.frame_released = fake_released_cb,
		.copy_from_guest = fake_copy_from_guest,
		.iomem_allowed = fake_iomem_allowed,
		.grant_mapped = fake_grant_mapped,
		.bug = fake_bug,
		.m2p = m->m2p,
		.m2p_entries = FAKE_FRAMES,
		.cpu_has_nx = true,
		.ctx = m,
	};
	for (unsigned int i = 0; i < MMU_XEN_L4_SLOTS; i++)
		m->env.xen_l4[i] = FAKE_XEN_L4(i);
	for (unsigned int mfn = 0; mfn < FAKE_FRAMES; mfn++)
		m->frames[mfn].owner = DOMID_INVALID;
	for (unsigned int mfn = 0; mfn < 2; mfn++)
		m->frames[mfn] = (struct mmu_frame){ .owner = DOMID_XEN, .count = 1 };
	m->frames[FAKE_IO_MFN] = (struct mmu_frame){ .owner = DOMID_IO, .count = 1 };
	for (domid_t id = 0; id < FAKE_DOMS; id++) {
		m->doms[id] = (struct mmu_domain){ .domid = id, .privileged = id == 0,
		                                   .initial = id == 0, .max_vcpus = FAKE_VCPUS };
		m->alive[id] = true;
		for (unsigned int v = 0; v < FAKE_VCPUS; v++)
			mmu_vcpu_init(&m->vcpus[id][v], &m->doms[id]);
	}
}

struct mmu_domain *fake_dom(struct fake_machine *m, domid_t id)
{
	return &m->doms[id];
}

struct mmu_vcpu *fake_vcpu(struct fake_machine *m, domid_t id)
{
	return &m->vcpus[id][0];
}

uint64_t fake_alloc(struct fake_machine *m, domid_t id)
{
	for (uint64_t mfn = 2; mfn < FAKE_FRAMES; mfn++) {
		if (mmu_frame_assign(&m->env, &m->doms[id], mfn, false) == 0) {
			memset(m->mem[mfn], 0, sizeof(m->mem[mfn]));
			return mfn;
		}
	}
	return 0;
}

uint64_t fake_table_n(struct fake_machine *m, domid_t id,
                      const struct fake_entry *e, size_t n)
{
	uint64_t mfn = fake_alloc(m, id);

	for (size_t i = 0; i < n; i++)
		m->mem[mfn][e[i].idx] = e[i].val;
	return mfn;
}

int fake_update_fd(struct fake_machine *m, domid_t id, uint64_t table,
                   unsigned int idx, uint64_t val, uint32_t foreigndom)
{
	return mmu_update_one(&m->env, &m->doms[id], (table << 12) | (idx * 8ull),
	                      val, foreigndom);
}

int fake_update(struct fake_machine *m, domid_t id, uint64_t table,
                unsigned int idx, uint64_t val)
{
	return fake_update_fd(m, id, table, idx, val, DOMID_SELF);
}

int fake_ext(struct fake_machine *m, domid_t id, unsigned int cmd,
             uint64_t arg1, uint64_t arg2, domid_t foreigndom)
{
	struct mmuext_op op = { .cmd = cmd };

	op.arg1.mfn = arg1;
	op.arg2.src_mfn = arg2;
	return mmuext_op_one(&m->env, fake_vcpu(m, id), &op, foreigndom);
}

int fake_pin(struct fake_machine *m, domid_t id, unsigned int level, uint64_t mfn)
{
	return fake_ext(m, id, MMUEXT_PIN_L1_TABLE + level - 1, mfn, 0, DOMID_SELF);
}

int fake_grant_map(struct fake_machine *m, domid_t id, uint64_t addr, bool contains_pte,
                   domid_t granter, uint64_t mfn, uint32_t gntmap_flags)
{
	int rc = mmu_grant_map(&m->env, fake_vcpu(m, id), addr, contains_pte, fake_dom(m, granter),
	                       mfn, gntmap_flags);

	if (!rc)
		m->grants[id][mfn]++;
	return rc;
}

int fake_grant_unmap(struct fake_machine *m, domid_t id, uint64_t addr, bool contains_pte,
                     uint64_t mfn, uint32_t gntmap_flags, uint64_t new_addr)
{
	int rc = mmu_grant_unmap(&m->env, fake_vcpu(m, id), addr, contains_pte, mfn, gntmap_flags,
	                         new_addr);

	if (!rc && mfn < FAKE_FRAMES && m->grants[id][mfn])
		m->grants[id][mfn]--;
	return rc;
}

void fake_hierarchy(struct fake_machine *m, domid_t id, uint64_t *l4,
                    uint64_t *l3, uint64_t *l2, uint64_t *l1, uint64_t *data)
{
	uint64_t f[5];

	f[4] = fake_alloc(m, id);
	f[0] = fake_table(m, id, { 0, fake_pte(f[4], MMU_PTE_P | MMU_PTE_RW) });
	for (unsigned int level = 1; level < 4; level++)
		f[level] = fake_table(m, id, { 0, fake_pte(f[level - 1], MMU_PTE_P | MMU_PTE_RW) });
	if (l1)
		*l1 = f[0];
	if (l2)
		*l2 = f[1];
	if (l3)
		*l3 = f[2];
	if (l4)
		*l4 = f[3];
	if (data)
		*data = f[4];
}

size_t fake_vcpus(struct fake_machine *m, struct mmu_vcpu **out)
{
	size_t n = 0;

	for (domid_t id = 0; id < FAKE_DOMS; id++)
		for (unsigned int v = 0; v < FAKE_VCPUS; v++)
			out[n++] = &m->vcpus[id][v];
	return n;
}

int fake_check(struct fake_machine *m, struct mmu_check_failure *failure)
{
	struct mmu_vcpu *all[FAKE_DOMS * FAKE_VCPUS];
	size_t n = fake_vcpus(m, all);

	return mmu_check_invariants(&m->env, all, n, m->tally, failure);
}

void fake_destroy(struct fake_machine *m, domid_t id)
{
	struct mmu_vcpu *vcpus[FAKE_VCPUS];

	for (unsigned int v = 0; v < FAKE_VCPUS; v++)
		vcpus[v] = &m->vcpus[id][v];
	m->alive[id] = false;
	mmu_domain_relinquish(&m->env, &m->doms[id], vcpus, FAKE_VCPUS);
	memset(m->grants[id], 0, sizeof(m->grants[id]));
}

/* The model state a request may change: everything in the frame table but
   the TLB time stamps (a refused request may have asked for a flush it did
   not need, which is harmless) and the remembered type of untyped frames. */
static bool fake_same_frame(const struct mmu_frame *a, const struct mmu_frame *b)
{
	return a->count == b->count && a->type_count == b->type_count &&
	       a->linear == b->linear && a->owner == b->owner &&
	       a->flags == b->flags && (a->type == b->type || !a->type_count);
}

/* The same vCPU state; the domain pointers may point into different
   machines (fake_clone) but must name the same domain. */
static bool fake_same_vcpu(const struct mmu_vcpu *va, const struct mmu_vcpu *vb)
{
	struct mmu_vcpu x, y;

	memcpy(&x, va, sizeof(x));      /* padding included */
	memcpy(&y, vb, sizeof(y));
	if (x.domain->domid != y.domain->domid)
		return false;
	x.domain = y.domain = NULL;
	return !memcmp(&x, &y, sizeof(x));
}

bool fake_same_state(const struct fake_machine *a, const struct fake_machine *b)
{
	for (unsigned int mfn = 0; mfn < FAKE_FRAMES; mfn++)
		if (!fake_same_frame(&a->frames[mfn], &b->frames[mfn]))
			return false;
	for (domid_t id = 0; id < FAKE_DOMS; id++)
		for (unsigned int v = 0; v < FAKE_VCPUS; v++)
			if (!fake_same_vcpu(&a->vcpus[id][v], &b->vcpus[id][v]))
				return false;
	return !memcmp(a->mem, b->mem, sizeof(a->mem)) &&
	       !memcmp(a->m2p, b->m2p, sizeof(a->m2p)) &&
	       !memcmp(a->doms, b->doms, sizeof(a->doms));
}

void fake_clone(struct fake_machine *dst, const struct fake_machine *src)
{
	memcpy(dst, src, sizeof(*dst));
	dst->env.frames = dst->frames;
	dst->env.frame_mem = &dst->mem[0][0];
	dst->env.m2p = dst->m2p;
	dst->env.ctx = dst;
	for (domid_t id = 0; id < FAKE_DOMS; id++)
		for (unsigned int v = 0; v < FAKE_VCPUS; v++)
			dst->vcpus[id][v].domain = &dst->doms[id];
}

uint64_t fake_pinned(struct fake_machine *m, unsigned int level, domid_t id)
{
	uint64_t mfn = fake_alloc(m, id);

	return fake_pin(m, id, level, mfn) ? 0 : mfn;
}
