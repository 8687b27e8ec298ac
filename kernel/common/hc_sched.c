/*
 * sched_op: yield, block, poll, shutdown, remote_shutdown, for the calling
 * vCPU.
 *
 * A shutdown never returns to the caller: the domain is torn down
 * (domain.c) and another vCPU runs.  Reasons outside Xen's set are refused
 * with -EINVAL.  block clears the vCPU's upcall mask first (as Xen's does)
 * and returns at once if an event is deliverable to it.  poll is Xen 4.17's:
 * more than 128 ports, or a list starting outside guest space, is refused
 * first;
 * then it returns at once if an upcall is deliverable; then it reads the
 * ports one at a time, in order, each checked before use (XSA-221): one
 * that is not a port in use is -EINVAL, one that is pending (even masked)
 * ends the poll with 0 there, before later ports are read.  Otherwise the
 * vCPU sleeps until the one port it named (or, naming several or none, any
 * port of its domain) becomes pending, an upcall is raised for it, or the
 * absolute timeout passes.
 */
#include "console.h"
#include "guest_access.h"
#include "hypercall.h"
#include "pv.h"
#include "sched.h"
#include "../arch/x86_64/lapic.h"

static long poll(struct vcpu *v, uint64_t arg)
{
	struct sched_poll p;
	if (copy_from_guest(&p, arg, sizeof(p)))
		return -XEN_EFAULT;
	if (p.nr_ports > SCHED_POLL_MAX)
		return -XEN_EINVAL;
	if (!guest_addr_ok(p.ports))
		return -XEN_EFAULT;
	if (pv_upcall_due(v->vcpu_info))
		return 0;
	uint32_t port = 0;
	for (unsigned i = 0; i < p.nr_ports; i++) {
		if (copy_from_guest(&port, p.ports + i * sizeof(uint32_t), sizeof(port)))
			return -XEN_EFAULT;
		int rc = evtchn_poll_port(v->domain, port);
		if (rc)
			return rc < 0 ? rc : 0;
	}
	v->poll_any = p.nr_ports != 1;
	v->poll_port = port;
	v->poll_deadline = p.timeout;
	v->polling = true;
	sched_block(v);
	if (p.timeout)                          /* one already past ends the poll at once */
		timer_check(v, (int64_t)now_ns());
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
		if (!pv_upcall_due(v->vcpu_info))
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
