/*
 * Rule: an event sent on a loopback interdomain channel is delivered once
 * through the event callback; a masked port stays pending without an
 * upcall and is delivered when unmasked; system time advances.
 */
#include "events.h"
#include "test.h"

static volatile unsigned hits;

static void on_event(evtchn_port_t port, void *arg)
{
	(void)port, (void)arg;
	hits++;
}

int main(void)
{
	events_init();
	evtchn_port_t a, b;
	CHECK_EQ(evtchn_alloc_unbound(DOMID_SELF, &a), 0);
	CHECK_EQ(evtchn_bind_interdomain(DOMID_SELF, a, &b), 0);
	events_bind(a, on_event, NULL);
	events_bind(b, on_event, NULL);
	unsigned before = hits;            /* binding may have delivered the bind-time pending bit */
	CHECK_EQ(evtchn_send(b), 0);       /* raises a */
	CHECK_EQ(hits, before + 1);
	events_mask(a);
	CHECK_EQ(evtchn_send(b), 0);
	CHECK_EQ(hits, before + 1);
	events_unmask(a);
	CHECK_EQ(hits, before + 2);
	uint64_t t0 = system_time_ns();
	for (volatile int i = 0; i < 1000000; i++)
		;
	CHECK(system_time_ns() > t0, "system time does not advance");
	CHECK_EQ(evtchn_close(b), 0);
	CHECK_EQ(evtchn_send(a), 0);       /* a is unbound again: dropped */
	test_pass();
}
