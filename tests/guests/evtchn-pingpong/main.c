/*
 * Rule: an interdomain event channel delivers every notification exactly
 * once.  The initial domain creates a peer from its own image (image-only
 * module 1) and connects a channel to it (peer.h); the two then exchange
 * ROUNDS pings and pongs in strict alternation, each side blocking
 * (SCHEDOP_block, through events_wait) between them.  Each side counts what its event handler
 * sees: a lost notification stalls the exchange (caught by a deadline), a
 * duplicated one makes a count run ahead of the other side's sends (checked
 * after every event, and again after a quiet period at the end).  The peer
 * prints its totals (test.spec checks them) and reports through the
 * channel's last pong; the initial domain then waits for it to power off.
 */
#include "peer.h"
#include "test.h"

#define ROUNDS 10000
#define DEADLINE_NS 15000000000ull      /* the whole exchange */
#define QUIET_NS 50000000ull            /* listening for a late duplicate */

static volatile unsigned long received;
static uint64_t deadline;               /* a VIRQ_TIMER armed for it ends any wait */

static void on_event(evtchn_port_t port, void *arg)
{
	(void)port, (void)arg;
	received++;
}

static bool reached(void *arg)
{
	return received >= *(const unsigned long *)arg || system_time_ns() >= deadline;
}

/* Block until `received` reaches want; fail on a stall or an overshoot. */
static void wait_for(unsigned long want, const char *what)
{
	events_wait(reached, &want);
	CHECK(received >= want, "%s %lu never arrived (%lu received)", what, want, received);
	CHECK(received == want, "%s: %lu received after %lu sends (duplicate)", what, received, want);
}

/* Bind VIRQ_TIMER (no handler: it only ends a block) and arm it for the deadline. */
static void arm_deadline(void)
{
	evtchn_port_t timer;
	CHECK_EQ(evtchn_bind_virq(VIRQ_TIMER, &timer), 0);
	events_bind(timer, NULL, NULL);
	deadline = system_time_ns() + DEADLINE_NS;
	CHECK_EQ(HYPERVISOR_set_timer_op(deadline), 0);
}

static void peer(void)
{
	events_init();
	events_bind(PEER_PORT, on_event, NULL);
	arm_deadline();
	CHECK_EQ(evtchn_send(PEER_PORT), 0);            /* pong 0: ready */
	for (unsigned long i = 1; i <= ROUNDS; i++) {
		wait_for(i, "ping");
		CHECK_EQ(evtchn_send(PEER_PORT), 0);
	}
	sleep_ns(QUIET_NS);
	CHECK(received == ROUNDS, "%lu pings after the last of %u (duplicate)", received, ROUNDS);
	printf("peer: %lu pings received, %u pongs sent\n", received, ROUNDS + 1);
	guest_shutdown(SHUTDOWN_poweroff);
}

int main(void)
{
	if (!is_initial_domain())
		peer();
	events_init();
	domid_t d = peer_create("pong", 4096);
	evtchn_port_t port = peer_connect(d);
	events_bind(port, on_event, NULL);
	arm_deadline();
	peer_unpause(d);
	uint64_t t0 = system_time_ns();
	wait_for(1, "ready pong");
	for (unsigned long i = 1; i <= ROUNDS; i++) {
		CHECK_EQ(evtchn_send(port), 0);
		wait_for(i + 1, "pong");
	}
	uint64_t t1 = system_time_ns();
	CHECK(peer_wait_gone(d, 5000000000ull), "peer did not finish");
	CHECK(received == ROUNDS + 1, "%lu pongs after the last (duplicate)", received - 1);
	printf("%u round trips in %lu ms (%lu us each)\n", ROUNDS, (t1 - t0) / 1000000,
	       (t1 - t0) / 1000 / ROUNDS);
	test_pass();
}
