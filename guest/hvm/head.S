/*
 * Start of day of an HVM test kernel, entered as Xen enters a PVH kernel
 * (its XEN_ELFNOTE_PHYS32_ENTRY note below): 32-bit protected mode, flat
 * segments, paging off, EBX = the guest-physical address of struct
 * hvm_start_info.
 *
 * Like a bare-metal kernel it then builds its own page tables (the first
 * 4 GiB identity-mapped with 2 MiB pages, so virtual = physical), turns on
 * PAE, long mode (EFER.LME, and NXE), paging with write protection, loads
 * a 64-bit GDT and jumps to 64-bit code, which calls hvm_start(start_info)
 * on the kernel's own stack.  Under nested paging none of this exits to
 * the hypervisor but the EFER write (an MSR); under shadow paging every
 * step would be a paging-mode change the hypervisor follows.
 */
	.section .note.Xen, "a"
	.align 4
	.long 4, 4, 18                  /* namesz, descsz, XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz "Xen"
	.long _start32

	.section .text.head, "ax"
	.code32
	.globl _start32
_start32:
	cli
	movl %ebx, %esi
	movl $boot_stack_top, %esp
	/* PML4[0] -> PDPT; PDPT[0..3] -> PD0..PD3; PDn[j] = 2 MiB page (n*512 + j). */
	movl $hvm_pdpt, %eax
	orl $3, %eax
	movl %eax, hvm_pml4
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $12, %eax
	addl $hvm_pd, %eax
	orl $3, %eax
	movl %eax, hvm_pdpt(,%ecx,8)
	incl %ecx
	cmpl $4, %ecx
	jne 1b
	xorl %ecx, %ecx
2:	movl %ecx, %eax
	shll $21, %eax
	orl $0x83, %eax                 /* present, writable, 2 MiB */
	movl %eax, hvm_pd(,%ecx,8)
	movl %ecx, %eax
	shrl $11, %eax                  /* bits 32+ of the address: (ecx * 2 MiB) >> 32 */
	movl %eax, hvm_pd+4(,%ecx,8)
	incl %ecx
	cmpl $2048, %ecx
	jne 2b
	movl $hvm_pml4, %eax
	movl %eax, %cr3
	movl %cr4, %eax
	orl $0x620, %eax                /* PAE, OSFXSR, OSXMMEXCPT */
	movl %eax, %cr4
	movl $0xC0000080, %ecx
	rdmsr
	orl $0x900, %eax                /* LME, NXE */
	wrmsr
	movl %cr0, %eax
	andl $~0x4, %eax                /* no EM */
	orl $0x80010002, %eax           /* PG, WP, MP */
	movl %eax, %cr0
	lgdt gdt_ptr
	ljmp $0x08, $long_mode

	.code64
long_mode:
	movl $0x10, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %eax, %fs
	movl %eax, %gs
	movl %esi, %edi
	movq $boot_stack_top, %rsp
	xorl %ebp, %ebp
	call hvm_start
3:	hlt
	jmp 3b

	.section .rodata
	.align 16
gdt:
	.quad 0
	.quad 0x00AF9A000000FFFF        /* 0x08: 64-bit code, DPL 0 */
	.quad 0x00CF92000000FFFF        /* 0x10: flat data */
gdt_end:
gdt_ptr:
	.word gdt_end - gdt - 1
	.long gdt

	.section .bss
	.align 4096
	.globl hvm_pml4
hvm_pml4: .skip 4096
hvm_pdpt: .skip 4096
hvm_pd:   .skip 4 * 4096
boot_stack: .skip 16384
boot_stack_top:
