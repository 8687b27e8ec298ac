/*
 * The failsafe callback of test kernels (failsafe.h).  The hypervisor's
 * frame is rcx, r11, ds, es, fs, gs, rip, cs, rflags, rsp, ss.  Save the
 * registers C may clobber, hand the frame to failsafe_record(), restore
 * them, take rcx and r11 from the frame, drop the four selectors and
 * return with the iret hypercall (flags 0, below rip), which restores rax
 * and the saved upcall mask.
 */
	.text
	.globl failsafe_entry
failsafe_entry:
	pushq %rax
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %rbp
	leaq 64(%rsp), %rdi             /* the frame, above the 8 pushes */
	movq %rsp, %rbp
	andq $-16, %rsp
	call failsafe_record
	movq %rbp, %rsp
	popq %rbp
	popq %r10
	popq %r9
	popq %r8
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rax
	popq %rcx
	popq %r11
	leaq 32(%rsp), %rsp             /* ds, es, fs, gs */
	pushq $0
	jmp hypercall_page + 23 * 32
