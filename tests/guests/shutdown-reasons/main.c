/*
 * Rule: sched_op(SCHEDOP_shutdown) reports the reason: further domains that
 * shut down with reboot, suspend or watchdog are logged with that reason and
 * torn down while the machine (and the initial domain) keeps running; a
 * reason outside Xen's set is refused with -EINVAL and shuts nothing down.
 */
#include "test.h"

static long shutdown_with(uint32_t reason)
{
	struct sched_shutdown s = { reason };
	return HYPERVISOR_sched_op(SCHEDOP_shutdown, &s);
}

int main(void)
{
	CHECK_EQ(shutdown_with(99), -XEN_EINVAL);
	CHECK_EQ(shutdown_with(SHUTDOWN_soft_reset + 1), -XEN_EINVAL);
	CHECK_EQ(shutdown_with(0xffffffffu), -XEN_EINVAL);
	printf("invalid shutdown reasons refused\n");
	for (int i = 0; i < 50; i++)
		CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_yield, NULL), 0);
	test_pass();
}
