/* Domain and system control from a privileged guest, in Xen 4.17's layouts (domctl.c). */
#pragma once
#include "guest.h"
#include "public/domctl.h"
#include "public/sysctl.h"
#include "public/vcpu.h"

/* One domctl with cmd, the interface version and dom filled in. */
long domctl(uint32_t cmd, domid_t dom, struct xen_domctl *op);
/* One sysctl with cmd and the interface version filled in. */
long sysctl(uint32_t cmd, struct xen_sysctl *op);
/* The first live domain with id >= dom; -ESRCH past the last. */
long domctl_getinfo(domid_t dom, struct xen_domctl_getdomaininfo *out);
/* Umbra's record of the same domain: name, privilege, ports in use. */
long domctl_getinfo_ext(domid_t dom, struct umbra_domctl_getinfo_ext *out);
/* Credit-scheduler parameters (scheduler_op with the running scheduler's id). */
long domctl_sched_get(domid_t dom, unsigned *weight, unsigned *cap);
long domctl_sched_put(domid_t dom, unsigned weight, unsigned cap);
/* setvcpucontext (c NULL: Xen's vCPU reset), getvcpucontext, hypercall_init. */
long domctl_set_vcpu_context(domid_t dom, uint32_t vcpu, const struct vcpu_guest_context *c);
long domctl_get_vcpu_context(domid_t dom, uint32_t vcpu, struct vcpu_guest_context *c);
long domctl_hypercall_page(domid_t dom, uint64_t gmfn);
/* Umbra's sysctl boot_module: copy up to len bytes (at most 1 MiB) of boot
 * module `module` from offset into buf.  Returns the bytes copied (0 at the
 * end of the module) or -XEN_E*; *size (if not NULL) gets the module's size
 * on success. */
long sysctl_boot_module(uint32_t module, uint64_t offset, void *buf, uint64_t len, uint64_t *size);
/* sysctl physinfo's free_pages. */
long sysctl_free_pages(uint64_t *free_pages);
/* createdomain with xl's defaults for a PV domain: max_evtchn_port 1023,
 * grant version 1, default grant and maptrack frames. */
void domctl_default_config(struct xen_domctl_createdomain *c, unsigned vcpus);
