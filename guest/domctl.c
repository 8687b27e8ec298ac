/* Domain and system control wrappers (domctl.h). */
#include "domctl.h"

long domctl(uint32_t cmd, domid_t dom, struct xen_domctl *op)
{
	op->cmd = cmd;
	op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	op->domain = dom;
	return HYPERVISOR_domctl(op);
}

long sysctl(uint32_t cmd, struct xen_sysctl *op)
{
	op->cmd = cmd;
	op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	return HYPERVISOR_sysctl(op);
}

long domctl_getinfo(domid_t dom, struct xen_domctl_getdomaininfo *out)
{
	struct xen_domctl op = { 0 };
	long rc = domctl(XEN_DOMCTL_getdomaininfo, dom, &op);
	if (rc == 0)
		*out = op.u.getdomaininfo;
	return rc;
}

long domctl_getinfo_ext(domid_t dom, struct umbra_domctl_getinfo_ext *out)
{
	struct xen_domctl op = { 0 };
	long rc = domctl(UMBRA_DOMCTL_getinfo_ext, dom, &op);
	if (rc == 0)
		*out = op.u.getinfo_ext;
	return rc;
}

static long sched_op(domid_t dom, uint32_t cmd, struct xen_domctl *op)
{
	struct xen_sysctl s = { 0 };
	long rc = sysctl(XEN_SYSCTL_sched_id, &s);
	if (rc)
		return rc;
	op->u.scheduler_op.sched_id = s.u.sched_id.sched_id;
	op->u.scheduler_op.cmd = cmd;
	return domctl(XEN_DOMCTL_scheduler_op, dom, op);
}

long domctl_sched_get(domid_t dom, unsigned *weight, unsigned *cap)
{
	struct xen_domctl op = { 0 };
	long rc = sched_op(dom, XEN_DOMCTL_SCHEDOP_getinfo, &op);
	if (rc == 0) {
		*weight = op.u.scheduler_op.u.credit.weight;
		*cap = op.u.scheduler_op.u.credit.cap;
	}
	return rc;
}

long domctl_sched_put(domid_t dom, unsigned weight, unsigned cap)
{
	struct xen_domctl op = { 0 };
	op.u.scheduler_op.u.credit.weight = (uint16_t)weight;
	op.u.scheduler_op.u.credit.cap = (uint16_t)cap;
	return sched_op(dom, XEN_DOMCTL_SCHEDOP_putinfo, &op);
}

void domctl_default_config(struct xen_domctl_createdomain *c, unsigned vcpus)
{
	*c = (struct xen_domctl_createdomain){
		.max_vcpus = vcpus, .max_evtchn_port = 1023, .max_grant_frames = -1,
		.max_maptrack_frames = -1, .grant_opts = 1,
	};
}

static long vcpu_context(uint32_t cmd, domid_t dom, uint32_t vcpu, const void *c)
{
	struct xen_domctl op = { 0 };
	op.u.vcpucontext.vcpu = vcpu;
	op.u.vcpucontext.ctxt = (uint64_t)c;
	return domctl(cmd, dom, &op);
}

long domctl_set_vcpu_context(domid_t dom, uint32_t vcpu, const struct vcpu_guest_context *c)
{
	return vcpu_context(XEN_DOMCTL_setvcpucontext, dom, vcpu, c);
}

long domctl_get_vcpu_context(domid_t dom, uint32_t vcpu, struct vcpu_guest_context *c)
{
	return vcpu_context(XEN_DOMCTL_getvcpucontext, dom, vcpu, c);
}

long domctl_hypercall_page(domid_t dom, uint64_t gmfn)
{
	struct xen_domctl op = { 0 };
	op.u.hypercall_init.gmfn = gmfn;
	return domctl(XEN_DOMCTL_hypercall_init, dom, &op);
}

long sysctl_boot_module(uint32_t module, uint64_t offset, void *buf, uint64_t len, uint64_t *size)
{
	struct xen_sysctl op = { 0 };
	op.u.boot_module.module = module;
	op.u.boot_module.offset = offset;
	op.u.boot_module.buffer = (uint64_t)buf;
	op.u.boot_module.length = len;
	long rc = sysctl(UMBRA_SYSCTL_boot_module, &op);
	if (rc)
		return rc;
	if (size)
		*size = op.u.boot_module.size;
	return (long)op.u.boot_module.length;
}

long sysctl_free_pages(uint64_t *free_pages)
{
	struct xen_sysctl op = { 0 };
	long rc = sysctl(XEN_SYSCTL_physinfo, &op);
	*free_pages = rc ? 0 : op.u.physinfo.free_pages;
	return rc;
}
