/*
 * Event channels (see evtchn.h for the rules this file enforces).
 *
 * Consent: an interdomain channel exists only if the remote side allocated an
 * unbound port naming the binder; nobody can attach to a port it was not
 * offered.  Teardown: when a domain goes, each of its interdomain ports'
 * peers goes back to unbound, accepting the dead domain's id (which is never
 * reused), so a peer's send is silently dropped, as in Xen.  Each operation
 * checks its arguments in Xen's order, so a bad call fails with Xen's error:
 * the target domain (-ESRCH) before the caller's right to it (-EPERM), a vCPU
 * (-ENOENT) before a port (-EINVAL) where Xen does.
 *
 * The port table lives in hypervisor frames, EVTCHN_PER_FRAME ports each,
 * taken as buckets are added and given back by evtchn_free().
 */
#include "console.h"
#include "domain.h"
#include "evtchn.h"
#include "guest_access.h"
#include "mm.h"
#include "pirq.h"
#include "sched.h"

static struct evtchn *chn(struct domain *d, uint32_t port)
{
	return &d->evtchn.frame[port / EVTCHN_PER_FRAME][port % EVTCHN_PER_FRAME];
}

static bool port_valid(struct domain *d, uint32_t port)
{
	return port < d->evtchn.valid;
}

/* Add the next bucket of ports (and the frame that holds it, if new). */
static int add_bucket(struct domain *d)
{
	struct evtchn_table *t = &d->evtchn;
	uint32_t first = t->valid;
	if (first >= EVTCHN_MAX_PORTS)
		return -XEN_ENOSPC;
	if (!t->frame[first / EVTCHN_PER_FRAME]) {
		uint64_t mfn = frame_alloc_xen();
		if (!mfn)
			return -XEN_ENOMEM;
		t->frame[first / EVTCHN_PER_FRAME] = mfn_to_virt(mfn);
	}
	t->valid = first + EVTCHN_BUCKET_PORTS;
	return 0;
}

int evtchn_init(struct domain *d, uint32_t nr_ports)
{
	struct evtchn_table *t = &d->evtchn;
	if (!nr_ports)
		nr_ports = d->privileged ? EVTCHN_MAX_PORTS : EVTCHN_DEFAULT_PORTS;
	t->max_port = MIN(nr_ports, EVTCHN_MAX_PORTS) - 1;
	if (t->valid)
		return 0;
	int rc = add_bucket(d);
	if (rc)
		return rc;
	chn(d, 0)->state = ECS_RESERVED;
	return 0;
}

void evtchn_free(struct domain *d)
{
	struct evtchn_table *t = &d->evtchn;
	for (unsigned i = 0; i < ARRAY_SIZE(t->frame); i++)
		if (t->frame[i])
			frame_free_xen(((uint64_t)t->frame[i] - DIRECTMAP_BASE) >> PAGE_SHIFT);
	memset(t, 0, sizeof(*t));
}

uint32_t evtchn_ports_in_use(struct domain *d)
{
	uint32_t n = 0;
	for (uint32_t p = 1; p < d->evtchn.valid; p++)
		n += chn(d, p)->state != ECS_FREE;
	return n;
}

static bool test_and_set(uint64_t *words, unsigned bit)
{
	return __atomic_fetch_or(&words[bit / 64], 1ull << (bit % 64), __ATOMIC_SEQ_CST) >> (bit % 64) & 1;
}

static bool test_and_clear(uint64_t *words, unsigned bit)
{
	return __atomic_fetch_and(&words[bit / 64], ~(1ull << (bit % 64)), __ATOMIC_SEQ_CST) >> (bit % 64) & 1;
}

static bool test_bit(const uint64_t *words, unsigned bit)
{
	return (words[bit / 64] >> (bit % 64)) & 1;
}

int evtchn_poll_port(struct domain *d, uint32_t port)
{
	if (!port_valid(d, port) || chn(d, port)->state <= ECS_RESERVED)
		return -XEN_EINVAL;
	return test_bit(d->shared_info->evtchn_pending, port);
}

void evtchn_mark_vcpu_pending(struct vcpu *v)
{
	if (__atomic_exchange_n(&v->vcpu_info->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST))
		return;
	sched_wake(v);
}

/* Xen's 2-level raise: pending, then selector and upcall_pending if unmasked,
 * then the domain's pollers. */
static void set_pending(struct domain *d, uint32_t port)
{
	struct shared_info *s = d->shared_info;
	struct vcpu *v = d->vcpus[chn(d, port)->notify_vcpu];
	if (test_and_set(s->evtchn_pending, port))
		return;
	if (!test_bit(s->evtchn_mask, port) && !test_and_set(&v->vcpu_info->evtchn_pending_sel, port / 64))
		evtchn_mark_vcpu_pending(v);
	sched_poll_wake(d, port);
}

void evtchn_raise(struct domain *d, uint32_t port)
{
	set_pending(d, port);
}

/* The lowest free port up to the limit, adding a bucket when all below are in use. */
static int alloc_port(struct domain *d)
{
	for (uint32_t p = 0; p <= d->evtchn.max_port; p++) {
		if (!port_valid(d, p)) {
			int rc = add_bucket(d);
			return rc ? rc : (int)p;
		}
		if (chn(d, p)->state == ECS_FREE)
			return (int)p;
	}
	return -XEN_ENOSPC;
}

static void free_port(struct domain *d, uint32_t port)
{
	*chn(d, port) = (struct evtchn){ 0 };
	test_and_clear(d->shared_info->evtchn_pending, port);
}

/* Xen's rcu_lock_domain_by_any_id: DOMID_SELF or an id; NULL if none. */
static struct domain *any_domain(struct domain *self, domid_t id)
{
	return id == DOMID_SELF ? self : domain_by_id(id);
}

/* XSM's default for "target" operations: yourself, or any domain if privileged. */
static bool may_target(struct domain *self, struct domain *d)
{
	return d == self || self->privileged;
}

static long op_alloc_unbound(struct domain *self, struct evtchn_alloc_unbound *a)
{
	struct domain *d = any_domain(self, a->dom);
	if (!d)
		return -XEN_ESRCH;
	int port = alloc_port(d);               /* before the permission check, as Xen */
	if (port < 0)
		return port;
	if (!may_target(self, d))
		return -XEN_EPERM;
	*chn(d, (uint32_t)port) = (struct evtchn){
		.state = ECS_UNBOUND,
		.remote_dom = a->remote_dom == DOMID_SELF ? self->id : a->remote_dom,
	};
	a->port = (uint32_t)port;
	return 0;
}

static long op_bind_interdomain(struct domain *self, struct evtchn_bind_interdomain *b)
{
	struct domain *rd = any_domain(self, b->remote_dom);
	if (!rd)
		return -XEN_ESRCH;
	int port = alloc_port(self);
	if (port < 0)
		return port;
	if (!port_valid(rd, b->remote_port))
		return -XEN_EINVAL;
	struct evtchn *rc = chn(rd, b->remote_port);
	if (rc->state != ECS_UNBOUND || rc->remote_dom != self->id)
		return -XEN_EINVAL;
	*chn(self, (uint32_t)port) = (struct evtchn){ .state = ECS_INTERDOMAIN, .remote_dom = rd->id,
						      .remote_port = b->remote_port };
	rc->state = ECS_INTERDOMAIN;
	rc->remote_dom = self->id;
	rc->remote_port = (uint32_t)port;
	b->local_port = (uint32_t)port;
	set_pending(self, (uint32_t)port);      /* the peer may have signalled already */
	return 0;
}

/* Per-vCPU VIRQs (Xen's virq_is_global() false): one binding on each vCPU. */
static bool virq_per_vcpu(uint32_t virq)
{
	return virq == VIRQ_TIMER || virq == VIRQ_DEBUG || virq == VIRQ_XENOPROF || virq == VIRQ_XENPMU;
}

/* VIRQ_CONSOLE belongs to one domain at a time (-EBUSY for the others). */
static domid_t virq_console_owner = DOMID_INVALID;

static long op_bind_virq(struct domain *self, struct evtchn_bind_virq *b)
{
	if (b->virq >= NR_VIRQS)
		return -XEN_EINVAL;
	if (!virq_per_vcpu(b->virq) && b->vcpu != 0)
		return -XEN_EINVAL;
	struct vcpu *v = domain_vcpu(self, b->vcpu);
	if (!v)
		return -XEN_ENOENT;
	if (v->virq_port[b->virq])
		return -XEN_EEXIST;
	if (b->virq == VIRQ_CONSOLE && virq_console_owner != DOMID_INVALID &&
	    virq_console_owner != self->id)
		return -XEN_EBUSY;
	int port = alloc_port(self);
	if (port < 0)
		return port;
	*chn(self, (uint32_t)port) = (struct evtchn){ .state = ECS_VIRQ, .virq = (uint16_t)b->virq,
						      .notify_vcpu = (uint8_t)v->id };
	v->virq_port[b->virq] = (uint32_t)port;
	if (b->virq == VIRQ_CONSOLE)
		virq_console_owner = self->id;
	b->port = (uint32_t)port;
	return 0;
}

static long op_bind_ipi(struct domain *self, struct evtchn_bind_ipi *b)
{
	struct vcpu *v = domain_vcpu(self, b->vcpu);
	if (!v)
		return -XEN_ENOENT;
	int port = alloc_port(self);
	if (port < 0)
		return port;
	*chn(self, (uint32_t)port) = (struct evtchn){ .state = ECS_IPI, .notify_vcpu = (uint8_t)v->id };
	b->port = (uint32_t)port;
	return 0;
}

/* Xen's order: the PIRQ's range (-EINVAL), the domain's right to it
 * (-EPERM), an existing binding (-EEXIST), the line's sharing (-EBUSY);
 * the port notifies vCPU 0. */
static long op_bind_pirq(struct domain *self, struct evtchn_bind_pirq *b)
{
	int rc = pirq_bind_check(self, b->pirq, b->flags);
	if (rc)
		return rc;
	int port = alloc_port(self);
	if (port < 0)
		return port;
	*chn(self, (uint32_t)port) = (struct evtchn){ .state = ECS_PIRQ, .virq = (uint16_t)b->pirq };
	pirq_bind(self, b->pirq, b->flags, (uint32_t)port);
	b->port = (uint32_t)port;
	return 0;
}

static long close_port(struct domain *d, uint32_t port)
{
	if (!port_valid(d, port))
		return -XEN_EINVAL;
	struct evtchn *c = chn(d, port);
	switch (c->state) {
	case ECS_FREE:
	case ECS_RESERVED:
		return -XEN_EINVAL;
	case ECS_VIRQ:
		for (unsigned k = 0; k < d->nr_vcpus; k++)
			if (d->vcpus[k]->virq_port[c->virq] == port)
				d->vcpus[k]->virq_port[c->virq] = 0;
		if (c->virq == VIRQ_CONSOLE)
			virq_console_owner = DOMID_INVALID;
		break;
	case ECS_PIRQ:
		pirq_unbind(d, c->virq, port);
		break;
	case ECS_INTERDOMAIN: {
		struct domain *rd = domain_by_id(c->remote_dom);
		if (rd) {
			struct evtchn *rc = chn(rd, c->remote_port);
			rc->state = ECS_UNBOUND;
			rc->remote_dom = d->id;
			rc->remote_port = 0;
		}
		break;
	}
	default:
		break;
	}
	free_port(d, port);
	return 0;
}

static long op_send(struct domain *self, uint32_t port)
{
	if (!port_valid(self, port))
		return -XEN_EINVAL;
	struct evtchn *c = chn(self, port);
	switch (c->state) {
	case ECS_INTERDOMAIN: {
		struct domain *rd = domain_by_id(c->remote_dom);
		if (rd)
			set_pending(rd, c->remote_port);
		return 0;
	}
	case ECS_IPI:
		set_pending(self, port);
		return 0;
	case ECS_UNBOUND:
		return 0;
	default:
		return -XEN_EINVAL;
	}
}

static long op_unmask(struct domain *self, uint32_t port)
{
	if (!port_valid(self, port))
		return -XEN_EINVAL;
	struct shared_info *s = self->shared_info;
	struct vcpu *v = self->vcpus[chn(self, port)->notify_vcpu];
	if (test_and_clear(s->evtchn_mask, port) && test_bit(s->evtchn_pending, port) &&
	    !test_and_set(&v->vcpu_info->evtchn_pending_sel, port / 64))
		evtchn_mark_vcpu_pending(v);
	return 0;
}

/* As Xen, only the fields of the port's state are written; the rest of the
 * union is returned as the caller passed it. */
static long op_status(struct domain *self, struct evtchn_status *st)
{
	struct domain *d = any_domain(self, st->dom);
	if (!d)
		return -XEN_ESRCH;
	if (!port_valid(d, st->port))
		return -XEN_EINVAL;
	if (!may_target(self, d))
		return -XEN_EPERM;
	struct evtchn *c = chn(d, st->port);
	static const uint32_t status_of[] = {
		[ECS_FREE] = EVTCHNSTAT_closed, [ECS_RESERVED] = EVTCHNSTAT_closed,
		[ECS_UNBOUND] = EVTCHNSTAT_unbound, [ECS_INTERDOMAIN] = EVTCHNSTAT_interdomain,
		[ECS_PIRQ] = EVTCHNSTAT_pirq, [ECS_VIRQ] = EVTCHNSTAT_virq, [ECS_IPI] = EVTCHNSTAT_ipi,
	};
	st->status = status_of[c->state];
	st->vcpu = c->notify_vcpu;
	if (c->state == ECS_UNBOUND)
		st->u.unbound.dom = c->remote_dom;
	else if (c->state == ECS_INTERDOMAIN) {
		st->u.interdomain.dom = c->remote_dom;
		st->u.interdomain.port = c->remote_port;
	} else if (c->state == ECS_VIRQ)
		st->u.virq = c->virq;
	else if (c->state == ECS_PIRQ)
		st->u.pirq = c->virq;
	return 0;
}

static long op_bind_vcpu(struct domain *self, struct evtchn_bind_vcpu *b)
{
	struct vcpu *v = domain_vcpu(self, b->vcpu);
	if (!v)
		return -XEN_ENOENT;
	if (!port_valid(self, b->port))
		return -XEN_EINVAL;
	struct evtchn *c = chn(self, b->port);
	if (c->state != ECS_INTERDOMAIN && c->state != ECS_UNBOUND &&
	    !(c->state == ECS_VIRQ && !virq_per_vcpu(c->virq)))
		return -XEN_EINVAL;
	c->notify_vcpu = (uint8_t)v->id;
	return 0;
}

void evtchn_destroy(struct domain *d)
{
	for (uint32_t p = 1; p < d->evtchn.valid; p++)
		if (chn(d, p)->state != ECS_FREE)
			close_port(d, p);
}

/* Another domain's table is reset only while that domain is paused (Xen). */
static long op_reset(struct domain *self, uint16_t dom)
{
	struct domain *d = any_domain(self, dom);
	if (!d)
		return -XEN_ESRCH;
	if (!may_target(self, d))
		return -XEN_EPERM;
	if (d != self && !d->pause_count)
		return -XEN_EINVAL;
	evtchn_destroy(d);
	return 0;
}

/* The FIFO ABI is not offered: the answers of a Xen built without it. */
static long op_set_priority(struct domain *self, const struct evtchn_set_priority *p)
{
	return port_valid(self, p->port) ? -XEN_ENOSYS : -XEN_EINVAL;
}

void evtchn_send_virq(struct vcpu *v, unsigned virq)
{
	uint32_t port = v->virq_port[virq];
	if (port)
		set_pending(v->domain, port);
}

void evtchn_send_global_virq(unsigned virq)
{
	struct domain *d;
	unsigned it = 0;
	while ((d = domain_iter(&it)))
		if (d->initial && d->state == DOM_RUNNING && d->nr_vcpus)
			evtchn_send_virq(d->vcpus[0], virq);
}

int evtchn_alloc_unbound_in(struct domain *d, domid_t remote)
{
	int port = alloc_port(d);
	if (port >= 0)
		*chn(d, (uint32_t)port) = (struct evtchn){ .state = ECS_UNBOUND, .remote_dom = remote };
	return port;
}

/* Decode: copy the op's struct in, run it, copy results out. */
long evtchn_op(struct domain *self, unsigned cmd, uint64_t arg)
{
	union {
		struct evtchn_alloc_unbound alloc;
		struct evtchn_bind_interdomain inter;
		struct evtchn_bind_virq virq;
		struct evtchn_bind_ipi ipi;
		struct evtchn_bind_pirq pirq;
		struct evtchn_bind_vcpu bvcpu;
		struct evtchn_status status;
		struct evtchn_init_control init;
		struct evtchn_expand_array expand;
		struct evtchn_set_priority prio;
		uint32_t port;
		uint16_t dom;
	} u;
	static const uint8_t size[] = {
		[EVTCHNOP_bind_interdomain] = sizeof(u.inter), [EVTCHNOP_bind_virq] = sizeof(u.virq),
		[EVTCHNOP_close] = 4, [EVTCHNOP_send] = 4, [EVTCHNOP_status] = sizeof(u.status),
		[EVTCHNOP_alloc_unbound] = sizeof(u.alloc), [EVTCHNOP_bind_ipi] = sizeof(u.ipi),
		[EVTCHNOP_bind_pirq] = sizeof(u.pirq),
		[EVTCHNOP_bind_vcpu] = sizeof(u.bvcpu), [EVTCHNOP_unmask] = 4, [EVTCHNOP_reset] = 2,
		[EVTCHNOP_init_control] = sizeof(u.init), [EVTCHNOP_expand_array] = sizeof(u.expand),
		[EVTCHNOP_set_priority] = sizeof(u.prio), [EVTCHNOP_reset_cont] = 2,
	};
	if (cmd >= ARRAY_SIZE(size) || !size[cmd])
		return -XEN_ENOSYS;
	if (copy_from_guest(&u, arg, size[cmd]))
		return -XEN_EFAULT;
	long rc;
	switch (cmd) {
	case EVTCHNOP_alloc_unbound: rc = op_alloc_unbound(self, &u.alloc); break;
	case EVTCHNOP_bind_interdomain: rc = op_bind_interdomain(self, &u.inter); break;
	case EVTCHNOP_bind_virq: rc = op_bind_virq(self, &u.virq); break;
	case EVTCHNOP_bind_ipi: rc = op_bind_ipi(self, &u.ipi); break;
	case EVTCHNOP_bind_pirq: rc = op_bind_pirq(self, &u.pirq); break;
	case EVTCHNOP_status: rc = op_status(self, &u.status); break;
	case EVTCHNOP_bind_vcpu: return op_bind_vcpu(self, &u.bvcpu);
	case EVTCHNOP_close: return close_port(self, u.port);
	case EVTCHNOP_send: return op_send(self, u.port);
	case EVTCHNOP_unmask: return op_unmask(self, u.port);
	case EVTCHNOP_reset:
	case EVTCHNOP_reset_cont: return op_reset(self, u.dom);
	case EVTCHNOP_init_control:
	case EVTCHNOP_expand_array: return -XEN_EOPNOTSUPP;
	default: return op_set_priority(self, &u.prio);
	}
	if (rc == 0 && copy_to_guest(arg, &u, size[cmd]))
		return -XEN_EFAULT;
	return rc;
}
