/*
 * event_channel_op and set_timer_op: thin decoders over evtchn.c and the
 * vCPU timers.  set_timer_op is Xen's: it arms the calling vCPU's singleshot
 * timer (the one VCPUOP_set_singleshot_timer sets); 0 stops it; a deadline
 * in the past fires at once; a negative one, or one more than 2^50 ns away,
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
	int64_t t = (int64_t)timeout, now = (int64_t)now_ns(), offset = t - now;
	if (!t)
		timer_stop_singleshot(current);
	else if (t < 0 || (offset > 0 && (offset >> 50) != 0))
		timer_set_singleshot(current, now + 100000000);
	else
		timer_set_singleshot(current, t);
	return 0;
}
