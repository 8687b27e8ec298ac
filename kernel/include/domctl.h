/* domctl and sysctl internals shared by hc_domctl*.c and hc_sysctl.c. */
#pragma once
#include "domain.h"
#include "public/domctl.h"
#include "public/sysctl.h"

/* Xen's getdomaininfo record of d. */
void domctl_fill_info(const struct domain *d, struct xen_domctl_getdomaininfo *i);
/* The live domain with the smallest id >= first, or NULL. */
struct domain *domctl_next_domain(domid_t first);
/* createdomain and Umbra's build_from_module (hc_domctl_create.c). */
long domctl_createdomain(struct xen_domctl *op);
long domctl_build_from_module(struct domain *d, const struct umbra_domctl_build_from_module *b);
/* The commands a toolstack builds a domain with (hc_domctl_vcpu.c). */
long domctl_setvcpucontext(struct domain *d, const struct xen_domctl_vcpucontext *vc);
long domctl_getvcpucontext(struct domain *d, const struct xen_domctl_vcpucontext *vc);
long domctl_hypercall_init(struct domain *d, uint64_t gmfn);
/* Umbra's sysctl boot_module (hc_sysctl_module.c), on the caller's copy of the op. */
long sysctl_boot_module(struct umbra_sysctl_boot_module *b);
