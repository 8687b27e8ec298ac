/*
 * toolstack_build: the steps of Xen's toolstack for a PV domain, in its
 * order (toolstack.h lists them with the interface each one uses), as
 * create, load and start.
 *
 * Invariant: on every path out, nothing of the new domain stays mapped
 * here, and toolstack_build destroys a domain it could not build, so its
 * frames come back.  The state is static (one build at a time): the
 * library's 8 KiB and a 5 KiB vCPU context do not belong on a guest stack.
 */
#include "dombuild.h"
#include "domctl.h"
#include "toolstack.h"
#include "public/grant_table.h"

/* The domain that serves the new domain's XenStore and console: the
 * initial domain, where the toolstack runs (as the hypervisor's builder
 * assumes too). */
#define BACKEND_DOMID 0

static struct dombuild build;
static struct vcpu_guest_context vcpu0;

/* A port in domid, unbound, that this domain (the back end) may bind. */
static long service_port(domid_t domid, evtchn_port_t *port)
{
	struct evtchn_alloc_unbound a = { .dom = domid, .remote_dom = DOMID_SELF };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a);
	*port = a.port;
	return rc;
}

long toolstack_create(const struct toolstack_domain *dom, struct toolstack_built *out)
{
	*out = (struct toolstack_built){ .domid = DOMID_INVALID };
	struct xen_domctl op = { 0 };
	domctl_default_config(&op.u.createdomain, dom->vcpus);
	long rc = domctl(XEN_DOMCTL_createdomain, 0, &op);
	if (rc)
		return rc;
	domid_t domid = out->domid = op.domain;
	op = (struct xen_domctl){ 0 };
	op.u.max_vcpus.max = dom->vcpus;
	if ((rc = domctl(XEN_DOMCTL_max_vcpus, domid, &op)))
		return rc;
	op = (struct xen_domctl){ 0 };
	op.u.max_mem.max_memkb = dom->memory_kib;
	if ((rc = domctl(XEN_DOMCTL_max_mem, domid, &op)))
		return rc;
	if ((rc = service_port(domid, &out->store_port)))
		return rc;
	return service_port(domid, &out->console_port);
}

/* As libxc leaves it: zeroed, and every vCPU's upcalls masked. */
static long init_shared_info(domid_t domid, uint64_t mfn)
{
	struct shared_info *s = toolstack_map(domid, mfn);
	if (!s)
		return -XEN_EFAULT;
	memset(s, 0, sizeof(*s));
	for (unsigned i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
		s->vcpu_info[i].evtchn_upcall_mask = 1;
	toolstack_unmap(s);
	return 0;
}

/* As libxc's xc_dom_gnttab_seed: grant entries 0 (GNTTAB_RESERVED_CONSOLE)
 * and 1 (GNTTAB_RESERVED_XENSTORE) let the back end map the console and
 * xenstore pages; each entry's flags are written last. */
static long seed_grants(domid_t domid, uint64_t console_mfn, uint64_t store_mfn)
{
	uint64_t frame = 0;
	struct gnttab_setup_table st = { .dom = domid, .nr_frames = 1, .frame_list = (uint64_t)&frame };
	long rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1);
	if (rc || st.status)
		return rc ? rc : -XEN_EINVAL;
	struct grant_entry_v1 *g = toolstack_map(domid, frame);
	if (!g)
		return -XEN_EFAULT;
	const uint64_t mfns[2] = { [GNTTAB_RESERVED_CONSOLE] = console_mfn, [GNTTAB_RESERVED_XENSTORE] = store_mfn };
	for (unsigned i = 0; i < 2; i++) {
		g[i].domid = BACKEND_DOMID;
		g[i].frame = (uint32_t)mfns[i];
		__asm__ volatile("" ::: "memory");
		g[i].flags = GTF_permit_access;
	}
	toolstack_unmap(g);
	return 0;
}

static long write_domain(const struct toolstack_domain *dom, struct toolstack_built *out)
{
	domid_t domid = out->domid;
	struct xen_domctl_getdomaininfo info;
	long rc = domctl_getinfo(domid, &info);
	if (rc)
		return rc;
	struct dombuild_args args = {
		.image = dom->image, .image_len = dom->image_len, .nr_pages = dom->memory_kib / 4,
		.module = dom->module, .module_len = dom->module_len,
		.cmdline = dom->cmdline, .shared_info_mfn = info.shared_info_frame,
		.store_evtchn = out->store_port, .console_evtchn = out->console_port,
	};
	struct dombuild_env env;
	toolstack_env(&env, domid);
	if ((rc = dombuild_prepare(&build, &args)) || (rc = dombuild_build(&build, &env, &args)) ||
	    (rc = seed_grants(domid, build.console_mfn, build.store_mfn)))
		return rc;
	return init_shared_info(domid, info.shared_info_frame);
}

long toolstack_load(const struct toolstack_domain *dom, struct toolstack_built *out)
{
	long rc = write_domain(dom, out);
	toolstack_unmap_all();          /* no table frame may stay mapped writable for the pin */
	if (rc)
		return rc;
	struct mmuext_op pin = { .cmd = MMUEXT_PIN_L4_TABLE, .arg1.mfn = build.l4_mfn };
	unsigned done;
	if ((rc = HYPERVISOR_mmuext_op(&pin, 1, &done, out->domid)))
		return rc;
	out->start = build.start;
	out->nr_pages = build.layout.nr_pages;
	out->store_mfn = build.store_mfn;
	out->console_mfn = build.console_mfn;
	out->l4_mfn = build.l4_mfn;
	out->start_info_mfn = build.start_info_mfn;
	return 0;
}

const struct vcpu_guest_context *toolstack_vcpu0(const struct toolstack_built *built)
{
	dombuild_vcpu_context(&built->start, &vcpu0);
	return &vcpu0;
}

long toolstack_start(const struct toolstack_built *built)
{
	return domctl_set_vcpu_context(built->domid, 0, toolstack_vcpu0(built));
}

long toolstack_build(const struct toolstack_domain *dom, struct toolstack_built *out)
{
	long rc = toolstack_create(dom, out);
	if (!rc)
		rc = toolstack_load(dom, out);
	if (!rc)
		rc = toolstack_start(out);
	if (rc && out->domid != DOMID_INVALID) {
		toolstack_destroy(out->domid);
		out->domid = DOMID_INVALID;
	}
	return rc;
}

long toolstack_unpause(domid_t domid)
{
	struct xen_domctl op = { 0 };
	return domctl(XEN_DOMCTL_unpausedomain, domid, &op);
}

long toolstack_destroy(domid_t domid)
{
	struct xen_domctl op = { 0 };
	return domctl(XEN_DOMCTL_destroydomain, domid, &op);
}
