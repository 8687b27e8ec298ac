/*
 * sysctl: system-wide information for the privileged domain, in Xen 4.17's
 * layouts (public/sysctl.h): physinfo, sched_id, getdomaininfolist; and
 * Umbra's own boot_module (hc_sysctl_module.c).
 *
 * Rule: an unreadable argument is -EFAULT, a wrong interface version
 * -EACCES, an unprivileged caller -EPERM (Xen's default policy), a command
 * Umbra lacks -ENOSYS, in that order.  getdomaininfolist writes at most
 * max_domains records, one at a time, into the caller's array; a record
 * that cannot be written ends the call with -EFAULT.
 */
#include "domctl.h"
#include "guest_access.h"
#include "hypercall.h"
#include "mm.h"
#include "public/sysctl.h"
#include "../arch/x86_64/lapic.h"

static void physinfo(struct xen_sysctl_physinfo *p)
{
	memset(p, 0, sizeof(*p));
	p->threads_per_core = 1;
	p->cores_per_socket = 1;
	p->nr_cpus = 1;
	p->nr_nodes = 1;
	p->cpu_khz = (uint32_t)tsc_khz;
	p->capabilities = XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_gnttab_v1;
	p->total_pages = frames_ram;
	p->free_pages = frames_free;
	p->max_mfn = max_mfn - 1;
}

static long domaininfolist(struct xen_sysctl_getdomaininfolist *l)
{
	uint32_t n = 0, max = l->max_domains;
	uint64_t buf = l->buffer;
	struct domain *d;
	for (uint32_t first = l->first_domain; n < max && first < DOMID_FIRST_RESERVED &&
	     (d = domctl_next_domain((domid_t)first)); first = d->id + 1u) {
		struct xen_domctl_getdomaininfo info;
		domctl_fill_info(d, &info);
		if (copy_to_guest(buf + (uint64_t)n * sizeof(info), &info, sizeof(info)))
			return -XEN_EFAULT;
		n++;
	}
	l->num_domains = n;
	return 0;
}

long do_sysctl(uint64_t arg, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct xen_sysctl op;
	if (copy_from_guest(&op, arg, sizeof(op)))
		return -XEN_EFAULT;
	if (op.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
		return -XEN_EACCES;
	if (!current->domain->privileged)
		return -XEN_EPERM;
	long rc = 0;
	switch (op.cmd) {
	case XEN_SYSCTL_physinfo:
		physinfo(&op.u.physinfo);
		break;
	case XEN_SYSCTL_sched_id:
		op.u.sched_id.sched_id = XEN_SCHEDULER_CREDIT;
		break;
	case XEN_SYSCTL_getdomaininfolist:
		rc = domaininfolist(&op.u.getdomaininfolist);
		break;
	case UMBRA_SYSCTL_boot_module:
		rc = sysctl_boot_module(&op.u.boot_module);
		break;
	default:
		return -XEN_ENOSYS;
	}
	if (rc == 0 && copy_to_guest(arg, &op, sizeof(op)))
		return -XEN_EFAULT;
	return rc;
}
