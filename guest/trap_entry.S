/*
 * Guest exception entry.  The hypervisor's bounce frame is
 *   rcx, r11, [error code], rip, cs, rflags, rsp, ss
 * One stub per vector records the vector and whether the CPU pushed an error
 * code, saves the registers and calls guest_trap().  The way back is the
 * iret hypercall: restore registers, pop rcx/r11 (and the error code), push
 * flags = 0 below rip and jump to the iret stub, which pushes rcx, r11, rax.
 *
 * An event upcall can interrupt any code, which may hold floating-point
 * values in x87/SSE registers that the handlers' C code is free to use: the
 * upcall path saves them (fxsave) around guest_trap and restores them.
 * Exceptions are synchronous and their handlers are the trapping program's
 * own, so they do not pay for it.  With the virtual CR0.TS set
 * (fpu_taskswitch) the fxsave raises #NM, which the guest must handle, as
 * any FPU use then.
 */
	.macro STUB vec, ec
	.globl guest_trap_stub_\vec
guest_trap_stub_\vec:
	pushq $\vec
	pushq $\ec
	jmp guest_trap_common
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
	STUB 0x40, 0
	STUB 0x41, 0
	STUB 0x80, 0

guest_trap_common:
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
	movq %rsp, %rdi
	movq %rsp, %rbp                 /* saved above; restored by the pops */
	andq $-16, %rsp                 /* the ABI's alignment, whatever the frame size */
	cmpq $0x100, 128(%rbp)          /* the vector: an event upcall? */
	jne 3f
	subq $512, %rsp
	fxsave64 (%rsp)                 /* the interrupted code's x87/SSE registers */
	call guest_trap
	fxrstor64 (%rsp)
	jmp 4f
3:	call guest_trap
4:	movq %rbp, %rsp
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
	cmpq $0, (%rsp)                 /* has_ec */
	leaq 16(%rsp), %rsp             /* drop has_ec, vector */
	popq %rcx
	popq %r11
	je 1f
	leaq 8(%rsp), %rsp              /* drop the error code */
1:	pushq $0                        /* iret flags */
	jmp hypercall_page + 23 * 32

/* The event callback: same frame as a trap without error code; vector 0x100. */
	.globl guest_event_stub
guest_event_stub:
	pushq $0x100
	pushq $0
	jmp guest_trap_common
