/*
 * domctl: the privileged domain's control over domains, in Xen 4.17's
 * layouts (public/domctl.h).
 *
 * Rule: the answers come in Xen's order.  An unreadable argument is
 * -EFAULT, a wrong interface version -EACCES; then the target domain is
 * looked up (-ESRCH), except for the commands that name none; only then is
 * the caller's privilege checked (-EPERM), as Xen's default policy does.
 * Nothing past that point is reachable by an unprivileged domain.  A domain
 * cannot pause, destroy or reshape itself through domctl (-EINVAL; it has
 * sched_op).  The toolstack's pause count is Xen's: at most 255, and an
 * unpause below zero is -EINVAL; the first unpause that brings it to 0
 * ends the domain's build (creation_finished, as in Xen: the commands that
 * build it are refused from then on, hc_domctl_vcpu.c).  Everything a
 * destroyed domain holds comes back (domain_destroy), which is what the
 * domain-churn test counts.
 */
#include "console.h"
#include "domctl.h"
#include "guest_access.h"
#include "hypercall.h"
#include "mm.h"
#include "sched.h"
#include "../arch/x86_64/cpu.h"

#define TOOLSTACK_PAUSE_MAX 255

struct domain *domctl_next_domain(domid_t first)
{
	struct domain *best = NULL, *d;
	unsigned it = 0;
	while ((d = domain_iter(&it)))
		if (d->state == DOM_RUNNING && d->id >= first && (!best || d->id < best->id))
			best = d;
	return best;
}

void domctl_fill_info(const struct domain *d, struct xen_domctl_getdomaininfo *i)
{
	memset(i, 0, sizeof(*i));
	i->domain = d->id;
	i->max_vcpu_id = d->nr_vcpus ? d->nr_vcpus - 1 : XEN_INVALID_MAX_VCPU_ID;
	/* As Xen: blocked when every vCPU that is up is blocked; the CPU time of all. */
	uint32_t busy = XEN_DOMINF_blocked;
	for (unsigned k = 0; k < d->nr_vcpus; k++) {
		const struct vcpu *v = d->vcpus[k];
		i->cpu_time += v->cpu_time_ns;
		if (v->down)
			continue;
		i->nr_online_vcpus++;
		if (!v->blocked)
			busy &= ~XEN_DOMINF_blocked;
		if (v == current)
			busy |= XEN_DOMINF_running;
	}
	i->flags = i->nr_online_vcpus ? busy : 0;
	/* Xen's shutdown code field: all ones (its "invalid" code) until a shutdown sets it. */
	uint32_t code = d->state == DOM_SHUTDOWN ? d->shutdown_reason : ~0u;
	i->flags |= code << XEN_DOMINF_shutdownshift;
	if (d->state == DOM_SHUTDOWN)
		i->flags |= XEN_DOMINF_shutdown;
	if (d->pause_count)
		i->flags |= XEN_DOMINF_paused;
	i->tot_pages = d->nr_pages;
	i->max_pages = d->max_pages;
	i->shared_info_frame = d->shared_info_mfn;     /* a PV domain's gfn is its mfn */
	memcpy(i->handle, d->handle, sizeof(i->handle));
	uint32_t r[4];
	cpuid(0x80000008, 0, r);
	i->gpaddr_bits = (uint8_t)r[0];         /* a PV domain's: the machine's physical address width */
}

static long getinfo(struct xen_domctl *op)
{
	if (op->domain >= DOMID_FIRST_RESERVED)
		return -XEN_EINVAL;
	struct domain *d = domctl_next_domain(op->domain);
	if (!d)
		return -XEN_ESRCH;
	if (op->cmd == UMBRA_DOMCTL_getinfo_ext) {
		struct umbra_domctl_getinfo_ext *x = &op->u.getinfo_ext;
		memset(x, 0, sizeof(*x));
		x->domain = d->id;
		x->privileged = d->privileged;
		x->evtchn_ports_used = evtchn_ports_in_use(d);
		strncpy_z(x->name, d->name, sizeof(x->name));
		x->store_mfn = d->store_mfn;
		x->console_mfn = d->console_mfn;
		x->store_port = d->store_port;
		x->console_port = d->console_port;
	} else {
		domctl_fill_info(d, &op->u.getdomaininfo);
	}
	op->domain = d->id;
	return 0;
}

static long getvcpuinfo(struct domain *d, struct xen_domctl_getvcpuinfo *g)
{
	uint32_t id = g->vcpu;
	if (id >= d->mmu.max_vcpus)
		return -XEN_EINVAL;
	struct vcpu *v = domain_vcpu(d, id);
	if (!v)
		return -XEN_ESRCH;
	g->online = !v->down;
	g->blocked = v->blocked;
	g->running = v == current;
	g->cpu_time = v->cpu_time_ns;
	g->cpu = 0;
	return 0;
}

/* Umbra's scheduler is credit-like and says so; Xen's credit semantics. */
static long scheduler_op(struct domain *d, struct xen_domctl_scheduler_op *s)
{
	if (s->sched_id != XEN_SCHEDULER_CREDIT)
		return -XEN_EINVAL;
	switch (s->cmd) {
	case XEN_DOMCTL_SCHEDOP_getinfo:
		s->u.credit.weight = (uint16_t)d->weight;
		s->u.credit.cap = (uint16_t)d->cap;
		return 0;
	case XEN_DOMCTL_SCHEDOP_putinfo: {
		uint16_t weight = s->u.credit.weight, cap = s->u.credit.cap;
		if (weight)
			d->weight = weight;
		if (cap != 0xffff)
			d->cap = cap;
		return 0;
	}
	default:        /* per-vCPU parameters: credit has none */
		return -XEN_EINVAL;
	}
}

static bool names_no_domain(uint32_t cmd)
{
	return cmd == XEN_DOMCTL_createdomain || cmd == XEN_DOMCTL_getdomaininfo ||
	       cmd == UMBRA_DOMCTL_getinfo_ext;
}

long do_domctl(uint64_t arg, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct domain *self = current->domain;
	struct xen_domctl op;
	if (copy_from_guest(&op, arg, sizeof(op)))
		return -XEN_EFAULT;
	if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
		return -XEN_EACCES;
	struct domain *d = NULL;
	if (!names_no_domain(op.cmd) && !(d = domain_by_id(op.domain)))
		return -XEN_ESRCH;
	if (!self->privileged)
		return -XEN_EPERM;
	long rc;
	switch (op.cmd) {
	case XEN_DOMCTL_createdomain:
		rc = domctl_createdomain(&op);
		break;
	case XEN_DOMCTL_getdomaininfo:
	case UMBRA_DOMCTL_getinfo_ext:
		rc = getinfo(&op);
		break;
	case XEN_DOMCTL_getvcpuinfo:
		rc = getvcpuinfo(d, &op.u.getvcpuinfo);
		break;
	case XEN_DOMCTL_setvcpucontext:
		return domctl_setvcpucontext(d, &op.u.vcpucontext);
	case XEN_DOMCTL_getvcpucontext:
		rc = domctl_getvcpucontext(d, &op.u.vcpucontext);
		break;
	case XEN_DOMCTL_hypercall_init:
		return domctl_hypercall_init(d, op.u.hypercall_init.gmfn);
	case XEN_DOMCTL_scheduler_op:
		rc = scheduler_op(d, &op.u.scheduler_op);
		break;
	case UMBRA_DOMCTL_build_from_module:
		return d == self ? -XEN_EINVAL : domctl_build_from_module(d, &op.u.build_from_module);
	case XEN_DOMCTL_destroydomain:
		if (d == self)
			return -XEN_EINVAL;
		log_info("d%u destroyed by d%u", d->id, self->id);
		domain_shutdown(d, SHUTDOWN_poweroff);
		return 0;
	case XEN_DOMCTL_pausedomain:
		if (d == self)
			return -XEN_EINVAL;
		if (d->pause_count >= TOOLSTACK_PAUSE_MAX)
			return -XEN_EOVERFLOW;
		d->pause_count++;
		return 0;
	case XEN_DOMCTL_unpausedomain:
		if (!d->pause_count)
			return -XEN_EINVAL;
		if (--d->pause_count == 0)
			d->creation_finished = true;    /* as Xen: its first run ends the build */
		return 0;
	case XEN_DOMCTL_max_mem:
		d->max_pages = MIN(op.u.max_mem.max_memkb / 4, UINT32_MAX);   /* Xen: unsigned int */
		return 0;
	case XEN_DOMCTL_max_vcpus:      /* Umbra made them at createdomain: only the check is left */
		return d == self || op.u.max_vcpus.max != d->mmu.max_vcpus ? -XEN_EINVAL : 0;
	default:
		return -XEN_ENOSYS;
	}
	if (rc == 0 && copy_to_guest(arg, &op, sizeof(op)))
		return -XEN_EFAULT;
	return rc;
}
