/*
 * Rule: the flags and selectors a guest holds or hands back never reach
 * ring 0 in a form that would make a hypervisor instruction misbehave or
 * fault (docs/ring0-faults.md rows 4 and 17):
 *  - an iret hypercall frame naming Xen's ring-0 code and data selectors
 *    (0xe008, 0xe010) gets RPL 3 on both and is refused by the CPU's iretq:
 *    the guest gets #GP(0xe008) at the frame's rip, as on Xen 4.17, with
 *    the frame's cs (RPL cleared: guest-kernel mode) and ss (RPL 3) in the
 *    bounce frame, and the hypervisor runs on;
 *  - an iret frame with the flat selectors and rflags with NT, IOPL 3, VM
 *    and IF clear resumes the guest with IOPL 0, VM clear and IF set at
 *    CPL 3 (events stay masked, as the frame's IF said); NT is the guest's
 *    own business at CPL 3 and is kept, as Xen 4.17 keeps it, and with NT
 *    set, as a guest may set it itself with popf, a hypercall and a trap
 *    still return correctly (every entry into ring 0 clears NT, so the
 *    hypervisor's iretq is never a task return);
 *  - with DF set, a hypercall still copies its result forwards (the
 *    hypervisor's copy does not run backwards over the guest's memory) and
 *    the guest gets DF back; a trap taken with DF set bounces a correct
 *    frame (rip, and DF kept in the saved rflags).
 */
#include "public/version.h"
#include "catch.h"
#include "events.h"
#include "iret_probe.h"
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
	struct iret_outcome o = iret_probe(0xe008, 0xe010, 0x202, 0);
	iret_expect_fault("iret to cs 0xe008 ss 0xe010", &o, 0xe008, 0xe010, 13, 0xe008);
}

static void iret_with_flags(void)
{
	struct iret_outcome o = iret_probe(FLAT_KERNEL_CS & ~3, FLAT_KERNEL_SS, NT | IOPL3 | VM | 0x2, 0);
	uint8_t mask = shared_info->vcpu_info[0].evtchn_upcall_mask;
	iret_expect_landed("iret with rflags NT|IOPL3|VM, IF clear", &o, FLAT_KERNEL_CS, FLAT_KERNEL_SS);
	printf("rflags after: 0x%lx (NT %s), upcall mask %u\n", o.rflags, o.rflags & NT ? "kept" : "cleared",
	       o.mask);
	CHECK(!(o.rflags & (IOPL3 | VM)), "rflags 0x%lx kept IOPL or VM", o.rflags);
	CHECK(o.rflags & NT, "rflags 0x%lx: NT not kept (Xen 4.17 keeps it)", o.rflags);
	CHECK(o.rflags & IF, "rflags 0x%lx: IF clear at CPL 3", o.rflags);
	CHECK_EQ(o.mask, 1);
	CHECK_EQ(mask, 0);                      /* iret_probe restored it */
}

/* A hypercall and a trap taken with NT set (popf at CPL 3) come back right. */
static void entries_with_nt(void)
{
	long rc;
	uint64_t before, after;
	char buf[16];
	__asm__ volatile("pushfq; popq %[before]\n\t"
			 "pushq %[nt]; popfq\n\t"
			 "call hypercall_page + 17 * 32\n\t"
			 "pushfq; popq %[after]\n\t"
			 "pushq %[before]; popfq"
			 : "=a"(rc), [before] "=&r"(before), [after] "=r"(after)
			 : "D"((uint64_t)XENVER_extraversion), "S"(buf), [nt] "r"(read_flags() | NT)
			 : "rcx", "r11", "rdx", "r10", "r8", "memory");
	printf("extraversion with NT set: rc %ld, NT %s after\n", rc, after & NT ? "set" : "clear");
	CHECK_EQ(rc, 0);
	CHECK(!(read_flags() & NT), "NT still set after popf");

	CHECK_EQ(catch_trap(3, 0, 3), 0);
	uint64_t at;
	__asm__ volatile("pushfq; popq %%rax; orq %1, %%rax; pushq %%rax; popfq\n\t"
			 "lea 1f(%%rip), %0\n\t"
			 "int3\n"
			 "1: pushfq; popq %%rax; andq %2, %%rax; pushq %%rax; popfq"
			 : "=&r"(at) : "r"(NT), "r"(~NT) : "rax", "cc", "memory");
	CHECK_EQ(caught.count, 1);
	CHECK_EQ(caught.vector, 3);
	CHECK_EQ(caught.rip, at);
	CHECK(caught.rflags & NT, "saved rflags 0x%lx lost the NT the guest had", caught.rflags);
	printf("int3 with NT set: frame rip and rflags 0x%lx as expected\n", caught.rflags);
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
	iret_probe_init();
	CHECK(!(read_flags() & DF), "DF set at start");
	iret_with_ring0_selectors();
	iret_with_flags();
	entries_with_nt();
	hypercall_with_df();
	trap_with_df();
	test_pass();
}
