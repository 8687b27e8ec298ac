/*
 * domctl: the privileged domain's control over other domains.
 *
 * Rule: only a privileged domain gets past the first check (-EPERM), before
 * the argument is even interpreted.  A domain cannot destroy or pause itself
 * through domctl (-EINVAL; it has sched_op for that).  Created domains start
 * paused.  Everything a created domain holds comes back on destroy
 * (domain_destroy), which is what the domain-churn test counts.
 */
#include "console.h"
#include "domain_build.h"
#include "guest_access.h"
#include "hypercall.h"
#include "mm.h"
#include "multiboot.h"
#include "public/domctl.h"

static long create(struct xen_domctl *op)
{
	struct umbra_domctl_createdomain *c = &op->u.createdomain;
	if (c->module >= boot_info.nr_modules || c->memory_kib < 1024 || c->memory_kib % 4)
		return -XEN_EINVAL;
	const struct mb_module *m = &boot_info.modules[c->module];
	char name[sizeof(c->name) + 1], cmdline[sizeof(c->cmdline) + 1];
	strncpy_z(name, c->name, sizeof(name));
	strncpy_z(cmdline, c->cmdline, sizeof(cmdline));
	if (c->memory_kib / 4 + 1 > frames_free)
		return -XEN_ENOMEM;
	struct pv_build_args a = {
		.name = name, .image = (const uint8_t *)mfn_to_virt(m->start >> 12) + (m->start & 4095),
		.image_len = m->end - m->start, .nr_pages = c->memory_kib / 4, .cmdline = cmdline,
		.max_evtchn_ports = c->max_evtchn_ports, .start_paused = true,
	};
	struct domain *d = domain_build_pv(&a);
	if (!d)
		return -XEN_EINVAL;
	op->domain = d->id;
	return 0;
}

static void fill_info(struct domain *d, struct umbra_domctl_getdomaininfo *i)
{
	memset(i, 0, sizeof(*i));
	i->domain = d->id;
	struct vcpu *v = d->vcpus[0];
	if (d->state == DOM_SHUTDOWN)
		i->flags |= XEN_DOMINF_shutdown | (d->shutdown_reason << XEN_DOMINF_shutdownshift);
	if (d->pause_count)
		i->flags |= XEN_DOMINF_paused;
	if (v->blocked)
		i->flags |= XEN_DOMINF_blocked;
	if (v == current)
		i->flags |= XEN_DOMINF_running;
	if (d->privileged)
		i->flags |= XEN_DOMINF_privileged;
	i->tot_pages = frames_owned_by(d->id);
	i->max_pages = d->max_pages;
	i->cpu_time = v->cpu_time_ns;
	i->nr_online_vcpus = d->nr_vcpus;
	i->weight = d->weight;
	i->cap = d->cap;
	i->evtchn_ports_used = evtchn_ports_in_use(d);
	strncpy_z(i->name, d->name, sizeof(i->name));
}

static long getinfo(struct xen_domctl *op)
{
	struct domain *best = NULL, *d;
	unsigned it = 0;
	while ((d = domain_iter(&it)))
		if (d->state == DOM_RUNNING && d->id >= op->domain && (!best || d->id < best->id))
			best = d;
	if (!best)
		return -XEN_ESRCH;
	fill_info(best, &op->u.getdomaininfo);
	op->domain = best->id;
	return 0;
}

static long scheduler_op(struct domain *d, struct umbra_domctl_scheduler_op *s)
{
	s->sched_id = XEN_SCHEDULER_CREDIT;
	if (s->cmd == XEN_DOMCTL_SCHEDOP_getinfo) {
		s->weight = (uint16_t)d->weight;
		s->cap = (uint16_t)d->cap;
		return 0;
	}
	if (s->cmd != XEN_DOMCTL_SCHEDOP_putinfo)
		return -XEN_EINVAL;
	if (s->weight == 0 || s->cap > 100 * MAX_VCPUS_PER_DOMAIN)
		return -XEN_EINVAL;
	d->weight = s->weight;
	d->cap = s->cap;
	return 0;
}

long do_domctl(uint64_t arg, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct domain *self = current->domain;
	if (!self->privileged)
		return -XEN_EPERM;
	struct xen_domctl op;
	if (copy_from_guest(&op, arg, sizeof(op)))
		return -XEN_EFAULT;
	if (op.interface_version != UMBRA_DOMCTL_INTERFACE_VERSION)
		return -XEN_EACCES;
	long rc;
	struct domain *d = NULL;
	if (op.cmd != XEN_DOMCTL_createdomain && op.cmd != XEN_DOMCTL_getdomaininfo) {
		d = domain_by_id(op.domain);
		if (!d)
			return -XEN_ESRCH;
	}
	switch (op.cmd) {
	case XEN_DOMCTL_createdomain:
		rc = create(&op);
		break;
	case XEN_DOMCTL_getdomaininfo:
		rc = getinfo(&op);
		break;
	case XEN_DOMCTL_destroydomain:
		if (d == self)
			return -XEN_EINVAL;
		log_info("d%u destroyed by d%u", d->id, self->id);
		domain_shutdown(d, SHUTDOWN_poweroff);
		return 0;
	case XEN_DOMCTL_pausedomain:
		if (d == self)
			return -XEN_EINVAL;
		d->pause_count++;
		return 0;
	case XEN_DOMCTL_unpausedomain:
		if (!d->pause_count)
			return -XEN_EINVAL;
		d->pause_count--;
		return 0;
	case XEN_DOMCTL_max_mem:
		d->max_pages = MIN(op.u.max_mem.max_memkb / 4, UINT32_MAX);   /* Xen: unsigned int */
		return 0;
	case XEN_DOMCTL_scheduler_op:
		rc = scheduler_op(d, &op.u.scheduler_op);
		break;
	default:
		return -XEN_ENOSYS;
	}
	if (rc == 0 && copy_to_guest(arg, &op, sizeof(op)))
		return -XEN_EFAULT;
	return rc;
}
