/*
 * Rule: a boot module that is not a PV kernel (a text file, an empty file,
 * an ELF without Xen notes such as the hypervisor's own image) is refused by
 * the domain builder with a "cannot build" line; it takes nothing with it:
 * the initial domain runs and passes, the machine powers off cleanly and
 * every frame the failed builds touched is back.
 */
#include "test.h"

int main(void)
{
	for (int i = 0; i < 5; i++)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	printf("initial domain runs beside the refused images\n");
	test_pass();
}
