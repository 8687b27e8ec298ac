/*
 * The FIFO event-channel ABI's documented absence.  Umbra offers the
 * 2-level ABI only (docs/domains.md says why); its FIFO operations answer
 * as a Xen built without FIFO support (CONFIG_EVTCHN_FIFO=n) does, after
 * the argument is copied in as for any operation:
 *   - EVTCHNOP_init_control and EVTCHNOP_expand_array: -EOPNOTSUPP,
 *     whatever they name (a valid control block, another vCPU), and
 *     init_control writes nothing back (no link_bits);
 *   - EVTCHNOP_set_priority: -EINVAL for a port that does not exist, else
 *     -ENOSYS (the 2-level ABI has no priorities), as Xen 4.17 answers a
 *     domain that never switched to FIFO;
 *   - an unreadable argument: -EFAULT.
 * EVTCHNOP_reset_cont (Xen's continuation of reset) resets like reset.
 * The 2-level ABI works throughout: a loopback pair delivers before and
 * after the refused calls.
 */
#include "events.h"
#include "peer.h"
#include "pt.h"
#include "test.h"

#define HV_ADDR ((void *)0xffff800000001000ull)

static volatile unsigned delivered;

static void on_event(evtchn_port_t port, void *arg)
{
	(void)port, (void)arg;
	delivered++;
}

static void two_level_works(void)
{
	evtchn_port_t a, b;
	loopback_pair(&a, &b);
	events_bind(a, on_event, NULL);
	unsigned before = delivered;
	CHECK_EQ(evtchn_send(b), 0);
	HYPERVISOR_xen_version(0, NULL);        /* a return point: the upcall runs */
	CHECK(delivered == before + 1, "the 2-level ABI did not deliver");
	CHECK_EQ(evtchn_close(a), 0);
	CHECK_EQ(evtchn_close(b), 0);
}

int main(void)
{
	events_init();
	two_level_works();
	static uint8_t block[4096] __attribute__((aligned(4096)));
	struct evtchn_init_control init = { pt_va_mfn(block), 0, 0, 0xa5, { 0 } };
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_init_control, &init), -XEN_EOPNOTSUPP);
	CHECK(init.link_bits == 0xa5, "init_control wrote link_bits %u", init.link_bits);
	init.vcpu = 7;
	init.offset = 4095;
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_init_control, &init), -XEN_EOPNOTSUPP);
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_init_control, HV_ADDR), -XEN_EFAULT);
	struct evtchn_expand_array expand = { pt_va_mfn(block) };
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_expand_array, &expand), -XEN_EOPNOTSUPP);
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_expand_array, HV_ADDR), -XEN_EFAULT);

	evtchn_port_t p;
	CHECK_EQ(evtchn_alloc_unbound(DOMID_SELF, &p), 0);
	struct evtchn_set_priority prio = { p, 0 };
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_set_priority, &prio), -XEN_ENOSYS);
	prio.priority = 99;
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_set_priority, &prio), -XEN_ENOSYS);
	static const evtchn_port_t missing[] = { 4096, 0x10000, 0xffffffffu };
	for (unsigned i = 0; i < ARRAY_SIZE(missing); i++) {
		prio.port = missing[i];
		CHECK(HYPERVISOR_event_channel_op(EVTCHNOP_set_priority, &prio) == -XEN_EINVAL,
		      "set_priority on port %u: not -EINVAL", missing[i]);
	}
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_set_priority, HV_ADDR), -XEN_EFAULT);

	struct evtchn_reset reset = { DOMID_SELF };
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_reset_cont, &reset), 0);
	struct evtchn_status st;
	CHECK_EQ(evtchn_status_of(DOMID_SELF, p, &st), 0);
	CHECK(st.status == EVTCHNSTAT_closed, "port %u survived reset_cont: status %u", p, st.status);
	two_level_works();
	test_pass();
}
