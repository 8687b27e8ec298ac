/*
 * The SVM world switch (see svm.h for the contract).
 *
 * VMRUN and #VMEXIT switch only part of the CPU (hvm-svm design notes,
 * 1.12): RAX, RSP and RIP, the segment registers the CPU caches, the
 * control registers and RFLAGS.  Everything else is done here:
 *
 *   - the guest's other general registers come from and go back to its
 *     struct cpu_regs (the same frame a PV vCPU uses);
 *   - FS, GS, TR, LDTR, KernelGSBase, STAR/LSTAR/CSTAR/SFMASK and the
 *     SYSENTER MSRs are the guest's only while it runs: VMSAVE of the host
 *     just before, VMLOAD of the guest, and after the exit VMSAVE of the
 *     guest and VMLOAD of the host, so the PV side (SYSCALL MSRs, the TSS
 *     with its IST stacks) finds its own state on every return;
 *   - GIF is cleared before interrupts are enabled, so nothing is taken
 *     between STI and VMRUN; a host interrupt that arrives while the guest
 *     runs makes it exit (the INTR intercept) and is taken at the STGI
 *     below, through the host IDT at CPL 0 (trap_from_hv).
 *
 * The hypervisor runs with interrupts off everywhere else, as on the PV
 * side: this STGI is the one place an interrupt arrives while an HVM vCPU
 * is current.
 */
#define R15 0
#define R14 8
#define R13 16
#define R12 24
#define R11 32
#define R10 40
#define R9  48
#define R8  56
#define RBP 64
#define RDI 72
#define RSI 80
#define RDX 88
#define RCX 96
#define RBX 104

	.text
	.globl svm_vmrun
svm_vmrun:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	pushq %rdi                      /* regs: 16(%rsp) */
	pushq %rdx                      /* host VMCB: 8(%rsp) */
	pushq %rsi                      /* guest VMCB: 0(%rsp) */
	movq %rdx, %rax
	vmsave %rax
	movq (%rsp), %rax
	vmload %rax
	clgi
	sti
	movq RBX(%rdi), %rbx
	movq RCX(%rdi), %rcx
	movq RDX(%rdi), %rdx
	movq RSI(%rdi), %rsi
	movq RBP(%rdi), %rbp
	movq R8(%rdi), %r8
	movq R9(%rdi), %r9
	movq R10(%rdi), %r10
	movq R11(%rdi), %r11
	movq R12(%rdi), %r12
	movq R13(%rdi), %r13
	movq R14(%rdi), %r14
	movq R15(%rdi), %r15
	movq RDI(%rdi), %rdi
	vmrun %rax
	pushq %rdi
	movq 24(%rsp), %rdi
	popq RDI(%rdi)
	movq %rbx, RBX(%rdi)
	movq %rcx, RCX(%rdi)
	movq %rdx, RDX(%rdi)
	movq %rsi, RSI(%rdi)
	movq %rbp, RBP(%rdi)
	movq %r8, R8(%rdi)
	movq %r9, R9(%rdi)
	movq %r10, R10(%rdi)
	movq %r11, R11(%rdi)
	movq %r12, R12(%rdi)
	movq %r13, R13(%rdi)
	movq %r14, R14(%rdi)
	movq %r15, R15(%rdi)
	movq (%rsp), %rax
	vmsave %rax
	movq 8(%rsp), %rax
	vmload %rax
	stgi                            /* pending host interrupts are taken here */
	nop
	cli
	addq $24, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

	.globl svm_enter_fresh_stack
svm_enter_fresh_stack:
	movq hv_stack_top_ptr(%rip), %rsp
	xorl %ebp, %ebp
	call hvm_run                    /* never returns */
	ud2
