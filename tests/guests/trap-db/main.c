/*
 * Rule: single-stepping (TF set with popf) raises #DB after the instruction
 * that follows popf, bounced to vector 1 with no error code, the rip after
 * that instruction and TF visible in the saved rflags; the handler runs with
 * TF clear (one trap only), and clearing TF in the frame ends single-step.
 * Single-stepping straight through a hypercall stub (syscall included)
 * keeps trapping after every guest instruction and the hypercall still
 * returns its value.
 */
#include "catch.h"
#include "test.h"

static volatile unsigned steps, in_stub, after_call;
static uint64_t after_call_rip;

/* Leaves TF set: every guest instruction traps until the code clears TF itself. */
static void step(struct trap_frame *f, struct trap_info_view *t)
{
	(void)f;
	uint64_t stub = (uint64_t)hypercall_page + __HYPERVISOR_xen_version * 32;
	steps++;
	in_stub += *t->rip > stub && *t->rip < stub + 32;
	after_call += *t->rip == after_call_rip;
}

static void step_through_hypercall(void)
{
	long rc, want = xen_version_reported();
	CHECK_EQ(guest_set_trap(1, step, 0), 0);
	__asm__ volatile("lea 1f(%%rip), %%rax\n\t"
			 "mov %%rax, %[after]\n\t"
			 "mov $0, %%edi\n\t"
			 "xor %%esi, %%esi\n\t"
			 "pushfq\n\t"
			 "orq $0x100, (%%rsp)\n\t"
			 "popfq\n\t"
			 "call hypercall_page + 17 * 32\n\t"
			 "1: pushfq\n\t"
			 "andq $~0x100, (%%rsp)\n\t"
			 "popfq"
			 : "=a"(rc), [after] "=m"(after_call_rip) :: "rdi", "rsi", "rcx", "r11", "cc", "memory");
	CHECK(rc == want, "xen_version single-stepped returned 0x%lx, not 0x%lx", rc, want);
	CHECK(in_stub >= 4, "only %u steps inside the hypercall stub", in_stub);
	CHECK(after_call == 1, "%u steps at the return address of the call", after_call);
	printf("single-stepped a hypercall: %u steps, %u in the stub\n", steps, in_stub);
}

int main(void)
{
	struct trap_probe p;
	CHECK_EQ(catch_trap(1, 0, 0), 0);
	/* popfq (9d) sets TF, nop (90) runs, then #DB; the pushed flags were popped. */
	TRAP_PROBE(p, "pushfq\n\torq $0x100, (%%rsp)", "popfq\n\tnop");
	expect_probe("#DB", &p, 1, 0, 2, 8);
	CHECK(caught.rflags & 0x100, "#DB: saved rflags 0x%lx lack TF", caught.rflags);
	uint64_t fl;
	__asm__ volatile("pushfq; popq %0" : "=r"(fl));
	CHECK(!(fl & 0x100), "TF still set after the handler cleared it: rflags 0x%lx", fl);
	step_through_hypercall();
	test_pass();
}
