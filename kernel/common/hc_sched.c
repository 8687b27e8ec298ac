/*
 * sched_op: yield, block, poll, shutdown, remote_shutdown.
 *
 * A shutdown never returns to the caller: the domain is torn down
 * (domain.c) and another vCPU runs.  Reasons outside Xen's set are refused
 * with -EINVAL.  block clears the upcall mask first (as Xen's does) and
 * returns at once if an event is deliverable.  poll sleeps until a listed
 * port is pending, even masked, or the absolute timeout passes; every port
 * is range-checked before anything else happens (XSA-221).
 */
#include "console.h"
#include "guest_access.h"
#include "hypercall.h"
#include "sched.h"
#include "../arch/x86_64/lapic.h"

static bool event_deliverable(struct vcpu *v)
{
	return v->vcpu_info->evtchn_upcall_pending && !v->vcpu_info->evtchn_upcall_mask;
}

static long poll(struct vcpu *v, uint64_t arg)
{
	struct sched_poll p;
	if (copy_from_guest(&p, arg, sizeof(p)))
		return -XEN_EFAULT;
	if (p.nr_ports > SCHED_POLL_MAX)
		return -XEN_EINVAL;
	if (copy_from_guest(v->poll_ports, p.ports, p.nr_ports * sizeof(uint32_t)))
		return -XEN_EFAULT;
	for (unsigned i = 0; i < p.nr_ports; i++)
		if (!evtchn_port_valid(v->domain, v->poll_ports[i]))
			return -XEN_EINVAL;
	if (event_deliverable(v))
		return 0;
	for (unsigned i = 0; i < p.nr_ports; i++)
		if (evtchn_port_pending(v->domain, v->poll_ports[i]))
			return 0;
	if (p.timeout && p.timeout <= now_ns())
		return 0;
	v->nr_poll_ports = p.nr_ports;
	v->poll_deadline = p.timeout;
	v->polling = true;
	sched_block(v);
	return 0;
}

static long remote_shutdown(struct domain *self, uint64_t arg)
{
	struct sched_remote_shutdown r;
	if (copy_from_guest(&r, arg, sizeof(r)))
		return -XEN_EFAULT;
	if (!self->privileged)
		return -XEN_EPERM;
	if (r.reason > SHUTDOWN_soft_reset)
		return -XEN_EINVAL;
	struct domain *d = domain_by_id(r.domain_id);
	if (!d)
		return -XEN_ESRCH;
	domain_shutdown(d, r.reason);
	return 0;
}

long do_sched_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	struct vcpu *v = current;
	switch ((int)cmd) {
	case SCHEDOP_block:
		v->vcpu_info->evtchn_upcall_mask = 0;
		if (!event_deliverable(v))
			sched_block(v);
		return 0;
	case SCHEDOP_poll:
		return poll(v, arg);
	case SCHEDOP_remote_shutdown:
		return remote_shutdown(v->domain, arg);
	case SCHEDOP_yield:
		sched_yield(current);
		return 0;
	case SCHEDOP_shutdown: {
		struct sched_shutdown s;
		if (copy_from_guest(&s, arg, sizeof(s)))
			return -XEN_EFAULT;
		if (s.reason > SHUTDOWN_soft_reset)
			return -XEN_EINVAL;
		domain_shutdown(current->domain, s.reason);
		return 0;               /* never seen: the domain does not run again */
	}
	default:
		return -XEN_ENOSYS;
	}
}
