/*
 * Multiboot v1 entry.  QEMU jumps here in 32-bit protected mode with paging
 * off, EAX = 0x2BADB002 and EBX = the Multiboot information (physical).
 *
 * The stub maps the first 1 GiB twice, at 0 (so the next instruction after
 * paging is turned on still exists) and at KERNEL_VBASE (where the C code is
 * linked), enters long mode and jumps high.  paging.c then builds the real
 * hypervisor page tables and the identity map disappears.  The Multiboot
 * header uses the address fields (flag 16) so that QEMU loads this ELF64
 * file directly.
 */
#include "layout.h"

#define MB_MAGIC  0x1BADB002
#define MB_FLAGS  0x00010003          /* page-align modules, memory map, address fields */

	.section .multiboot, "a"
	.align 4
mb_header:
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)
	.long mb_header                 /* header_addr */
	.long _image_start_phys         /* load_addr */
	.long _load_end_phys            /* load_end_addr */
	.long _end_phys                 /* bss_end_addr */
	.long _start32                  /* entry_addr */

	.section .boot.text, "ax"
	.code32
	.globl _start32
_start32:
	cli
	cld
	movl %eax, %edi                 /* magic */
	movl %ebx, %esi                 /* Multiboot info */
	movl $boot_stack_top, %esp

	/* PML4[0] and PML4[261] -> one PDPT; PDPT[0] -> PD of 512 x 2 MiB. */
	movl $boot_pdpt + 3, %eax
	movl %eax, boot_pml4
	movl %eax, boot_pml4 + L4_SLOT_IMAGE * 8
	movl $boot_pd + 3, %eax
	movl %eax, boot_pdpt
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $21, %eax
	orl $0x83, %eax                 /* present, writable, 2 MiB */
	movl %eax, boot_pd(, %ecx, 8)
	incl %ecx
	cmpl $512, %ecx
	jne 1b

	movl $boot_pml4, %eax
	movl %eax, %cr3
	movl %cr4, %eax
	orl $0x20, %eax                 /* PAE */
	movl %eax, %cr4
	movl $0xC0000080, %ecx
	rdmsr
	orl $0x100, %eax                /* EFER.LME */
	wrmsr
	movl %cr0, %eax
	orl $0x80010001, %eax           /* PG | WP | PE */
	movl %eax, %cr0
	lgdt boot_gdt_desc
	ljmp $0x08, $start64_low

	.code64
start64_low:
	movabsq $start64_high, %rax
	jmp *%rax

	.section .boot.data, "aw"
	.align 16
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff        /* 64-bit code */
	.quad 0x00cf92000000ffff        /* data */
boot_gdt_desc:
	.word 3 * 8 - 1
	.long boot_gdt
	.align 4096
boot_pml4:  .fill 512, 8, 0
boot_pdpt:  .fill 512, 8, 0
boot_pd:    .fill 512, 8, 0
boot_stack: .fill 1024, 1, 0
boot_stack_top:

	.text
start64_high:
	movl $0x10, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	movq hv_stack_top_ptr(%rip), %rsp
	xorl %ebp, %ebp
	call hv_main                    /* (magic, mbi_phys): never returns */
2:	hlt
	jmp 2b
