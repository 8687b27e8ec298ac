/*
 * Rule: vcpu_op acts only on the caller's own vCPUs: a vCPU id names a vCPU
 * of the calling domain, so a domain cannot initialise, bring up or down,
 * time, move or otherwise touch another domain's vCPU.  The attacker (one
 * vCPU) names ids 1, 2, 31, 32 and 2^32-1 with every command (an
 * initialise carrying a valid context among them): all -ENOENT, before any
 * argument is read.  Only the id register's low 32 bits count (Xen's
 * vcpuid is an unsigned int): 2^32 + 1 is vCPU 1 again, refused; 2^32 is
 * its own vCPU 0.  Nothing was harmed: the victim's vCPU 1, offline and
 * uninitialised while the attacker ran, still is (no running time, up is
 * -EINVAL), and the victim can initialise and run it itself.
 */
#include "events.h"
#include "peer.h"
#include "test.h"
#include "vcpu.h"

static struct vcpu_guest_context ctx;
static volatile bool ran;

static void report(unsigned id)
{
	(void)id;
	ran = true;
}

static noreturn void attacker(void)
{
	events_init();
	guest_vcpu_context(&ctx, 1, report);
	static const uint64_t ids[] = { 1, 2, 31, 32, 0xffffffffull, (1ull << 32) | 1, (1ull << 32) | 2 };
	for (unsigned i = 0; i < ARRAY_SIZE(ids); i++)
		for (int cmd = 0; cmd <= 16; cmd++) {
			long rc = HYPERVISOR_vcpu_op(cmd, ids[i], cmd == VCPUOP_initialise ? (void *)&ctx : NULL);
			CHECK(rc == -XEN_ENOENT, "op %d on vCPU id %lx: %ld, expected -ENOENT", cmd, ids[i], rc);
		}
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1ull << 32, NULL), 1);
	printf("attacker: every vCPU operation on an id beyond its own vCPU refused\n");
	guest_shutdown(SHUTDOWN_poweroff);
}

int main(void)
{
	if (!is_initial_domain())
		attacker();
	events_init();
	uint64_t end = system_time_ns() + 20000000000ull;
	while (domain_alive(1)) {
		CHECK(system_time_ns() < end, "the attacker did not finish");
		sleep_ns(1000000);
	}
	struct vcpu_runstate_info r;
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 1, &r), 0);
	CHECK(r.state == RUNSTATE_offline && r.time[RUNSTATE_running] == 0, "vCPU 1: state %d, ran %lu ns", r.state,
	      r.time[RUNSTATE_running]);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), -XEN_EINVAL);
	CHECK_EQ(guest_vcpu_start(1, report), 0);
	while (!ran)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	test_pass();
}
