/*
 * Start of day of a PV kernel written from Xen's published ABI alone, the way
 * a kernel built for Xen elsewhere is: its own ELF notes (with the standard
 * FEATURES string Linux and Xen's own test kernels carry), its own entry,
 * stack and hypercall page, nothing from Umbra's guest runtime or headers.
 * Xen enters at the ENTRY note in 64-bit mode with %rsi = start_info.
 */
	.macro NOTE type
	.pushsection .note.Xen, "a"
	.balign 4
	.long 4, 2f - 1f, \type
	.asciz "Xen"
1:
	.endm
	.macro END
2:	.balign 4
	.popsection
	.endm

	NOTE 6;  .asciz "ForeignPV";             END    /* GUEST_OS */
	NOTE 5;  .asciz "xen-3.0";               END    /* XEN_VERSION */
	NOTE 8;  .asciz "generic";               END    /* LOADER */
	NOTE 3;  .quad 0xffffffff80000000;       END    /* VIRT_BASE */
	NOTE 4;  .quad 0;                        END    /* PADDR_OFFSET */
	NOTE 1;  .quad start;                    END    /* ENTRY */
	NOTE 2;  .quad hypercall_page;           END    /* HYPERCALL_PAGE */
	NOTE 10; .asciz "!writable_page_tables|pae_pgdir_above_4gb"; END    /* FEATURES */
	NOTE 17; .long 1 << 11;                  END    /* SUPPORTED_FEATURES: dom0 */

	.text
	.globl start
start:
	cld
	leaq stack_top(%rip), %rsp
	movq %rsi, %rdi
	call kernel_main
1:	jmp 1b

	.section .data.page, "aw"
	.balign 4096
	.globl hypercall_page
hypercall_page:
	.fill 4096, 1, 0

	.bss
	.balign 16
	.fill 16384, 1, 0
stack_top:
