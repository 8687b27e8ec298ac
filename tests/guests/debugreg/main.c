/*
 * Rule: a PV guest has its own debug registers with Xen's checks, and a
 * hardware breakpoint it sets fires and is delivered to it alone:
 *  - set_debugreg refuses a breakpoint address in hypervisor space or
 *    non-canonical (-EPERM), DR6/DR7 values above 32 bits (-EINVAL), DR7's
 *    general-detect bit and I/O breakpoints (-EPERM), registers beyond DR7
 *    (-ENODEV); DR7's reserved bits read back at their fixed values;
 *  - an instruction breakpoint on a function traps with #DB at its first
 *    instruction and DR6.B0; a write breakpoint on a variable traps after
 *    the write with DR6.B1;
 *  - mov to and from %drN is emulated with the same rules (-ENODEV: #UD,
 *    a refused value: #GP(0));
 *  - the breakpoints stay this domain's: a second domain built from the same
 *    image runs the very same function in a loop meanwhile and never traps
 *    (it has no #DB handler: a leaked breakpoint would crash it).
 */
#include "catch.h"
#include "peer.h"
#include "test.h"

#define DR7_L0      0x1ull
#define DR7_L1      0x4ull
#define DR7_W1_LEN8 (0xdull << 20)      /* R/W1 = 01 (write), LEN1 = 10 (8 bytes) */

static volatile uint64_t watched, target_calls;
static volatile uint64_t db_rip, db_dr6;
static volatile unsigned dbs;

__attribute__((noinline)) static void target(void)
{
	target_calls++;
	__asm__ volatile("" ::: "memory");
}

static void on_db(struct trap_frame *f, struct trap_info_view *t)
{
	(void)f;
	dbs++;
	db_rip = *t->rip;
	db_dr6 = (uint64_t)HYPERVISOR_get_debugreg(6);
	HYPERVISOR_set_debugreg(7, 0);          /* one trap, then run on */
	HYPERVISOR_set_debugreg(6, 0);
}

static void checks(void)
{
	CHECK_EQ(HYPERVISOR_set_debugreg(0, 0xffff830000000000ull), -XEN_EPERM);
	CHECK_EQ(HYPERVISOR_set_debugreg(0, 0x0000800000000000ull), -XEN_EPERM);
	CHECK_EQ(HYPERVISOR_set_debugreg(1, (uint64_t)&watched), 0);
	CHECK_EQ(HYPERVISOR_get_debugreg(1), (long)&watched);
	CHECK_EQ(HYPERVISOR_set_debugreg(6, 1ull << 32), -XEN_EINVAL);
	CHECK_EQ(HYPERVISOR_set_debugreg(7, 1ull << 32), -XEN_EINVAL);
	CHECK_EQ(HYPERVISOR_set_debugreg(7, 1ull << 13), -XEN_EPERM);            /* GD */
	CHECK_EQ(HYPERVISOR_set_debugreg(7, DR7_L0 | (2ull << 16)), -XEN_EPERM); /* I/O breakpoint */
	CHECK_EQ(HYPERVISOR_set_debugreg(8, 0), -XEN_ENODEV);
	CHECK_EQ(HYPERVISOR_get_debugreg(8), -XEN_ENODEV);
	CHECK_EQ(HYPERVISOR_set_debugreg(7, 0), 0);
	CHECK_EQ(HYPERVISOR_get_debugreg(7), 0x400);
	CHECK_EQ(HYPERVISOR_set_debugreg(6, 0), 0);
	CHECK_EQ(HYPERVISOR_get_debugreg(6) & 0xffffffff, 0xffff0ff0);
	printf("set_debugreg checks as Xen's\n");
}

static void breakpoints(void)
{
	CHECK_EQ(guest_set_trap(1, on_db, 0), 0);
	CHECK_EQ(HYPERVISOR_set_debugreg(0, (uint64_t)target), 0);
	CHECK_EQ(HYPERVISOR_set_debugreg(7, DR7_L0), 0);
	for (int i = 0; i < 20; i++)            /* let the peer run the same code meanwhile */
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	uint64_t calls = target_calls;
	target();
	printf("instruction breakpoint: %u #DB at 0x%lx (target 0x%lx), DR6 0x%lx\n", dbs, db_rip,
	       (uint64_t)target, db_dr6);
	CHECK_EQ(dbs, 1);
	CHECK_EQ(db_rip, (uint64_t)target);
	CHECK(db_dr6 & 1, "DR6.B0 not set");
	CHECK_EQ(target_calls, calls + 1);

	CHECK_EQ(HYPERVISOR_set_debugreg(1, (uint64_t)&watched), 0);
	CHECK_EQ(HYPERVISOR_set_debugreg(7, DR7_L1 | DR7_W1_LEN8), 0);
	uint64_t after;
	__asm__ volatile("movq $7, %1\n1: lea 1b(%%rip), %0" : "=r"(after), "=m"(watched) :: "memory");
	printf("write breakpoint: %u #DB at 0x%lx (after the write 0x%lx), DR6 0x%lx\n", dbs, db_rip, after, db_dr6);
	CHECK_EQ(dbs, 2);
	CHECK_EQ(db_rip, after);
	CHECK(db_dr6 & 2, "DR6.B1 not set");
	CHECK_EQ(watched, 7);
}

static void emulated_mov(void)
{
	uint64_t v = (uint64_t)&watched, back;
	__asm__ volatile("mov %1, %%dr2; mov %%dr2, %0" : "=r"(back) : "r"(v));
	CHECK_EQ(back, v);
	CHECK_EQ(HYPERVISOR_get_debugreg(2), (long)v);
	CHECK_EQ(catch_trap(13, 3, 0), 0);
	uint64_t gd = 1ull << 13;
	__asm__ volatile("mov %0, %%dr7" :: "r"(gd));
	CHECK(caught.count == 1 && caught.error_code == 0, "mov of GD to %%dr7 was not #GP(0)");
	catch_reset();
	__asm__ volatile(".byte 0x0f, 0x21, 0xc0" ::: "rax");         /* mov %dr0, %rax */
	CHECK_EQ(caught.count, 0);
	CHECK_EQ(catch_trap(6, 4, 0), 0);
	__asm__ volatile(".byte 0x44, 0x0f, 0x21, 0xc0" ::: "rax");   /* mov %dr8, %rax: REX.R */
	CHECK(caught.count == 1 && caught.vector == 6, "mov from %%dr8 was not #UD");
	printf("mov to and from %%drN emulated with the same rules\n");
}

int main(void)
{
	if (!is_initial_domain())
		for (;;)
			target();               /* no trap table: a leaked breakpoint crashes us */
	checks();
	breakpoints();
	emulated_mov();
	test_pass();
}
