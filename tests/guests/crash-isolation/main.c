/*
 * Rule: a guest that breaks the rules is crashed alone.  Seven extra domains
 * die in different ways (unhandled #PF, unhandled #UD, a bounce frame that
 * would land in hypervisor space or on an unmapped stack, an iret to a
 * non-canonical rip and one to 32-bit code above 4 GiB, which iretq would
 * refuse with a #GP in ring 0 and which become the guest's own #GP, and an
 * iret to the hypervisor's code selector, whose iretq faults in ring 0 and
 * is fixed up into the guest's #GP(0xe008): each fatal with no trap table);
 * the initial domain yields to let them run, then keeps
 * running well after the crashes (a TSC-measured spin), is still served by
 * the hypervisor, and passes.  The machine reports the crash (exit status
 * "crash") and every frame comes back.
 */
#include "spin.h"
#include "test.h"

#define SPIN_TICKS 1500000000ull        /* 0.3-1.5 s */

int main(void)
{
	for (int i = 0; i < 50; i++)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	struct spin_stats s;
	spin_watch(&s, ~0ull, SPIN_TICKS, NULL, NULL);
	CHECK(s.elapsed >= SPIN_TICKS, "spin ended early after %lu ticks", s.elapsed);
	xen_version_reported();
	printf("initial domain still running %lu TSC ticks after the crashes\n", s.elapsed);
	test_pass();
}
