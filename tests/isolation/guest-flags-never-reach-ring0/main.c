/*
 * Rule: the flags and selectors a guest holds or hands back never reach
 * ring 0 in a form that would make a hypervisor instruction misbehave or
 * fault (docs/ring0-faults.md rows 4 and 17):
 *  - an iret hypercall frame naming Xen's ring-0 code and data selectors
 *    (0xe008, 0xe010) and rflags with NT, IOPL 3, VM and IF clear resumes
 *    the guest with cs 0xe033, ss 0xe02b and NT, IOPL and VM clear, IF set
 *    (events stay masked, as the frame's IF said);
 *  - with DF set, a hypercall still copies its result forwards (the
 *    hypervisor's copy does not run backwards over the guest's memory) and
 *    the guest gets DF back; a trap taken with DF set bounces a correct
 *    frame (rip, and DF kept in the saved rflags).
 */
#include "public/version.h"
#include "catch.h"
#include "events.h"
#include "test.h"

#define NT    0x4000ull
#define IOPL3 0x3000ull
#define VM    0x20000ull
#define IF    0x200ull
#define DF    0x400ull

static uint64_t read_flags(void)
{
	uint64_t f;
	__asm__ volatile("pushfq; popq %0" : "=r"(f));
	return f;
}

static void iret_with_ring0_selectors(void)
{
	uint64_t cs, ss, flags;
	__asm__ volatile("mov %%rsp, %%rax\n\t"
			 "pushq $0xe010\n\t"            /* ss: Xen's ring-0 data */
			 "pushq %%rax\n\t"              /* rsp */
			 "pushq %[fl]\n\t"              /* rflags */
			 "pushq $0xe008\n\t"            /* cs: Xen's ring-0 code, RPL 0 */
			 "lea 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"              /* rip */
			 "pushq $0\n\t"                 /* flags */
			 "jmp hypercall_page + 23 * 32\n"
			 "1:\n\t"
			 "mov %%cs, %[cs]\n\t"
			 "mov %%ss, %[ss]\n\t"
			 "pushfq; popq %[flags]"
			 : [cs] "=r"(cs), [ss] "=r"(ss), [flags] "=r"(flags)
			 : [fl] "r"(NT | IOPL3 | VM | 0x2)
			 : "rax", "rcx", "r11", "memory");
	printf("after iret to cs 0xe008 ss 0xe010 rflags NT|IOPL3|VM: cs 0x%lx ss 0x%lx rflags 0x%lx, mask %u\n",
	       cs & 0xffff, ss & 0xffff, flags, shared_info->vcpu_info[0].evtchn_upcall_mask);
	CHECK_EQ(cs & 0xffff, 0xe033);
	CHECK_EQ(ss & 0xffff, 0xe02b);
	CHECK(!(flags & (NT | IOPL3 | VM)), "rflags 0x%lx kept NT, IOPL or VM", flags);
	CHECK(flags & IF, "rflags 0x%lx: IF clear at CPL 3", flags);
	CHECK_EQ(shared_info->vcpu_info[0].evtchn_upcall_mask, 1);
	shared_info->vcpu_info[0].evtchn_upcall_mask = 0;
}

static void hypercall_with_df(void)
{
	char buf[16];
	memset(buf, 0x55, sizeof(buf));
	long rc;
	uint64_t after;
	__asm__ volatile("std\n\t"
			 "call hypercall_page + 17 * 32\n\t"
			 "pushfq; popq %[after]\n\t"
			 "cld"
			 : "=a"(rc), [after] "=r"(after)
			 : "D"((uint64_t)XENVER_extraversion), "S"(buf)
			 : "rcx", "r11", "rdx", "r10", "r8", "memory");
	printf("extraversion with DF set: rc %ld, \"%s\", DF %s after\n", rc, buf, after & DF ? "set" : "clear");
	CHECK_EQ(rc, 0);
	char want[16];
	CHECK_EQ(HYPERVISOR_xen_version(XENVER_extraversion, want), 0);
	CHECK(!memcmp(buf, want, sizeof(buf)), "the copy made with DF set differs from the one without");
	CHECK(after & DF, "DF lost across the hypercall");
}

static void trap_with_df(void)
{
	CHECK_EQ(catch_trap(3, 0, 3), 0);
	uint64_t at;
	__asm__ volatile("std\n\t"
			 "lea 1f(%%rip), %0\n\t"
			 "int3\n"
			 "1: cld" : "=r"(at) :: "memory");
	CHECK_EQ(caught.count, 1);
	CHECK_EQ(caught.vector, 3);
	CHECK_EQ(caught.rip, at);
	CHECK(caught.rflags & DF, "saved rflags 0x%lx lost DF", caught.rflags);
	CHECK_EQ(caught.cs & 0xffff, 0xe030);
	printf("int3 with DF set: frame rip and rflags 0x%lx as expected\n", caught.rflags);
}

int main(void)
{
	events_init();
	CHECK(!(read_flags() & DF), "DF set at start");
	iret_with_ring0_selectors();
	hypercall_with_df();
	trap_with_df();
	test_pass();
}
