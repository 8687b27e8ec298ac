/*
 * The four instructions that load a guest-chosen selector, each with a
 * fixup (extable.c): if the CPU refuses the selector, the fault handler
 * resumes at seg_load_fixup, which returns -1 instead of 0.  Nothing else
 * may sit between the label and the mov, so the faulting rip is the label.
 *
 *   int seg_load_ds(unsigned sel), seg_load_es, seg_load_fs, seg_load_gs
 */
	.text
	.globl seg_load_ds, seg_load_es, seg_load_fs, seg_load_gs, seg_load_fixup
seg_load_ds:
	movl %edi, %ds
	xorl %eax, %eax
	ret
seg_load_es:
	movl %edi, %es
	xorl %eax, %eax
	ret
seg_load_fs:
	movl %edi, %fs
	xorl %eax, %eax
	ret
seg_load_gs:
	movl %edi, %gs
	xorl %eax, %eax
	ret
seg_load_fixup:
	movl $-1, %eax
	ret
