/*
 * Rule: a syscall from 32-bit code (cs 0xe023 on CPL 3; here guest-kernel
 * 32-bit code, which Xen also never treats as a hypercall) enters the guest
 * kernel's syscall32 callback when one is registered, else becomes #UD at
 * the syscall instruction, whatever the 64-bit syscall callback is
 * (xen-pv-abi.md 4.1, Xen 4.17's switch_to_kernel).  The callback's frame is the bounce frame: rcx,
 * r11, rip after the syscall, cs 0xe020 (guest-kernel mode), rflags, rsp,
 * ss, read from the stack (the registers rcx and r11 themselves are not
 * part of the ABI: Xen may enter the callback with sysret, which sets
 * them).  Events are masked on entry when the syscall callback (not the
 * syscall32 one) was registered with CALLBACKF_mask_events: Xen 4.17's
 * switch_to_kernel reads that one flag for both.  Registering syscall32
 * and sysenter callbacks is accepted like Xen (canonical addresses only;
 * neither can be unregistered).
 */
#include "public/callback.h"
#include "events.h"
#include "pt.h"
#include "test.h"

#define CODE32_VA 0x400000ull
#define STACK32_TOP 0x402000ull      /* a stack page below 4 GiB for the 32-bit code */

struct entry { uint64_t rcx, r11, rip, cs, rflags, rsp, ss; };

extern char cb_syscall32[], cb_syscall[], resume64[];
uint64_t saved_rsp;
volatile struct entry seen;
volatile unsigned which;        /* 1: syscall32 callback, 2: syscall callback, 3: #UD */

/* Both callbacks record the frame and return to 64-bit code on the original stack. */
__asm__(".text\n"
	"cb_syscall32: movl $1, which(%rip); jmp record\n"
	"cb_syscall:   movl $2, which(%rip)\n"
	"record:\n\t"
	"lea seen(%rip), %rax\n\t"
	"mov 0(%rsp), %rcx; mov %rcx, 0(%rax)\n\t"
	"mov 8(%rsp), %rcx; mov %rcx, 8(%rax)\n\t"
	"mov 16(%rsp), %rcx; mov %rcx, 16(%rax)\n\t"
	"mov 24(%rsp), %rcx; mov %rcx, 24(%rax)\n\t"
	"mov 32(%rsp), %rcx; mov %rcx, 32(%rax)\n\t"
	"mov 40(%rsp), %rcx; mov %rcx, 40(%rax)\n\t"
	"mov 48(%rsp), %rcx; mov %rcx, 48(%rax)\n\t"
	"mov saved_rsp(%rip), %rsp\n\t"
	"jmp resume64\n");

static void on_ud(struct trap_frame *f, struct trap_info_view *t)
{
	(void)f;
	which = 3;
	seen.rip = *t->rip;
	seen.cs = *t->cs;
	*t->rip = (uint64_t)resume64;
	*t->rsp = saved_rsp;
	*t->cs = 0xe030;
}

static long cb_register(unsigned type, uint64_t address, unsigned flags)
{
	struct callback_register cb = { .type = (uint16_t)type, .flags = (uint16_t)flags, .address = address };
	return HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
}

/* iret into the 32-bit code at CODE32_VA (syscall; ud2), staying in guest-kernel
   mode, on a stack below 4 GiB (32-bit code has a 32-bit stack pointer). */
static void run_code32(void)
{
	which = 0;
	__asm__ volatile("mov %%rsp, saved_rsp(%%rip)\n\t"
			 "pushq $0xe02b\n\t"
			 "pushq %[sp]\n\t"
			 "pushq $0x200\n\t"
			 "pushq $0xe020\n\t"
			 "pushq %[rip]\n\t"
			 "pushq $0\n\t"
			 "jmp hypercall_page + 23 * 32\n"
			 "resume64:"
			 :: [rip] "i"(CODE32_VA), [sp] "i"(STACK32_TOP)
			 : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11",
			   "r12", "r13", "r14", "r15", "memory");
}

int main(void)
{
	events_init();
	uint64_t pfn = pt_alloc();
	CHECK_EQ(pt_map(pfn, PT_P | PT_RW | PT_A | PT_D), 0);
	static const uint8_t code[] = { 0x0f, 0x05, 0x0f, 0x0b };      /* syscall; ud2 */
	memcpy((void *)pt_pfn_va(pfn), code, sizeof(code));
	CHECK_EQ(pt_ensure_l1(CODE32_VA), 0);
	CHECK_EQ(pt_map_mfn(CODE32_VA, pt_mfn(pfn), PT_P | PT_A), 0);
	CHECK_EQ(pt_map_mfn(STACK32_TOP - 4096, pt_mfn(pt_alloc()), PT_P | PT_RW | PT_A | PT_D), 0);
	CHECK_EQ(guest_set_trap(6, on_ud, 0), 0);

	CHECK_EQ(cb_register(CALLBACKTYPE_syscall32, 0x8000000000000000ull, 0), -XEN_EINVAL);
	CHECK_EQ(cb_register(CALLBACKTYPE_sysenter, 0x8000000000000000ull, 0), -XEN_EINVAL);
	CHECK_EQ(cb_register(CALLBACKTYPE_sysenter, (uint64_t)cb_syscall, 0), 0);
	struct callback_unregister un = { .type = CALLBACKTYPE_syscall32 };
	CHECK_EQ(HYPERVISOR_callback_op(CALLBACKOP_unregister, &un), -XEN_EINVAL);
	un.type = CALLBACKTYPE_sysenter;
	CHECK_EQ(HYPERVISOR_callback_op(CALLBACKOP_unregister, &un), -XEN_EINVAL);

	CHECK_EQ(cb_register(CALLBACKTYPE_syscall32, (uint64_t)cb_syscall32, CALLBACKF_mask_events), 0);
	CHECK_EQ(cb_register(CALLBACKTYPE_syscall, (uint64_t)cb_syscall, 0), 0);
	run_code32();
	CHECK_EQ(which, 1);
	CHECK_EQ(shared_info->vcpu_info[0].evtchn_upcall_mask, 0);     /* syscall32's own flag: ignored */
	CHECK_EQ(cb_register(CALLBACKTYPE_syscall32, (uint64_t)cb_syscall32, 0), 0);
	CHECK_EQ(cb_register(CALLBACKTYPE_syscall, (uint64_t)cb_syscall, CALLBACKF_mask_events), 0);
	run_code32();
	uint8_t mask = shared_info->vcpu_info[0].evtchn_upcall_mask;
	shared_info->vcpu_info[0].evtchn_upcall_mask = 0;
	printf("syscall32 callback: which %u rip %lx cs %lx rflags %lx mask %u\n", which, seen.rip, seen.cs, seen.rflags, mask);
	CHECK_EQ(which, 1);
	CHECK_EQ(seen.rip, CODE32_VA + 2);
	CHECK_EQ(seen.cs & 0xffff, 0xe020);
	CHECK_EQ(seen.rcx, CODE32_VA + 2);      /* the frame's rcx: syscall's return rip */
	CHECK_EQ(seen.ss, 0xe02b);
	CHECK_EQ(seen.rsp, STACK32_TOP);
	CHECK_EQ(mask, 1);

	CHECK_EQ(cb_register(CALLBACKTYPE_syscall32, 0, 0), 0);
	run_code32();
	printf("no syscall32 callback: which %u rip %lx cs %lx\n", which, seen.rip, seen.cs);
	CHECK_EQ(which, 3);                     /* not the syscall callback */
	CHECK_EQ(seen.rip, CODE32_VA);
	CHECK_EQ(seen.cs & 0xffff, 0xe020);
	CHECK_EQ(shared_info->vcpu_info[0].evtchn_upcall_mask, 0);
	test_pass();
}
