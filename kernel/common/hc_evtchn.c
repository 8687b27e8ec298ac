/*
 * event_channel_op and set_timer_op: thin decoders over evtchn.c and the
 * scheduler's timers.  set_timer_op follows Xen: 0 cancels; a deadline in the
 * past fires at once; one absurdly far away (more than 2^50 ns) or negative
 * becomes "now + 100 ms".
 */
#include "hypercall.h"
#include "sched.h"
#include "../arch/x86_64/lapic.h"

long do_event_channel_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	return evtchn_op(current->domain, (unsigned)cmd, arg);
}

long do_set_timer_op(uint64_t timeout, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	uint64_t now = now_ns();
	if (timeout && ((int64_t)timeout < 0 || timeout > now + (1ull << 50)))
		timeout = now + 100000000ull;
	current->timer_deadline = timeout;
	return 0;
}
