/*
 * fpu_load(state) loads xmm0-xmm14, MXCSR and the x87 control word from
 * struct fpu_pattern; fpu_check(state) returns a bit mask of what differs
 * (bit i: xmm i, bit 15: MXCSR, bit 16: x87 control word).  xmm15 is the
 * scratch register of the comparison.
 */
	.macro LOAD i
	movdqa \i*16(%rdi), %xmm\i
	.endm
	.macro CHECK i
	movdqa %xmm\i, %xmm15
	pcmpeqb \i*16(%rdi), %xmm15
	pmovmskb %xmm15, %ecx
	cmpl $0xffff, %ecx
	je 1f
	orl $(1 << \i), %eax
1:
	.endm

	.text
	.globl fpu_load
fpu_load:
	LOAD 0
	LOAD 1
	LOAD 2
	LOAD 3
	LOAD 4
	LOAD 5
	LOAD 6
	LOAD 7
	LOAD 8
	LOAD 9
	LOAD 10
	LOAD 11
	LOAD 12
	LOAD 13
	LOAD 14
	ldmxcsr 240(%rdi)
	fldcw 244(%rdi)
	ret

	.globl fpu_check
fpu_check:
	xorl %eax, %eax
	CHECK 0
	CHECK 1
	CHECK 2
	CHECK 3
	CHECK 4
	CHECK 5
	CHECK 6
	CHECK 7
	CHECK 8
	CHECK 9
	CHECK 10
	CHECK 11
	CHECK 12
	CHECK 13
	CHECK 14
	subq $8, %rsp
	stmxcsr (%rsp)
	movl (%rsp), %ecx
	cmpl 240(%rdi), %ecx
	je 1f
	orl $(1 << 15), %eax
1:	fnstcw (%rsp)
	movzwl (%rsp), %ecx
	movzwl 244(%rdi), %edx
	cmpl %edx, %ecx
	je 1f
	orl $(1 << 16), %eax
1:	addq $8, %rsp
	ret
