/*
 * multicall: a batch of hypercalls in one entry (xen-pv-abi.md 4.4).
 *
 * Entries run in order through the same table as direct calls; each result
 * goes to its entry's result field and a failing entry does not stop the
 * batch.  A nested multicall is refused (-EINVAL).  An iret ends the batch
 * (XSA-213: nothing more runs once the guest's mode may have changed), and
 * so does a sub-call that stops the vCPU (block, yield, shutdown).  A
 * sub-call that wants a continuation, or MULTICALL_BATCH entries done, makes
 * the multicall itself continue at the current entry, whose arguments the
 * sub-call rewrote, so long batches stay preemptible.  As in Xen 4.17, the
 * list must start at a guest address and is then read entry by entry: a
 * list that runs into unmapped memory or out of guest space ends there with
 * -EFAULT, the entries before it done and their results written.
 */
#include "guest_access.h"
#include "hypercall.h"
#include "sched.h"

#define MULTICALL_BATCH 64

long do_multicall(uint64_t calls, uint64_t nr, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	struct vcpu *v = current;
	struct cpu_regs *r = &v->regs;
	nr = (uint32_t)nr;              /* Xen's unsigned int */
	if (!guest_addr_ok(calls))
		return -XEN_EFAULT;
	for (uint64_t i = 0; i < nr; i++) {
		uint64_t at = calls + i * sizeof(struct multicall_entry);
		struct multicall_entry e;
		if (i == MULTICALL_BATCH || sched_must_switch(v)) {
			r->rdi = at;
			r->rsi = nr - i;
			return -XEN_ERESTART;
		}
		if (copy_from_guest(&e, at, sizeof(e)))
			return -XEN_EFAULT;
		if (e.op == __HYPERVISOR_multicall) {
			e.result = -XEN_EINVAL;
		} else {
			/* The sub-call sees its own arguments in the argument registers. */
			uint64_t save[5] = { r->rdi, r->rsi, r->rdx, r->r10, r->r8 };
			r->rdi = e.args[0], r->rsi = e.args[1], r->rdx = e.args[2];
			r->r10 = e.args[3], r->r8 = e.args[4];
			e.result = hypercall_call(e.op, e.args);
			uint64_t now[5] = { r->rdi, r->rsi, r->rdx, r->r10, r->r8 };
			r->rdi = save[0], r->rsi = save[1], r->rdx = save[2], r->r10 = save[3], r->r8 = save[4];
			if (e.result == HYPERCALL_REGS_SET)     /* iret: the guest's state is set */
				return HYPERCALL_REGS_SET;
			if (e.result == -XEN_ERESTART) {
				memcpy(e.args, now, sizeof(now));
				if (copy_to_guest(at, &e, sizeof(e)))
					return -XEN_EFAULT;
				r->rdi = at;
				r->rsi = nr - i;
				return -XEN_ERESTART;
			}
		}
		if (copy_to_guest(at + 8, &e.result, sizeof(e.result)))
			return -XEN_EFAULT;
		if (v->domain->state != DOM_RUNNING)
			return 0;
	}
	return 0;
}
