/*
 * Building PV domains in the hypervisor: boot-time domains, and Umbra's
 * build_from_module domctl.  The builder itself is the portable library in
 * dombuild/, the same one a guest toolstack builds run-time domains with;
 * this file is its hypervisor environment and does the rest the way Xen's
 * toolstack does it:
 *
 *   - frames come from the allocator (populate: frame_alloc_for, with the
 *     M2P entry set), the domain's frames are reached through the direct
 *     map, and the hypercall page is filled directly;
 *   - the XenStore and console ports (not for the initial domain) are
 *     allocated first, unbound with the initial domain as the remote end,
 *     so start_info can name them;
 *   - the bootstrap L4 is pinned through the pv-mmu model, which validates
 *     every table the library wrote as it would a guest's: a builder
 *     mistake is refused like a guest's;
 *   - vCPU 0 gets the library's start-of-day context through the checks of
 *     VCPUOP_initialise and domctl setvcpucontext (vcpu_set_context);
 *   - the store page says XENSTORE_RECONNECT (Xen's late-XenStore protocol).
 *
 * Any failure leaves the domain holding what it got; domain_build_pv then
 * destroys it, which returns every frame.
 */
#include "console.h"
#include "dombuild.h"
#include "domain_build.h"
#include "hypercall.h"
#include "mm.h"
#include "sched.h"
#include "public/io/xs_wire.h"

/* One build at a time (the hypervisor is not preempted): no stack for 13 KiB. */
static struct dombuild build;
static struct vcpu_guest_context vcpu0;

static uint64_t hv_populate(struct dombuild_env *env, uint64_t *pfns, uint64_t n)
{
	struct domain *d = env->ctx;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t mfn = frame_alloc_for(d, false);
		if (!mfn)
			return i;
		m2p_rw[mfn] = pfns[i];
		pfns[i] = mfn;
	}
	return n;
}

static void *hv_map(struct dombuild_env *env, uint64_t mfn)
{
	struct domain *d = env->ctx;
	return mfn_valid(mfn) && frame_table[mfn].owner == d->id ? mfn_to_virt(mfn) : NULL;
}

static void hv_unmap(struct dombuild_env *env, void *page)
{
	(void)env, (void)page;
}

static int hv_hypercall_page(struct dombuild_env *env, uint64_t mfn)
{
	(void)env;
	hypercall_page_fill(mfn_to_virt(mfn));
	return 0;
}

/* As Xen's toolstack: the store port, then the console port, both unbound
 * with the initial domain (which runs XenStore and the console back end) as
 * the remote end. */
static int service_ports(struct domain *d)
{
	domid_t backend = 0;
	int store = evtchn_alloc_unbound_in(d, backend);
	int console = store < 0 ? store : evtchn_alloc_unbound_in(d, backend);
	if (console < 0)
		return console;
	d->store_port = (uint32_t)store;
	d->console_port = (uint32_t)console;
	return 0;
}

static int prepare(struct domain *d, const struct dombuild_args *da)
{
	int rc = dombuild_prepare(&build, da);
	if (rc == -XEN_E2BIG)
		log_err("cannot build %s: %lu KiB of memory is more than the %llu KiB a domain can have",
			d->name, da->nr_pages * 4, PV_LAYOUT_MAX_PAGES * 4);
	else if (rc == -XEN_ENOMEM)
		log_err("cannot build %s: %lu KiB of memory is less than the %lu KiB its kernel's "
			"start-of-day layout needs", d->name, da->nr_pages * 4,
			pv_layout_min_pages(build.info.virt_base, build.info.v_end, da->module_len,
					    da->initial) * 4);
	else if (rc)
		log_err("cannot build %s: kernel %s (error %d)", d->name, build.info.why, rc);
	return rc;
}

/* Pin the bootstrap L4 (validating every table) and start vCPU 0 there. */
static int start_vcpu0(struct domain *d)
{
	struct vcpu *v = d->vcpus[0];
	struct mmuext_op pin = { .cmd = MMUEXT_PIN_L4_TABLE, .arg1.mfn = build.l4_mfn };
	int rc = mmuext_op_one(&mmu_env, &v->mmu, &pin, DOMID_SELF);
	if (rc) {
		log_err("cannot build %s: the bootstrap page tables do not validate (error %d)", d->name, rc);
		return rc;
	}
	dombuild_vcpu_context(&build.start, &vcpu0);
	rc = (int)vcpu_set_context(v, &vcpu0);
	if (rc)
		log_err("cannot build %s: vCPU 0's start-of-day context was refused (error %d)", d->name, rc);
	return rc;
}

int domain_build_image(struct domain *d, const struct pv_build_args *a)
{
	uint64_t free_before = frames_free;
	if (a->nr_pages > d->max_pages) {
		log_err("cannot build %s: %lu KiB of memory is above its maximum, %lu KiB", d->name,
			a->nr_pages * 4, d->max_pages * 4);
		return -XEN_ENOMEM;
	}
	struct dombuild_args da = {
		.image = a->image, .image_len = a->image_len, .nr_pages = a->nr_pages,
		.module = a->module, .module_len = a->module_len,
		.cmdline = a->cmdline, .privileged = d->privileged, .initial = d->initial,
		.shared_info_mfn = d->shared_info_mfn,
	};
	int rc = prepare(d, &da);
	if (rc)
		return rc;
	if (!d->initial && (rc = service_ports(d)))
		return rc;
	da.store_evtchn = d->store_port;
	da.console_evtchn = d->console_port;
	struct dombuild_env env = { hv_populate, hv_map, hv_unmap, hv_hypercall_page, d };
	rc = dombuild_build(&build, &env, &da);
	if (rc == -XEN_ENOMEM)
		log_err("cannot build %s: out of memory (%lu KiB asked, %lu KiB free)", d->name,
			a->nr_pages * 4, free_before * 4);
	else if (rc)
		log_err("cannot build %s: error %d writing its start-of-day layout", d->name, rc);
	if (rc || (rc = start_vcpu0(d)))
		return rc;
	d->store_mfn = build.store_mfn;
	d->console_mfn = build.console_mfn;
	/* Xen's late-XenStore protocol (its dom0less domains): a domain the
	 * hypervisor builds runs before any store has introduced it, so its
	 * store page says XENSTORE_RECONNECT until the store sets
	 * XENSTORE_CONNECTED.  (A toolstack-built domain's page stays zeroed:
	 * the store introduces it before it runs.) */
	if (d->store_mfn)
		((struct xenstore_domain_interface *)mfn_to_virt(d->store_mfn))->connection = XENSTORE_RECONNECT;
	const struct pv_layout *l = &build.layout;
	log_info("d%u (%s): %lu pages, image %lx-%lx, entry %lx, start_info %lx, %lu page-table frames, "
		 "L4 at mfn %lx", d->id, d->name, l->nr_pages, build.info.v_start, build.info.v_end,
		 build.info.entry, l->virt_base + (l->start_info_pfn << 12), l->nr_pt, build.l4_mfn);
	if (a->module_len)
		log_info("d%u (%s): initrd of %lu bytes at pfn %lx", d->id, d->name, a->module_len, l->module_pfn);
	return 0;
}

struct domain *domain_build_pv(const struct pv_build_args *a)
{
	domid_t id = domain_take_id(DOMID_ANY);
	struct domain *d = id == DOMID_ANY ? NULL : domain_create(a->name, a->privileged, id);
	if (!d) {
		log_err("cannot build %s: no free domain slot or memory", a->name);
		return NULL;
	}
	d->initial = d->mmu.initial = a->initial;
	d->creation_finished = true;            /* it runs as soon as it is built */
	if (a->max_evtchn_ports)
		evtchn_init(d, a->max_evtchn_ports);
	if (a->max_grant_frames)
		gnttab_init(d, a->max_grant_frames);
	if (a->weight)
		d->weight = a->weight;
	d->cap = a->cap;
	d->max_pages = a->nr_pages;
	if (domain_build_image(d, a)) {
		domain_destroy(d);
		return NULL;
	}
	return d;
}
