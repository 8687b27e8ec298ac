/*
 * The domain builder's environment in a privileged guest (toolstack.h):
 * the new domain's frames come from memory_op populate_physmap on it, are
 * reached through foreign mappings in this domain's own page tables, and
 * its hypercall page is written by the hypervisor (domctl hypercall_init).
 *
 * The mappings live in a window of TOOLSTACK_SLOTS pages at WINDOW_VA,
 * whose L1 table is this domain's own (pt_ensure_l1).  A frame is mapped
 * with mmu_update on that L1 entry with foreigndom = the frame's domain,
 * as Xen's privcmd maps foreign frames; the hypervisor checks that the
 * frame is that domain's and may be mapped writable, and refuses
 * otherwise.  The window is a cache: an unmapped slot keeps its frame
 * until the slot is needed for another, so the pages the builder keeps
 * coming back to (the p2m list) cost one hypercall, not one per use.
 *
 * Invariant: a slot is reused only when nothing holds it (refs 0); after
 * its entry changes, the old translation is flushed from the TLB before
 * the slot's address is handed out; toolstack_unmap_all() leaves no entry
 * in the window, so no frame of another domain stays mapped (a domain's
 * page tables cannot be pinned while a table frame is mapped writable,
 * and a destroyed domain's frames come back only when nothing maps them).
 */
#include "dombuild.h"
#include "pt.h"
#include "toolstack.h"
#include "domctl.h"
#include "public/memory.h"

#define WINDOW_VA 0xffffffffc0000000ull        /* 1 GiB above the kernel: unused */
#define MAP_FLAGS (PT_P | PT_RW | PT_A | PT_D)

static struct slot {
	uint64_t mfn;                   /* 0: empty */
	domid_t dom;
	unsigned refs;
} slots[TOOLSTACK_SLOTS];
static uint64_t window_l1e;             /* machine address of slot 0's L1 entry */
static unsigned victim;                 /* where the search for a free slot starts */

static long window_init(void)
{
	if (window_l1e)
		return 0;
	long rc = pt_ensure_l1(WINDOW_VA);
	if (rc)
		return rc;
	window_l1e = pt_entry_maddr(WINDOW_VA, 1);
	return window_l1e ? 0 : -XEN_EFAULT;
}

static uint64_t slot_va(unsigned i)
{
	return WINDOW_VA + ((uint64_t)i << 12);
}

/* Point slot i's entry at val (0: nothing) and flush its old translation. */
static long set_entry(unsigned i, uint64_t val, domid_t dom)
{
	struct mmu_update u = { window_l1e + i * 8ull, val };
	struct mmuext_op flush = { .cmd = MMUEXT_INVLPG_LOCAL, .arg1.linear_addr = slot_va(i) };
	unsigned done;
	long rc = HYPERVISOR_mmu_update(&u, 1, &done, dom);
	return rc ? rc : HYPERVISOR_mmuext_op(&flush, 1, &done, DOMID_SELF);
}

void *toolstack_map(domid_t dom, uint64_t mfn)
{
	if (window_init() || !mfn)
		return NULL;
	for (unsigned i = 0; i < TOOLSTACK_SLOTS; i++)
		if (slots[i].mfn == mfn && slots[i].dom == dom) {
			slots[i].refs++;
			return (void *)slot_va(i);
		}
	for (unsigned n = 0; n < TOOLSTACK_SLOTS; n++) {
		unsigned i = (victim + n) % TOOLSTACK_SLOTS;
		if (slots[i].refs)
			continue;
		if (set_entry(i, (mfn << 12) | MAP_FLAGS, dom))
			return NULL;            /* refused: the old entry stays, and is still valid */
		victim = (i + 1) % TOOLSTACK_SLOTS;
		slots[i] = (struct slot){ mfn, dom, 1 };
		return (void *)slot_va(i);
	}
	return NULL;
}

void toolstack_unmap(void *page)
{
	uint64_t i = ((uint64_t)page - WINDOW_VA) >> 12;
	if (i < TOOLSTACK_SLOTS && slots[i].refs)
		slots[i].refs--;
}

void toolstack_unmap_all(void)
{
	for (unsigned i = 0; i < TOOLSTACK_SLOTS; i++)
		if (slots[i].mfn && !set_entry(i, 0, DOMID_SELF))
			slots[i] = (struct slot){ 0 };
}

static domid_t env_domain(struct dombuild_env *env)
{
	return (domid_t)(uintptr_t)env->ctx;
}

static uint64_t env_populate(struct dombuild_env *env, uint64_t *pfns, uint64_t n)
{
	struct xen_memory_reservation r = {
		.extent_start = (uint64_t)pfns, .nr_extents = n, .domid = env_domain(env),
	};
	long done = HYPERVISOR_memory_op(XENMEM_populate_physmap, &r);
	return done < 0 ? 0 : (uint64_t)done;
}

static void *env_map(struct dombuild_env *env, uint64_t mfn)
{
	return toolstack_map(env_domain(env), mfn);
}

static void env_unmap(struct dombuild_env *env, void *page)
{
	(void)env;
	toolstack_unmap(page);
}

static int env_hypercall_page(struct dombuild_env *env, uint64_t mfn)
{
	return (int)domctl_hypercall_page(env_domain(env), mfn);
}

void toolstack_env(struct dombuild_env *env, domid_t domid)
{
	*env = (struct dombuild_env){ env_populate, env_map, env_unmap, env_hypercall_page,
				      (void *)(uintptr_t)domid };
}
