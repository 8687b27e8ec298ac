/*
 * Per-vCPU event delivery in a domain with four vCPUs (Xen's 2-level ABI):
 *  - IPIs: a port bound with bind_ipi to vCPU k notifies vCPU k alone; its
 *    upcall runs on vCPU k, which answers on vCPU 0's IPI port; ROUNDS
 *    round trips to each of vCPUs 1-3, none lost, none on the wrong vCPU;
 *  - raising a port sets the pending bit, then only the notified vCPU's
 *    selector bit and upcall_pending (checked with that vCPU down);
 *  - bind_vcpu moves an interdomain port's notifications (and a global
 *    VIRQ's) to another vCPU; an IPI or per-vCPU VIRQ port cannot move
 *    (-EINVAL), a vCPU that does not exist is -ENOENT (checked before the
 *    port, as Xen);
 *  - SCHEDOP_poll is per vCPU: a vCPU polling one port wakes when that port
 *    becomes pending, not for another port; polling several, any port of the
 *    domain wakes it (Xen's evtchn_check_pollers);
 *  - register_vcpu_info moves a vCPU's vcpu_info into a page of the domain
 *    (an offline vCPU's, or the caller's own; a running other vCPU's is
 *    -EINVAL; a second time -EINVAL): its mask is carried over, every
 *    selector bit and upcall_pending are set, and events for that vCPU are
 *    delivered there from then on, not in shared_info;
 *  - ports above 1024 (this domain may use all 4095) are delivered to the
 *    vCPU they are bound to, like any other;
 *  - VCPUOP_send_nmi (argument must be NULL: -EINVAL) raises a virtual NMI on
 *    one vCPU: it wakes a blocked vCPU and runs its NMI callback (trap-table
 *    vector 2) there; NMIs sent before it runs make one; one sent from the
 *    NMI handler waits for its iret (never nested); with no NMI callback an
 *    NMI is dropped, not kept for later.
 */
#include "events.h"
#include "public/callback.h"
#include "peer.h"
#include "pt.h"
#include "test.h"
#include "vcpu.h"

#define MS 1000000ul
#define ROUNDS 50
#define WAIT_NS (5000 * MS)

static evtchn_port_t ipi[4];
static volatile unsigned got[4], replies, wrong, handled_on[4096];
static uint8_t info_page[2][4096] __attribute__((aligned(4096)));

/* What a worker vCPU does next (set by vCPU 0, which then kicks it with an IPI). */
static guest_vcpu_fn *volatile job[4];
static volatile unsigned jobs_done[4];
static void job_stop(unsigned id) { (void)id; }

static void on_ipi(evtchn_port_t port, void *arg)
{
	unsigned k = (unsigned)(uint64_t)arg;
	if (guest_vcpu_id() != k || port != ipi[k])
		wrong++;
	got[k]++;
	CHECK_EQ(evtchn_send(ipi[0]), 0);
}

static void on_reply(evtchn_port_t port, void *arg)
{
	(void)port, (void)arg;
	if (guest_vcpu_id() != 0)
		wrong++;
	replies++;
}

/* Any other port: remember which vCPU handled it. */
static void on_any(evtchn_port_t port, void *arg)
{
	(void)arg;
	handled_on[port] = guest_vcpu_id() + 1;
}

static bool has_job(void *arg)
{
	return job[*(const unsigned *)arg] != NULL;
}

static void worker(unsigned id)
{
	guest_vcpu_info(id)->evtchn_upcall_mask = 0;
	for (;;) {
		events_wait(has_job, &id);
		guest_vcpu_fn *fn = job[id];
		job[id] = NULL;
		if (fn == job_stop)
			return;
		fn(id);
		jobs_done[id]++;
	}
}

static bool replies_reach(void *arg)
{
	return replies >= *(const unsigned *)arg;
}

static unsigned sent;

/* Send an IPI to vCPU k and wait for its answer. */
static void kick(unsigned k)
{
	CHECK_EQ(evtchn_send(ipi[k]), 0);
	unsigned n = ++sent;
	events_wait(replies_reach, &n);
}

static void give(unsigned k, guest_vcpu_fn *fn)
{
	job[k] = fn;
	kick(k);
}

static void wait_count(volatile unsigned *p, unsigned value, const char *what)
{
	uint64_t end = system_time_ns() + WAIT_NS;
	while (*p < value) {
		CHECK(system_time_ns() < end, "timed out waiting for %s", what);
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
}

static unsigned handled(evtchn_port_t port)
{
	uint64_t end = system_time_ns() + WAIT_NS;
	while (!handled_on[port]) {
		CHECK(system_time_ns() < end, "port %u was never handled", port);
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	unsigned on = handled_on[port] - 1;
	handled_on[port] = 0;
	return on;
}

/* NMIs: which vCPU took them, and whether one ever nested in another. */
static volatile unsigned nmis[4], nmi_depth, nmi_nested, nmi_resend;
extern char guest_trap_stub_2[];

static void on_nmi(struct trap_frame *f, struct trap_info_view *t)
{
	(void)f, (void)t;
	unsigned id = guest_vcpu_id();
	if (++nmi_depth > 1)
		nmi_nested++;
	nmis[id]++;
	if (nmi_resend) {
		nmi_resend = 0;
		CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_send_nmi, id, NULL), 0);    /* masked until our iret */
		for (int i = 0; i < 5; i++)
			HYPERVISOR_xen_version(0, NULL);        /* return points: it must not come yet */
	}
	nmi_depth--;
}

static void job_no_nmi_callback(unsigned id)
{
	(void)id;
	struct callback_unregister cb = { CALLBACKTYPE_nmi, 0 };
	CHECK_EQ(HYPERVISOR_callback_op(CALLBACKOP_unregister, &cb), 0);
}

static void job_nmi_callback(unsigned id)
{
	(void)id;
	struct callback_register cb = { CALLBACKTYPE_nmi, 0, 0, (uint64_t)guest_trap_stub_2 };
	CHECK_EQ(HYPERVISOR_callback_op(CALLBACKOP_register, &cb), 0);
}

static void send_nmi(unsigned k)
{
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_send_nmi, k, NULL), 0);
}

/* vCPU 1's polls: one port, then two (any port of the domain wakes that). */
static evtchn_port_t poll_x, poll_y;
static volatile unsigned polls_done;
static void poller(unsigned id)
{
	(void)id;
	CHECK_EQ(evtchn_poll(&poll_x, 1, 0), 0);
	CHECK(events_pending(poll_x), "the one-port poll ended without its port pending");
	events_clear(poll_x);
	polls_done = 1;
	evtchn_port_t two[2] = { poll_x, poll_x };
	CHECK_EQ(evtchn_poll(two, 2, 0), 0);
	polls_done = 2;
}

int main(void)
{
	events_init();
	for (unsigned k = 0; k < 4; k++) {
		struct evtchn_bind_ipi b = { k, 0 };
		CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &b), 0);
		ipi[k] = b.port;
		struct evtchn_status st;
		CHECK_EQ(evtchn_status_of(DOMID_SELF, ipi[k], &st), 0);
		CHECK(st.status == EVTCHNSTAT_ipi && st.vcpu == k, "IPI port %u: status %u vcpu %u", ipi[k], st.status,
		      st.vcpu);
		events_set_vcpu(ipi[k], k);
		events_bind(ipi[k], k ? on_ipi : on_reply, (void *)(uint64_t)k);
	}
	struct evtchn_bind_ipi none = { 4, 0 };
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &none), -XEN_ENOENT);

	/* Before they start, move vCPU 2's vcpu_info into a page of ours. */
	struct vcpu_register_vcpu_info reg = { pt_va_mfn(info_page[0]), 64, 0 };
	guest_vcpu_info(2)->evtchn_upcall_mask = 1;
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 2, &reg), 0);
	struct vcpu_info *moved = (struct vcpu_info *)(info_page[0] + 64);
	CHECK(moved->evtchn_upcall_mask == 1 && moved->evtchn_upcall_pending == 1 && moved->evtchn_pending_sel == ~0ull,
	      "vCPU 2's moved vcpu_info: mask %u pending %u sel %lx", moved->evtchn_upcall_mask,
	      moved->evtchn_upcall_pending, moved->evtchn_pending_sel);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 2, &reg), -XEN_EINVAL);
	guest_vcpu_set_info(2, moved);
	struct vcpu_info *old2 = &shared_info->vcpu_info[2];
	old2->evtchn_upcall_pending = 0;
	old2->evtchn_pending_sel = 0;

	/* IPIs: round trips to each vCPU. */
	for (unsigned k = 1; k < 4; k++)
		CHECK_EQ(guest_vcpu_start(k, worker), 0);
	for (unsigned r = 0; r < ROUNDS; r++)
		for (unsigned k = 1; k < 4; k++)
			kick(k);
	for (unsigned k = 1; k < 4; k++)
		CHECK(got[k] == ROUNDS, "vCPU %u took %u IPIs of %u", k, got[k], ROUNDS);
	CHECK(wrong == 0, "%u events ran on the wrong vCPU", wrong);
	CHECK(!old2->evtchn_upcall_pending && !old2->evtchn_pending_sel,
	      "vCPU 2's events were still marked in its old vcpu_info");
	printf("%u IPI round trips to vCPUs 1-3, each on its own vCPU (vCPU 2's vcpu_info moved)\n", sent);

	/* Not for a running vCPU other than the caller; the caller's own: yes. */
	struct vcpu_register_vcpu_info reg1 = { pt_va_mfn(info_page[1]), 0, 0 };
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 1, &reg1), -XEN_EINVAL);
	struct vcpu_info *v0 = guest_vcpu_info(0), *moved0 = (struct vcpu_info *)(info_page[1] + 128);
	v0->evtchn_upcall_mask = 1;
	reg1.offset = 128;
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &reg1), 0);
	guest_vcpu_set_info(0, moved0);
	CHECK(moved0->evtchn_upcall_pending == 1 && moved0->evtchn_pending_sel == ~0ull, "vCPU 0's moved vcpu_info");
	moved0->evtchn_upcall_mask = 0;
	HYPERVISOR_xen_version(0, NULL);        /* take the spurious upcall */
	kick(1);
	CHECK(wrong == 0, "the reply to vCPU 0 ran elsewhere");

	/* Raising a port marks only the notified vCPU. */
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_down, 3, NULL), 0);
	v0 = guest_vcpu_info(0);
	struct vcpu_info *v3 = guest_vcpu_info(3);
	v0->evtchn_upcall_mask = 1;
	__atomic_store_n(&v0->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	v0->evtchn_upcall_pending = 0;
	CHECK_EQ(evtchn_send(ipi[3]), 0);
	CHECK(events_pending(ipi[3]), "the IPI port is not pending");
	CHECK(v3->evtchn_upcall_pending && (v3->evtchn_pending_sel >> (ipi[3] / 64) & 1),
	      "vCPU 3 was not marked: upcall %u sel %lx", v3->evtchn_upcall_pending, v3->evtchn_pending_sel);
	CHECK(!v0->evtchn_upcall_pending && !v0->evtchn_pending_sel, "vCPU 0 was marked for vCPU 3's port");
	v0->evtchn_upcall_mask = 0;
	unsigned want = got[3] + 1, n = ++sent;
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, 3, NULL), 0);
	events_wait(replies_reach, &n);
	CHECK(got[3] == want, "vCPU 3 took %u IPIs, expected %u", got[3], want);

	/* bind_vcpu moves an interdomain port, not an IPI or per-vCPU VIRQ port;
	 * also for ports above 1024. */
	evtchn_port_t a, b, filler;
	loopback_pair(&a, &b);
	do
		CHECK_EQ(evtchn_alloc_unbound(DOMID_SELF, &filler), 0);
	while (filler < 3000);
	evtchn_port_t high_a, high_b;
	loopback_pair(&high_a, &high_b);
	CHECK(high_a > 3000 && high_b > 3000, "ports %u and %u", high_a, high_b);
	const evtchn_port_t movable[2] = { a, high_a }, senders[2] = { b, high_b };
	for (unsigned i = 0; i < 2; i++) {
		events_bind(movable[i], on_any, NULL);
		for (unsigned k = 1; k < 4; k++) {
			struct evtchn_bind_vcpu bv = { movable[i], k };
			CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &bv), 0);
			events_set_vcpu(movable[i], k);
			CHECK_EQ(evtchn_send(senders[i]), 0);
			unsigned on = handled(movable[i]);
			CHECK(on == k, "port %u bound to vCPU %u was handled on vCPU %u", movable[i], k, on);
		}
	}
	struct evtchn_bind_vcpu bad_vcpu = { a, 4 }, bad_both = { 99999, 9 }, bad_port = { 99999, 1 },
		ipi_port = { ipi[2], 1 };
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &bad_vcpu), -XEN_ENOENT);
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &bad_both), -XEN_ENOENT);
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &bad_port), -XEN_EINVAL);
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &ipi_port), -XEN_EINVAL);
	struct evtchn_bind_virq timer = { VIRQ_TIMER, 2, 0 }, dom_exc = { VIRQ_DOM_EXC, 1, 0 };
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &timer), 0);
	struct evtchn_bind_vcpu timer_move = { timer.port, 0 };
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &timer_move), -XEN_EINVAL);
	CHECK_EQ(evtchn_close(timer.port), 0);
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &dom_exc), -XEN_EINVAL);    /* global: vCPU 0 */
	dom_exc.vcpu = 0;
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &dom_exc), 0);
	struct evtchn_bind_vcpu global_move = { dom_exc.port, 2 };
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &global_move), 0);
	struct evtchn_status st;
	CHECK_EQ(evtchn_status_of(DOMID_SELF, dom_exc.port, &st), 0);
	CHECK(st.status == EVTCHNSTAT_virq && st.vcpu == 2, "global VIRQ port: status %u vcpu %u", st.status, st.vcpu);
	CHECK_EQ(evtchn_close(dom_exc.port), 0);
	printf("bind_vcpu moved ports %u and %u to vCPUs 1-3; IPI and per-vCPU VIRQ ports stayed\n", a, high_a);

	/* Polls are per vCPU: vCPU 1 polls one port, then two. */
	evtchn_port_t x_peer, y_peer;
	loopback_pair(&poll_x, &x_peer);
	loopback_pair(&poll_y, &y_peer);
	give(1, poller);
	sleep_ns(20 * MS);
	CHECK(polls_done == 0, "vCPU 1's poll ended with nothing pending");
	CHECK_EQ(evtchn_send(y_peer), 0);
	sleep_ns(20 * MS);
	CHECK(polls_done == 0, "vCPU 1's one-port poll ended for another port");
	CHECK_EQ(evtchn_send(x_peer), 0);
	wait_count(&polls_done, 1, "vCPU 1's one-port poll to end");
	sleep_ns(20 * MS);
	CHECK(polls_done == 1, "vCPU 1's two-port poll ended with nothing new pending");
	events_clear(poll_y);
	CHECK_EQ(evtchn_send(y_peer), 0);
	wait_count(&polls_done, 2, "vCPU 1's two-port poll to end for another port of the domain");
	wait_count(&jobs_done[1], 1, "vCPU 1's poll job");
	printf("vCPU 1's polls: one port woke it for that port only, two ports for any port\n");

	/* NMIs. */
	CHECK_EQ(guest_set_trap(2, on_nmi, 0), 0);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_send_nmi, 1, (void *)0x1000), -XEN_EINVAL);
	sleep_ns(10 * MS);
	CHECK(nmis[1] == 0, "a refused NMI arrived");
	send_nmi(2);
	wait_count(&nmis[2], 1, "vCPU 2's NMI");
	send_nmi(3);
	send_nmi(3);
	wait_count(&nmis[3], 1, "vCPU 3's NMI");
	sleep_ns(20 * MS);
	CHECK(nmis[3] == 1, "two NMIs sent before vCPU 3 ran made %u", nmis[3]);
	nmi_resend = 1;
	send_nmi(1);
	wait_count(&nmis[1], 2, "vCPU 1's NMI sent from its NMI handler");
	CHECK(nmi_nested == 0, "an NMI nested in another");
	give(2, job_no_nmi_callback);
	send_nmi(2);
	sleep_ns(20 * MS);
	CHECK(nmis[2] == 1, "an NMI reached vCPU 2 without an NMI callback");
	give(2, job_nmi_callback);
	sleep_ns(20 * MS);
	CHECK(nmis[2] == 1, "the dropped NMI came after all");
	send_nmi(2);
	wait_count(&nmis[2], 2, "vCPU 2's NMI after its callback came back");
	CHECK(nmis[0] == 0, "vCPU 0 took %u NMIs meant for others", nmis[0]);
	printf("NMIs: delivered on their vCPU, merged while pending, never nested, dropped without a callback\n");

	for (unsigned k = 1; k < 4; k++)
		give(k, job_stop);
	for (unsigned k = 1; k < 4; k++) {
		uint64_t end = system_time_ns() + WAIT_NS;
		while (HYPERVISOR_vcpu_op(VCPUOP_is_up, k, NULL)) {
			CHECK(system_time_ns() < end, "vCPU %u did not go down", k);
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
		}
	}
	CHECK(wrong == 0, "%u events ran on the wrong vCPU", wrong);
	test_pass();
}
