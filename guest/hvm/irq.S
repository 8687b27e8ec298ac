/*
 * IDT stubs for HVM test kernels: each pushes an error code if the CPU did
 * not, then its vector, saves the caller-saved registers and calls
 * hvm_irq_dispatch(frame).
 */
	.text
	.macro STUB v
stub_\v:
	.if (\v == 8) || (\v >= 10 && \v <= 14) || (\v == 17) || (\v == 21)
	.else
	pushq $0
	.endif
	pushq $\v
	jmp irq_common
	.endm

	.altmacro
	.set v, 0
	.rept 256
	STUB %v
	.set v, v + 1
	.endr

irq_common:
	pushq %r11
	pushq %r10
	pushq %r9
	pushq %r8
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %rcx
	pushq %rax
	movq %rsp, %rdi
	cld
	call hvm_irq_dispatch
	popq %rax
	popq %rcx
	popq %rdx
	popq %rsi
	popq %rdi
	popq %r8
	popq %r9
	popq %r10
	popq %r11
	addq $16, %rsp
	iretq

	.section .rodata
	.align 8
	.globl hvm_irq_stubs
hvm_irq_stubs:
	.macro ADDR v
	.quad stub_\v
	.endm
	.set v, 0
	.rept 256
	ADDR %v
	.set v, v + 1
	.endr
