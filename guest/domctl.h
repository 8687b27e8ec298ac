/* Domain control from a privileged guest (domctl.c). */
#pragma once
#include "guest.h"
#include "public/domctl.h"

long domctl(uint32_t cmd, domid_t dom, struct xen_domctl *op);
/* The first live domain with id >= dom; -ESRCH past the last. */
long domctl_getinfo(domid_t dom, struct umbra_domctl_getdomaininfo *out);
