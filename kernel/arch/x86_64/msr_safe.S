/*
 * bool rdmsr_safe(uint32_t msr, uint64_t *value): read an MSR the hardware
 * may not have.  A #GP on the rdmsr is fixed up (extable.c) into a false
 * return; only the emulation of a guest's rdmsr uses it, to answer as Xen
 * does for MSRs it does not virtualise but the CPU has.
 */
	.text
	.globl rdmsr_safe, rdmsr_safe_insn, rdmsr_safe_fixup
rdmsr_safe:
	movl %edi, %ecx
rdmsr_safe_insn:
	rdmsr
	movl %eax, (%rsi)
	movl %edx, 4(%rsi)
	movl $1, %eax
	ret
rdmsr_safe_fixup:
	xorl %eax, %eax
	ret
