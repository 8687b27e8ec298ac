/*
 * Excursions: running code the fuzzer does not control, and coming back.
 *
 *   fuzz_iret(frame, returns)      the iret hypercall with the stack pointer
 *                                  at a fuzzed struct iret_context (rax,
 *                                  r11, rcx, flags, rip, cs, rflags, rsp,
 *                                  ss), as the hypercall page's stub would
 *                                  leave it.  With `returns` set, the
 *                                  frame's rip and rsp are first pointed
 *                                  back here, so a frame the
 *                                  hypervisor accepts comes back (in
 *                                  guest-user mode if its cs asked for it);
 *                                  without, it goes wherever the frame says.
 *   fuzz_probe(regs, code, rflags) calls the instruction bytes at `code`
 *                                  (ending in a ret) with every general
 *                                  register but %rsp loaded from regs[16]
 *                                  (rax, rcx, rdx, rbx, -, rbp, rsi, rdi,
 *                                  r8-r15) and the given flags.
 *
 * Both keep the callee-saved registers on the stack and the stack pointer
 * in excursion_rsp, and come back through excursion_return, which restores
 * them with clean flags (no DF, TF or AC left for the C code); a trap
 * during a probe is sent there too (survive.c, while probe_active).
 */
	.text
	.globl fuzz_iret, fuzz_probe, excursion_return
fuzz_iret:
	call save
	testl %esi, %esi
	jz 1f
	leaq excursion_return(%rip), %rax
	movq %rax, 32(%rdi)             /* rip */
	movq %rsp, 56(%rdi)             /* rsp: a trap there needs a stack */
1:	movq %rdi, %rsp
	movl $23, %eax                  /* __HYPERVISOR_iret */
	syscall
	ud2                             /* not reached: iret sets rip or the domain dies */

fuzz_probe:
	call save
	movq %rsi, probe_code(%rip)
	pushq %rdx
	popfq
	movq 0(%rdi), %rax
	movq 8(%rdi), %rcx
	movq 16(%rdi), %rdx
	movq 24(%rdi), %rbx
	movq 40(%rdi), %rbp
	movq 48(%rdi), %rsi
	movq 64(%rdi), %r8
	movq 72(%rdi), %r9
	movq 80(%rdi), %r10
	movq 88(%rdi), %r11
	movq 96(%rdi), %r12
	movq 104(%rdi), %r13
	movq 112(%rdi), %r14
	movq 120(%rdi), %r15
	movq 56(%rdi), %rdi
	call *probe_code(%rip)
excursion_return:
	pushq $0x202
	popfq
	cld
	movq excursion_rsp(%rip), %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
	ret

/* Push the callee-saved registers under the caller's return address and
 * record the stack pointer; returns with the stack as it left it. */
save:
	popq %rax
	pushq %rbx
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, excursion_rsp(%rip)
	jmp *%rax

	.bss
	.balign 8
	.globl excursion_rsp
excursion_rsp:	.quad 0
probe_code:	.quad 0
