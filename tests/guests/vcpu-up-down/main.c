/*
 * vCPU bring-up and take-down (VCPUOP_initialise, up, down, is_up,
 * get_runstate_info), as Xen 4.17 answers them, in a domain described with
 * four vCPUs:
 *  - the domain has exactly the described vCPUs: 0 up, 1-3 offline; ids
 *    from 4 (and only the low 32 bits of the id register count, as in Xen,
 *    whose vcpuid is an unsigned int) are -ENOENT;
 *  - an uninitialised vCPU cannot be brought up (-EINVAL); initialise is
 *    once only (-EEXIST, vCPU 0 included) and leaves the vCPU offline;
 *  - brought up, vCPU 1 runs its function on its own stack and sees itself
 *    running in its runstate; returning, it takes itself down
 *    (synchronously: is_up reads 0 and it runs no more) and, brought up
 *    again, continues after its down call;
 *  - vCPU 2 spins; vCPU 0 takes it down from outside: it stops running
 *    (its counter stops), its runstate turns offline with running time
 *    accounted, and up resumes it where it was;
 *  - vCPU 2's runstate memory area (registered while it is offline, with
 *    VMASST_TYPE_runstate_update_flag on): written at once (offline), then
 *    at every switch in and out: vCPU 2 always reads itself running there,
 *    vCPU 0 sees its running time grow, never ahead of get_runstate_info,
 *    and never the XEN_RUNSTATE_UPDATE bit; an area in hypervisor space is
 *    -EFAULT;
 *  - vCPU 0 takes itself down while vCPU 1 is up; vCPU 1 brings it back,
 *    and vCPU 0's down call returns 0;
 *  - initialise with VGCF_online leaves the vCPU up;
 *  - finally, with every other vCPU down, vCPU 0 takes itself down: the
 *    last vCPU going down powers the domain off (test.spec checks the
 *    shutdown line after the verdict).
 */
#include "peer.h"
#include "test.h"
#include "vcpu.h"

#define MS 1000000ul
#define WAIT_NS (5000 * MS)

static volatile unsigned ran[4], resumed[4], seen_id[4];
static volatile uint64_t spins, not_running_seen;
static volatile struct vcpu_runstate_info area2;
static volatile bool stop, rescue;
static volatile int32_t own_state = -1;

static void wait_until(volatile unsigned *p, unsigned value, const char *what)
{
	uint64_t end = system_time_ns() + WAIT_NS;
	while (*p != value) {
		CHECK(system_time_ns() < end, "timed out waiting for %s", what);
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
}

static void wait_up(unsigned id, long up, const char *what)
{
	uint64_t end = system_time_ns() + WAIT_NS;
	while (HYPERVISOR_vcpu_op(VCPUOP_is_up, id, NULL) != up) {
		CHECK(system_time_ns() < end, "timed out waiting for %s", what);
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
}

static void runstate(unsigned id, struct vcpu_runstate_info *r)
{
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, id, r), 0);
}

/* vCPU 1 (then again after being brought back): record, wait for the word, return. */
static void worker(unsigned id)
{
	struct vcpu_runstate_info r;
	runstate(id, &r);
	own_state = r.state;
	seen_id[id] = guest_vcpu_id();
	ran[id]++;
	while (!stop) {
		if (rescue && HYPERVISOR_vcpu_op(VCPUOP_is_up, 0, NULL) == 0) {
			CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, 0, NULL), 0);
			rescue = false;
		}
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
}

static void spinner(unsigned id)
{
	(void)id;
	for (;;) {
		if (area2.state != RUNSTATE_running)
			not_running_seen++;
		spins++;
	}
}

static void online_entry(unsigned id)
{
	ran[id]++;
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

/* vcpu_main (guest/vcpu.c) downs a returned vCPU; count the resumptions. */
static void count_resumptions(unsigned id)
{
	worker(id);
	for (;;) {
		CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_down, id, NULL), 0);
		resumed[id]++;
	}
}

int main(void)
{
	static struct vcpu_guest_context c;
	struct vcpu_runstate_info r;
	events_init();

	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 0, NULL), 1);
	for (unsigned id = 1; id < 4; id++)
		CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, id, NULL), 0);
	static const uint64_t absent[] = { 4, 5, 31, 32, 0x7fffffff, 0xffffffff };
	for (unsigned i = 0; i < ARRAY_SIZE(absent); i++)
		for (int cmd = VCPUOP_initialise; cmd <= VCPUOP_register_vcpu_time_memory_area; cmd++)
			CHECK(HYPERVISOR_vcpu_op(cmd, absent[i], NULL) == -XEN_ENOENT, "op %d on vCPU %lu: not -ENOENT",
			      cmd, absent[i]);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, (1ull << 32) | 0, NULL), 1);     /* vCPU 0 */
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, (1ull << 32) | 1, NULL), 0);     /* vCPU 1 */

	/* Uninitialised: offline, and cannot come up. */
	runstate(1, &r);
	CHECK(r.state == RUNSTATE_offline && r.time[RUNSTATE_running] == 0, "vCPU 1 runstate %d, ran %lu ns",
	      r.state, r.time[RUNSTATE_running]);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), -XEN_EINVAL);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), 0);

	/* Initialise once; it stays down until up. */
	guest_vcpu_context(&c, 1, count_resumptions);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &c), 0);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &c), -XEN_EEXIST);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, 0, &c), -XEN_EEXIST);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
	sleep_ns(20 * MS);
	CHECK(ran[1] == 0, "vCPU 1 ran before it was brought up");

	/* Up: it runs on its own stack and sees itself running. */
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), 0);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), 0);               /* already up: nothing */
	wait_until(&ran[1], 1, "vCPU 1 to run");
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), 1);
	CHECK_EQ(seen_id[1], 1);
	CHECK_EQ(own_state, RUNSTATE_running);
	runstate(1, &r);
	CHECK(r.state == RUNSTATE_runnable || r.state == RUNSTATE_blocked, "vCPU 1 seen from vCPU 0: state %d",
	      r.state);

	/* vCPU 0 downs itself; vCPU 1 brings it back; the call returns 0. */
	rescue = true;
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_down, 0, NULL), 0);
	CHECK(!rescue, "vCPU 0 came back without vCPU 1's up");
	printf("vCPU 0 went down and vCPU 1 brought it back\n");

	/* vCPU 1 returns: it takes itself down, synchronously. */
	stop = true;
	wait_up(1, 0, "vCPU 1 to take itself down");
	unsigned before = ran[1];
	sleep_ns(20 * MS);
	CHECK(ran[1] == before && resumed[1] == 0, "vCPU 1 ran on after its down");
	runstate(1, &r);
	CHECK(r.state == RUNSTATE_offline && r.time[RUNSTATE_running] > 0, "vCPU 1 after down: state %d, ran %lu ns",
	      r.state, r.time[RUNSTATE_running]);
	/* Up again: it continues after its down call (and downs itself again). */
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), 0);
	wait_until(&resumed[1], 1, "vCPU 1 to resume after its down call");
	wait_up(1, 0, "vCPU 1 to go down again");

	/* vCPU 2's runstate area, then taken down from outside. */
	CHECK_EQ(HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_runstate_update_flag), 0);
	struct vcpu_register_runstate_memory_area area = { 0xffff800000000000ull };
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 2, &area), -XEN_EFAULT);
	area.addr = (uint64_t)&area2;
	area2.state = -1;
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 2, &area), 0);
	CHECK(area2.state == RUNSTATE_offline, "vCPU 2's area was not written at once: state %d", area2.state);
	guest_vcpu_context(&c, 2, spinner);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, 2, &c), 0);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, 2, NULL), 0);
	uint64_t end = system_time_ns() + WAIT_NS;
	while (spins == 0) {
		CHECK(system_time_ns() < end, "vCPU 2 never ran");
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	uint64_t area_ran = 0, area_entry = 0;
	for (int i = 0; i < 5; i++) {
		sleep_ns(15 * MS);
		uint64_t entry = area2.state_entry_time;
		CHECK(!(entry & XEN_RUNSTATE_UPDATE), "vCPU 0 saw vCPU 2's area mid-update");
		CHECK(area2.state == RUNSTATE_runnable, "vCPU 2's area says %d while it waits to run", area2.state);
		CHECK(entry > area_entry && area2.time[RUNSTATE_running] > area_ran,
		      "vCPU 2's area did not move: entry %lu ran %lu", entry, area2.time[RUNSTATE_running]);
		area_entry = entry;
		area_ran = area2.time[RUNSTATE_running];
		runstate(2, &r);
		CHECK(r.time[RUNSTATE_running] >= area_ran, "vCPU 2's area is ahead of get_runstate_info");
	}
	CHECK(not_running_seen == 0, "vCPU 2 read a state other than running in its own area %lu times",
	      not_running_seen);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_down, 2, NULL), 0);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 2, NULL), 0);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_down, 2, NULL), 0);             /* already down: nothing */
	uint64_t frozen = spins;
	for (int i = 0; i < 20; i++)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	sleep_ns(30 * MS);
	CHECK(spins == frozen, "vCPU 2 spun on while down (%lu -> %lu)", frozen, spins);
	runstate(2, &r);
	CHECK(r.state == RUNSTATE_offline && r.time[RUNSTATE_running] > 0, "vCPU 2 down: state %d, ran %lu ns",
	      r.state, r.time[RUNSTATE_running]);
	uint64_t ran_ns = r.time[RUNSTATE_running];
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, 2, NULL), 0);
	end = system_time_ns() + WAIT_NS;
	while (spins == frozen) {
		CHECK(system_time_ns() < end, "vCPU 2 did not resume");
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_down, 2, NULL), 0);
	runstate(2, &r);
	CHECK(r.time[RUNSTATE_running] > ran_ns, "vCPU 2's running time did not grow");
	printf("vCPU 2 stopped at %lu spins while down, resumed when up\n", frozen);

	/* VGCF_online: up at once. */
	guest_vcpu_context(&c, 3, online_entry);
	c.flags |= VGCF_online;
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, 3, &c), 0);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 3, NULL), 1);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_down, 3, NULL), 0);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 3, NULL), 0);

	/* The last vCPU up goes down: the domain powers off. */
	for (unsigned id = 1; id < 4; id++)
		CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, id, NULL), 0);
	printf("TEST PASS\n");
	printf("the last vCPU goes down\n");
	HYPERVISOR_vcpu_op(VCPUOP_down, 0, NULL);
	printf("vCPU 0 still runs after the last down\n");
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}
