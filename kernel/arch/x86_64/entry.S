/*
 * Every way into the hypervisor: exception and interrupt stubs, SYSCALL, and
 * the single way back to a guest.
 *
 * Invariant: when a guest runs, TSS.RSP0 (and cpu_rsp0) point just past the
 * running vCPU's struct cpu_regs.  An interrupt from CPL 3 therefore pushes
 * its frame straight into the vCPU; the stub pushes the rest of struct
 * cpu_regs there and only then moves to the hypervisor stack.  SYSCALL builds
 * the same frame by hand.  Nothing about a guest is ever left on the
 * hypervisor stack, so the C code below never returns to the entry point
 * for guest entries: it ends in return_to_guest() with some vCPU's frame.
 *
 * Entries from CPL 0 (a hypervisor fault, or an interrupt while idle) build
 * the frame on the current stack and do return through it.
 *
 * IST vectors (#DB, NMI, #DF, #MC) arrive on their own stacks; from CPL 3
 * the C side copies the frame into the vCPU before using it.
 */
#include "layout.h"

	.macro PUSH_GPRS
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	.endm

	.macro POP_GPRS
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	.endm

	.macro STUB vec, has_err
	.globl exc_stub_\vec
exc_stub_\vec:
	.if \has_err == 0
	pushq $0
	.endif
	pushq $\vec
	jmp common_entry
	.endm

	.text
	STUB 0, 0
	STUB 1, 0
	STUB 2, 0
	STUB 3, 0
	STUB 4, 0
	STUB 5, 0
	STUB 6, 0
	STUB 7, 0
	STUB 8, 1
	STUB 9, 0
	STUB 10, 1
	STUB 11, 1
	STUB 12, 1
	STUB 13, 1
	STUB 14, 1
	STUB 15, 0
	STUB 16, 0
	STUB 17, 1
	STUB 18, 0
	STUB 19, 0
	STUB 20, 0
	STUB 21, 1
	STUB 0x80, 0
	.irp vec, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7
	STUB \vec, 0
	.endr
	STUB 0xf0, 0
	STUB 0xf1, 0
	STUB 0xff, 0

/* The 24 GSI vectors' stubs, in order, for desc.c's IDT. */
	.section .rodata
	.globl gsi_stubs
gsi_stubs:
	.irp vec, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7
	.quad exc_stub_\vec
	.endr
	.text

common_entry:
	cld
	PUSH_GPRS
	movq %rsp, %rdi
	testb $3, REGS_CS(%rsp)
	jz 1f
	movq hv_stack_top_ptr(%rip), %rsp
	xorl %ebp, %ebp
	call trap_from_guest            /* never returns */
	ud2
1:	call trap_from_hv
	POP_GPRS
	addq $16, %rsp
	iretq

/*
 * SYSCALL from CPL 3: RCX = guest RIP, R11 = guest RFLAGS, RSP untouched.
 * FMASK has cleared IF, DF, TF and AC.  LSTAR enters from 64-bit code,
 * CSTAR from 32-bit code; the frame's cs tells the two apart.
 */
	.macro SYSCALL_ENTRY name, cs
	.globl \name
\name:
	movq %rsp, syscall_guest_rsp(%rip)
	movq cpu_rsp0(%rip), %rsp
	pushq $0xe02b                   /* ss */
	pushq syscall_guest_rsp(%rip)   /* rsp */
	pushq %r11                      /* rflags */
	pushq $\cs                      /* cs */
	pushq %rcx                      /* rip */
	pushq $0                        /* error code */
	pushq $VEC_SYSCALL
	PUSH_GPRS
	movq %rsp, %rdi
	movq hv_stack_top_ptr(%rip), %rsp
	xorl %ebp, %ebp
	call syscall_from_guest         /* never returns */
	ud2
	.endm

	SYSCALL_ENTRY syscall_entry, 0xe033
	SYSCALL_ENTRY cstar_entry, 0xe023

/*
 * void return_to_guest_frame(struct cpu_regs *r): load r and iretq.
 *
 * The iretq pops a copy of r's interrupt frame from the top of the
 * hypervisor stack (nothing there is live: this never returns), so that a
 * fault it raises on the guest's cs or ss is pushed onto the hypervisor
 * stack below the copy, not over the vCPU.  Such a fault is fixed up
 * (extable.c): return_to_guest_fixup starts the hypervisor stack afresh and
 * calls return_to_guest_fault(vector, error code) with what the fault
 * handler put in rdi and rsi; the guest's registers are still all in r.
 */
	.globl return_to_guest_frame, return_to_guest_iretq, return_to_guest_fixup
return_to_guest_frame:
	movq hv_stack_top_ptr(%rip), %rsp
	pushq REGS_SS(%rdi)
	pushq REGS_RSP(%rdi)
	pushq REGS_RFLAGS(%rdi)
	pushq REGS_CS(%rdi)
	pushq REGS_RIP(%rdi)
	movq %rdi, %rsp
	POP_GPRS
	movq hv_stack_top_ptr(%rip), %rsp
	subq $40, %rsp
return_to_guest_iretq:
	iretq
return_to_guest_fixup:
	movq hv_stack_top_ptr(%rip), %rsp
	xorl %ebp, %ebp
	call return_to_guest_fault      /* never returns */
	ud2

/*
 * long guest_copy(void *dst, const void *src, size_t n)
 * Copies between hypervisor and guest memory, eight bytes at a time and
 * then the rest byte by byte (each step of a rep is an instruction to the
 * CPU's count, and most requests are whole words).  A fault on either copy
 * is fixed up (see extable.c) into a -EFAULT return.  Callers check the
 * guest range first; this only catches unmapped and read-only pages.
 */
	.globl guest_copy, guest_copy_insn, guest_copy_tail_insn, guest_copy_fixup
guest_copy:
	movq %rdx, %rcx
	shrq $3, %rcx
guest_copy_insn:
	rep movsq
	movl %edx, %ecx
	andl $7, %ecx
guest_copy_tail_insn:
	rep movsb
	xorl %eax, %eax
	ret
guest_copy_fixup:
	movq $-14, %rax
	ret

	.bss
	.align 16
	.globl syscall_guest_rsp, cpu_rsp0
syscall_guest_rsp: .quad 0
cpu_rsp0:          .quad 0
