/*
 * Rule: an iret hypercall to a rip the CPU's iretq would refuse (a
 * non-canonical one, or one above 4 GiB in 32-bit code) is not fatal: as in
 * Xen, whose own iretq faults and reflects the fault, the guest gets #GP(0)
 * at that rip through its trap table, from guest-kernel mode, and can
 * recover.  The hypervisor never executes the refused iretq.
 */
#include "test.h"

static volatile uint64_t gp_rip, gp_cs, gp_ec;
static volatile unsigned gps;
static uint64_t resume_at;

static void on_gp(struct trap_frame *f, struct trap_info_view *t)
{
	(void)f;
	gps++;
	gp_rip = *t->rip;
	gp_cs = *t->cs;
	gp_ec = t->error_code;
	*t->rip = resume_at;
	*t->cs = 0xe030;                /* back to 64-bit code, guest-kernel mode */
}

/* iret to (cs, rip) with the current stack; resumes at label 1 via the #GP handler. */
static void iret_to(uint64_t cs, uint64_t rip)
{
	__asm__ volatile("lea 1f(%%rip), %%rax\n\t"
			 "mov %%rax, %[resume]\n\t"
			 "mov %%rsp, %%rax\n\t"
			 "pushq $0xe02b\n\t"
			 "pushq %%rax\n\t"
			 "pushq $0x200\n\t"
			 "pushq %[cs]\n\t"
			 "pushq %[rip]\n\t"
			 "pushq $0\n\t"
			 "jmp hypercall_page + 23 * 32\n"
			 "1:"
			 : [resume] "=m"(resume_at)
			 : [cs] "r"(cs), [rip] "r"(rip)
			 : "rax", "rcx", "r11", "memory");
}

static void expect_gp(const char *what, uint64_t cs, uint64_t rip)
{
	unsigned before = gps;
	iret_to(cs, rip);
	printf("%s: #GP(%lu) at rip %lx, cs %lx\n", what, gp_ec, gp_rip, gp_cs & 0xffff);
	CHECK_EQ(gps, before + 1);
	CHECK_EQ(gp_ec, 0);
	CHECK_EQ(gp_rip, rip);
	CHECK_EQ(gp_cs & 0xffff, (cs | 3) & ~3ull);  /* from guest-kernel mode: RPL cleared */
}

int main(void)
{
	CHECK_EQ(guest_set_trap(13, on_gp, 0), 0);
	expect_gp("non-canonical", 0xe030, 0x8000000000001000ull);
	expect_gp("non-canonical high", 0xe030, 0xff00000000000000ull);
	expect_gp("32-bit code above 4 GiB", 0xe020, 0x100000000ull);
	test_pass();
}
