/*
 * Event channels (see evtchn.h for the rules this file enforces).
 *
 * Consent: an interdomain channel exists only if the remote side allocated an
 * unbound port naming the binder; nobody can attach to a port it was not
 * offered.  Teardown: when a domain goes, each of its interdomain ports'
 * peers goes back to unbound, accepting the dead domain's id (which is never
 * reused), so a peer's send is silently dropped, as in Xen.
 */
#include "console.h"
#include "domain.h"
#include "evtchn.h"
#include "guest_access.h"
#include "sched.h"

void evtchn_init(struct domain *d, uint32_t max_ports)
{
	struct evtchn_table *t = &d->evtchn;
	memset(t, 0, sizeof(*t));
	t->max_ports = MIN(max_ports ? max_ports : EVTCHN_MAX_PORTS, EVTCHN_MAX_PORTS);
	t->port[0].state = ECS_RESERVED;
}

bool evtchn_port_valid(struct domain *d, uint32_t port)
{
	return port < d->evtchn.max_ports;
}

uint32_t evtchn_ports_in_use(struct domain *d)
{
	uint32_t n = 0;
	for (uint32_t p = 1; p < d->evtchn.max_ports; p++)
		n += d->evtchn.port[p].state != ECS_FREE;
	return n;
}

static bool test_and_set(uint64_t *words, unsigned bit)
{
	bool old = (words[bit / 64] >> (bit % 64)) & 1;
	words[bit / 64] |= 1ull << (bit % 64);
	return old;
}

static bool test_bit(const uint64_t *words, unsigned bit)
{
	return (words[bit / 64] >> (bit % 64)) & 1;
}

bool evtchn_port_pending(struct domain *d, uint32_t port)
{
	return evtchn_port_valid(d, port) && test_bit(d->shared_info->evtchn_pending, port);
}

static void mark_vcpu_pending(struct vcpu *v, uint32_t port)
{
	if (!test_and_set(&v->vcpu_info->evtchn_pending_sel, port / 64) &&
	    !v->vcpu_info->evtchn_upcall_pending) {
		v->vcpu_info->evtchn_upcall_pending = 1;
		sched_wake(v);
	}
}

/* Xen's 2-level raise: pending, then selector and upcall_pending if unmasked. */
static void set_pending(struct domain *d, uint32_t port)
{
	struct shared_info *s = d->shared_info;
	struct vcpu *v = d->vcpus[d->evtchn.port[port].notify_vcpu];
	if (test_and_set(s->evtchn_pending, port))
		return;
	if (!test_bit(s->evtchn_mask, port))
		mark_vcpu_pending(v, port);
	sched_poll_wake(v, port);
}

static int alloc_port(struct domain *d)
{
	for (uint32_t p = 1; p < d->evtchn.max_ports; p++)
		if (d->evtchn.port[p].state == ECS_FREE)
			return (int)p;
	return -XEN_ENOSPC;
}

static void free_port(struct domain *d, uint32_t port)
{
	d->evtchn.port[port] = (struct evtchn){ 0 };
	d->shared_info->evtchn_pending[port / 64] &= ~(1ull << (port % 64));
}

static struct domain *target_domain(struct domain *self, domid_t id, long *err)
{
	if (id == DOMID_SELF || id == self->id)
		return self;
	if (!self->privileged) {
		*err = -XEN_EPERM;
		return NULL;
	}
	struct domain *d = domain_by_id(id);
	if (!d)
		*err = -XEN_ESRCH;
	return d;
}

static long op_alloc_unbound(struct domain *self, struct evtchn_alloc_unbound *a)
{
	long err = 0;
	struct domain *d = target_domain(self, a->dom, &err);
	if (!d)
		return err;
	int port = alloc_port(d);
	if (port < 0)
		return port;
	d->evtchn.port[port] = (struct evtchn){
		.state = ECS_UNBOUND,
		.remote_dom = a->remote_dom == DOMID_SELF ? self->id : a->remote_dom,
	};
	a->port = (uint32_t)port;
	return 0;
}

static long op_bind_interdomain(struct domain *self, struct evtchn_bind_interdomain *b)
{
	struct domain *rd = b->remote_dom == DOMID_SELF ? self : domain_by_id(b->remote_dom);
	if (!rd)
		return -XEN_ESRCH;
	if (!evtchn_port_valid(rd, b->remote_port))
		return -XEN_EINVAL;
	struct evtchn *rc = &rd->evtchn.port[b->remote_port];
	if (rc->state != ECS_UNBOUND || rc->remote_dom != self->id)
		return -XEN_EINVAL;
	int port = alloc_port(self);
	if (port < 0)
		return port;
	self->evtchn.port[port] = (struct evtchn){ .state = ECS_INTERDOMAIN, .remote_dom = rd->id,
						   .remote_port = b->remote_port };
	rc->state = ECS_INTERDOMAIN;
	rc->remote_dom = self->id;
	rc->remote_port = (uint32_t)port;
	b->local_port = (uint32_t)port;
	set_pending(self, (uint32_t)port);      /* the peer may have signalled already */
	return 0;
}

/* Global VIRQs belong to one domain at a time (Xen: -EBUSY for the others). */
static domid_t virq_console_owner = DOMID_INVALID;

static long op_bind_virq(struct domain *self, struct evtchn_bind_virq *b)
{
	if (b->virq >= NR_VIRQS)
		return -XEN_EINVAL;
	bool per_vcpu = b->virq == VIRQ_TIMER || b->virq == VIRQ_DEBUG;
	if (!per_vcpu && b->vcpu != 0)
		return -XEN_EINVAL;
	if (b->vcpu >= self->nr_vcpus)
		return -XEN_ENOENT;
	if (b->virq != VIRQ_TIMER && b->virq != VIRQ_DEBUG && b->virq != VIRQ_CONSOLE)
		return -XEN_EINVAL;
	struct vcpu *v = self->vcpus[b->vcpu];
	if (v->virq_port[b->virq])
		return -XEN_EEXIST;
	if (b->virq == VIRQ_CONSOLE && virq_console_owner != DOMID_INVALID &&
	    virq_console_owner != self->id)
		return -XEN_EBUSY;
	int port = alloc_port(self);
	if (port < 0)
		return port;
	self->evtchn.port[port] = (struct evtchn){ .state = ECS_VIRQ, .virq = (uint16_t)b->virq,
						   .notify_vcpu = (uint8_t)b->vcpu };
	v->virq_port[b->virq] = (uint32_t)port;
	if (b->virq == VIRQ_CONSOLE)
		virq_console_owner = self->id;
	b->port = (uint32_t)port;
	return 0;
}

static long op_bind_ipi(struct domain *self, struct evtchn_bind_ipi *b)
{
	if (b->vcpu >= self->nr_vcpus)
		return -XEN_ENOENT;
	int port = alloc_port(self);
	if (port < 0)
		return port;
	self->evtchn.port[port] = (struct evtchn){ .state = ECS_IPI, .notify_vcpu = (uint8_t)b->vcpu };
	b->port = (uint32_t)port;
	return 0;
}

static long close_port(struct domain *d, uint32_t port)
{
	if (!evtchn_port_valid(d, port))
		return -XEN_EINVAL;
	struct evtchn *c = &d->evtchn.port[port];
	switch (c->state) {
	case ECS_FREE:
	case ECS_RESERVED:
		return -XEN_EINVAL;
	case ECS_VIRQ:
		d->vcpus[c->notify_vcpu]->virq_port[c->virq] = 0;
		if (c->virq == VIRQ_CONSOLE)
			virq_console_owner = DOMID_INVALID;
		break;
	case ECS_INTERDOMAIN: {
		struct domain *rd = domain_by_id(c->remote_dom);
		if (rd) {
			struct evtchn *rc = &rd->evtchn.port[c->remote_port];
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
	if (!evtchn_port_valid(self, port))
		return -XEN_EINVAL;
	struct evtchn *c = &self->evtchn.port[port];
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
	if (!evtchn_port_valid(self, port))
		return -XEN_EINVAL;
	struct shared_info *s = self->shared_info;
	struct vcpu *v = self->vcpus[self->evtchn.port[port].notify_vcpu];
	bool was_masked = test_bit(s->evtchn_mask, port);
	s->evtchn_mask[port / 64] &= ~(1ull << (port % 64));
	if (was_masked && test_bit(s->evtchn_pending, port))
		mark_vcpu_pending(v, port);
	return 0;
}

static long op_status(struct domain *self, struct evtchn_status *st)
{
	long err = 0;
	struct domain *d = target_domain(self, st->dom, &err);
	if (!d)
		return err;
	if (!evtchn_port_valid(d, st->port))
		return -XEN_EINVAL;
	struct evtchn *c = &d->evtchn.port[st->port];
	static const uint32_t status_of[] = {
		[ECS_FREE] = EVTCHNSTAT_closed, [ECS_RESERVED] = EVTCHNSTAT_closed,
		[ECS_UNBOUND] = EVTCHNSTAT_unbound, [ECS_INTERDOMAIN] = EVTCHNSTAT_interdomain,
		[ECS_PIRQ] = EVTCHNSTAT_pirq, [ECS_VIRQ] = EVTCHNSTAT_virq, [ECS_IPI] = EVTCHNSTAT_ipi,
	};
	memset(&st->u, 0, sizeof(st->u));
	st->status = status_of[c->state];
	st->vcpu = c->notify_vcpu;
	if (c->state == ECS_UNBOUND)
		st->u.unbound.dom = c->remote_dom;
	else if (c->state == ECS_INTERDOMAIN) {
		st->u.interdomain.dom = c->remote_dom;
		st->u.interdomain.port = c->remote_port;
	} else if (c->state == ECS_VIRQ)
		st->u.virq = c->virq;
	return 0;
}

static long op_bind_vcpu(struct domain *self, struct evtchn_bind_vcpu *b)
{
	if (!evtchn_port_valid(self, b->port))
		return -XEN_EINVAL;
	if (b->vcpu >= self->nr_vcpus)
		return -XEN_ENOENT;
	struct evtchn *c = &self->evtchn.port[b->port];
	if (c->state != ECS_INTERDOMAIN && c->state != ECS_UNBOUND &&
	    !(c->state == ECS_VIRQ && c->virq != VIRQ_TIMER && c->virq != VIRQ_DEBUG))
		return -XEN_EINVAL;
	c->notify_vcpu = (uint8_t)b->vcpu;
	return 0;
}

void evtchn_destroy(struct domain *d)
{
	for (uint32_t p = 1; p < d->evtchn.max_ports; p++)
		if (d->evtchn.port[p].state != ECS_FREE)
			close_port(d, p);
}

static long op_reset(struct domain *self, uint16_t dom)
{
	long err = 0;
	struct domain *d = target_domain(self, dom, &err);
	if (!d)
		return err;
	evtchn_destroy(d);
	return 0;
}

void evtchn_send_virq(struct vcpu *v, unsigned virq)
{
	uint32_t port = v->virq_port[virq];
	if (port)
		set_pending(v->domain, port);
}

/* Decode: copy the op's struct in, run it, copy results out. */
long evtchn_op(struct domain *self, unsigned cmd, uint64_t arg)
{
	union {
		struct evtchn_alloc_unbound alloc;
		struct evtchn_bind_interdomain inter;
		struct evtchn_bind_virq virq;
		struct evtchn_bind_ipi ipi;
		struct evtchn_bind_vcpu bvcpu;
		struct evtchn_status status;
		uint32_t port;
		uint16_t dom;
	} u;
	static const uint8_t size[] = {
		[EVTCHNOP_bind_interdomain] = sizeof(u.inter), [EVTCHNOP_bind_virq] = sizeof(u.virq),
		[EVTCHNOP_close] = 4, [EVTCHNOP_send] = 4, [EVTCHNOP_status] = sizeof(u.status),
		[EVTCHNOP_alloc_unbound] = sizeof(u.alloc), [EVTCHNOP_bind_ipi] = sizeof(u.ipi),
		[EVTCHNOP_bind_vcpu] = sizeof(u.bvcpu), [EVTCHNOP_unmask] = 4, [EVTCHNOP_reset] = 2,
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
	case EVTCHNOP_bind_vcpu: return op_bind_vcpu(self, &u.bvcpu);
	case EVTCHNOP_close: return close_port(self, u.port);
	case EVTCHNOP_send: return op_send(self, u.port);
	case EVTCHNOP_unmask: return op_unmask(self, u.port);
	case EVTCHNOP_reset: return op_reset(self, u.dom);
	default: rc = op_status(self, &u.status); break;
	}
	if (rc == 0 && copy_to_guest(arg, &u, size[cmd]))
		return -XEN_EFAULT;
	return rc;
}
