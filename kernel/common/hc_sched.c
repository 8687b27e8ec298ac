/*
 * sched_op: yield and shutdown.  A shutdown never returns to the caller: the
 * domain is torn down (domain.c) and another vCPU runs.  Reasons outside
 * Xen's defined set are refused with -EINVAL.  Blocking and polling come
 * with event channels; until then they answer -ENOSYS.
 */
#include "console.h"
#include "guest_access.h"
#include "hypercall.h"
#include "sched.h"

long do_sched_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	switch ((int)cmd) {
	case SCHEDOP_yield:
		current->regs.rax = 0;
		sched_yield();
	case SCHEDOP_shutdown: {
		struct sched_shutdown s;
		if (copy_from_guest(&s, arg, sizeof(s)))
			return -XEN_EFAULT;
		if (s.reason > SHUTDOWN_soft_reset)
			return -XEN_EINVAL;
		domain_shutdown(current->domain, s.reason);
		schedule();
	}
	default:
		return -XEN_ENOSYS;
	}
}
