/*
 * Rule: a global VIRQ (VIRQ_CONSOLE) belongs to one domain at a time.  While
 * the initial domain holds it, another domain's bind is refused with
 * -EBUSY; once the holder closes its port, the other domain can bind it.
 */
#include "peer.h"
#include "test.h"

static void contender(void)
{
	events_init();
	evtchn_port_t p;
	if (peer_arg(1) == 0) {
		CHECK_EQ(evtchn_bind_virq(VIRQ_CONSOLE, &p), -XEN_EBUSY);
	} else {
		CHECK_EQ(evtchn_bind_virq(VIRQ_CONSOLE, &p), 0);
		CHECK_EQ(evtchn_close(p), 0);
	}
	peer_report_ok();
}

int main(void)
{
	if (!is_initial_domain())
		contender();
	events_init();
	evtchn_port_t mine;
	CHECK_EQ(evtchn_bind_virq(VIRQ_CONSOLE, &mine), 0);
	domid_t d = peer_create("contend 0", 4096);
	evtchn_port_t local = peer_connect(d);
	peer_unpause(d);
	CHECK(peer_wait_report(d, local, 2000000000ull), "the contender was not refused");
	CHECK_EQ(evtchn_close(mine), 0);
	d = peer_create("contend 1", 4096);
	local = peer_connect(d);
	peer_unpause(d);
	CHECK(peer_wait_report(d, local, 2000000000ull), "the contender could not bind a free global VIRQ");
	CHECK_EQ(evtchn_bind_virq(VIRQ_CONSOLE, &mine), 0);
	test_pass();
}
