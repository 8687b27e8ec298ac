/* Domain control wrappers (domctl.h). */
#include "domctl.h"

long domctl(uint32_t cmd, domid_t dom, struct xen_domctl *op)
{
	op->cmd = cmd;
	op->interface_version = UMBRA_DOMCTL_INTERFACE_VERSION;
	op->domain = dom;
	return HYPERVISOR_domctl(op);
}

long domctl_getinfo(domid_t dom, struct umbra_domctl_getdomaininfo *out)
{
	struct xen_domctl op = { 0 };
	long rc = domctl(XEN_DOMCTL_getdomaininfo, dom, &op);
	if (rc == 0)
		*out = op.u.getdomaininfo;
	return rc;
}
