/* Guest event channels and time (events.h). */
#include "events.h"
#include "vcpu.h"

struct shared_info *shared_info;
static uint8_t shared_info_page[4096] __attribute__((aligned(4096)));

static struct {
	event_handler *fn;
	void *arg;
} handlers[EVTCHN_2L_NR_CHANNELS];

/* Which ports each vCPU's upcall handles (as Linux's per-CPU masks): all on
 * vCPU 0 until events_set_vcpu() says otherwise. */
static uint64_t vcpu_ports[GUEST_MAX_VCPUS][EVTCHN_2L_NR_CHANNELS / 64];
static bool vcpu_ports_ready;

extern char guest_event_stub[];

void events_init(void)
{
	uint64_t pte = start_info->shared_info | 0x67;   /* P RW US A D */
	long rc = HYPERVISOR_update_va_mapping((uint64_t)shared_info_page, pte, 2 /* UVMF_INVLPG */);
	if (rc) {
		printf("TEST FAIL: cannot map shared_info (%ld)\n", rc);
		guest_shutdown(SHUTDOWN_poweroff);
	}
	shared_info = (struct shared_info *)shared_info_page;
	if (!vcpu_ports_ready) {
		memset(vcpu_ports[0], 0xff, sizeof(vcpu_ports[0]));
		vcpu_ports_ready = true;
	}
	struct { uint16_t type, flags; uint32_t pad; uint64_t address; } cb = { 0, 0, 0, (uint64_t)guest_event_stub };
	HYPERVISOR_callback_op(0 /* CALLBACKOP_register */, &cb);
	shared_info->vcpu_info[0].evtchn_upcall_mask = 0;
}

void events_bind(evtchn_port_t port, event_handler *fn, void *arg)
{
	handlers[port].fn = fn;
	handlers[port].arg = arg;
	events_unmask(port);
}

void events_set_vcpu(evtchn_port_t port, unsigned vcpu)
{
	for (unsigned k = 0; k < GUEST_MAX_VCPUS; k++)
		__atomic_and_fetch(&vcpu_ports[k][port / 64], ~(1ull << (port % 64)), __ATOMIC_SEQ_CST);
	__atomic_or_fetch(&vcpu_ports[vcpu][port / 64], 1ull << (port % 64), __ATOMIC_SEQ_CST);
}

void events_mask(evtchn_port_t port)
{
	__atomic_or_fetch(&shared_info->evtchn_mask[port / 64], 1ull << (port % 64), __ATOMIC_SEQ_CST);
}

void events_unmask(evtchn_port_t port)
{
	struct evtchn_unmask u = { port };
	HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &u);
}

void guest_event_upcall(void)
{
	unsigned id = guest_vcpu_id();
	struct vcpu_info *vi = guest_vcpu_info(id);
	vi->evtchn_upcall_pending = 0;
	uint64_t sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	while (sel) {
		unsigned w = (unsigned)__builtin_ctzll(sel);
		sel &= sel - 1;
		uint64_t bits;
		while ((bits = shared_info->evtchn_pending[w] & ~shared_info->evtchn_mask[w] & vcpu_ports[id][w])) {
			unsigned b = (unsigned)__builtin_ctzll(bits);
			__atomic_and_fetch(&shared_info->evtchn_pending[w], ~(1ull << b), __ATOMIC_SEQ_CST);
			evtchn_port_t port = w * 64 + b;
			if (handlers[port].fn)
				handlers[port].fn(port, handlers[port].arg);
		}
	}
}

uint64_t system_time_ns(void)
{
	struct vcpu_time_info *t = &shared_info->vcpu_info[0].time;
	uint32_t v;
	uint64_t ts, st, tsc;
	uint32_t mul;
	int8_t shift;
	do {
		v = __atomic_load_n(&t->version, __ATOMIC_ACQUIRE);
		ts = t->tsc_timestamp;
		st = t->system_time;
		mul = t->tsc_to_system_mul;
		shift = t->tsc_shift;
		tsc = guest_rdtsc();
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((v & 1) || v != t->version);
	uint64_t delta = tsc - ts;
	delta = shift >= 0 ? delta << shift : delta >> -shift;
	return st + (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

void events_wait(bool (*fn)(void *arg), void *arg)
{
	/* Check with upcalls masked: an upcall between the check and the block
	 * would otherwise make fn true unseen, and the block would sleep on.
	 * SCHEDOP_block unmasks and returns at once if an event is pending. */
	struct vcpu_info *vi = guest_vcpu_info(guest_vcpu_id());
	uint8_t was = vi->evtchn_upcall_mask;
	for (;;) {
		vi->evtchn_upcall_mask = 1;
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
		if (fn(arg))
			break;
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
	}
	vi->evtchn_upcall_mask = was;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	if (!was && vi->evtchn_upcall_pending)
		HYPERVISOR_xen_version(0, NULL);        /* any hypercall delivers it */
}

long evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port)
{
	struct evtchn_alloc_unbound a = { DOMID_SELF, remote, 0 };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a);
	*port = a.port;
	return rc;
}

long evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port, evtchn_port_t *port)
{
	struct evtchn_bind_interdomain b = { .remote_dom = remote, .remote_port = remote_port };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &b);
	*port = b.local_port;
	return rc;
}

long evtchn_bind_virq(unsigned virq, evtchn_port_t *port)
{
	struct evtchn_bind_virq b = { virq, 0, 0 };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &b);
	*port = b.port;
	return rc;
}

long evtchn_send(evtchn_port_t port)
{
	struct evtchn_send s = { port };
	return HYPERVISOR_event_channel_op(EVTCHNOP_send, &s);
}

long evtchn_close(evtchn_port_t port)
{
	struct evtchn_close c = { port };
	return HYPERVISOR_event_channel_op(EVTCHNOP_close, &c);
}

bool events_pending(evtchn_port_t port)
{
	return (shared_info->evtchn_pending[port / 64] >> (port % 64)) & 1;
}

void events_clear(evtchn_port_t port)
{
	__atomic_and_fetch(&shared_info->evtchn_pending[port / 64], ~(1ull << (port % 64)), __ATOMIC_SEQ_CST);
}

long evtchn_poll(const evtchn_port_t *ports, unsigned nr_ports, uint64_t deadline_ns)
{
	struct sched_poll p = { (uint64_t)ports, nr_ports, 0, deadline_ns };
	return HYPERVISOR_sched_op(SCHEDOP_poll, &p);
}

long evtchn_status_of(domid_t dom, evtchn_port_t port, struct evtchn_status *st)
{
	*st = (struct evtchn_status){ .dom = dom, .port = port };
	return HYPERVISOR_event_channel_op(EVTCHNOP_status, st);
}
