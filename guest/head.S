/*
 * Guest entry and Xen ELF notes.  The builder enters at _start in
 * guest-kernel mode with rsi = start_info and rsp = the top of the boot
 * stack page; the hypercall page is filled before the first instruction.
 * The runtime records that rsp (guest_boot_sp) and moves to a 64 KiB stack
 * of its own at once.
 */
#include "xen_note.h"

	XEN_NOTE(6, .asciz, "Umbra-guest")          /* GUEST_OS */
	XEN_NOTE(7, .asciz, "0.1")                  /* GUEST_VERSION */
	XEN_NOTE(5, .asciz, "xen-3.0")              /* XEN_VERSION */
	XEN_NOTE(8, .asciz, "generic")              /* LOADER */
	XEN_NOTE(3, .quad, 0xFFFFFFFF80000000)      /* VIRT_BASE */
	XEN_NOTE(4, .quad, 0)                       /* PADDR_OFFSET */
	XEN_NOTE(1, .quad, _start)                  /* ENTRY */
	XEN_NOTE(2, .quad, hypercall_page)          /* HYPERCALL_PAGE */

	.section .text.head, "ax"
	.globl _start
_start:
	cld
	movq %rsp, guest_boot_sp(%rip)
	movq %rsi, %rdi                 /* start_info */
	leaq guest_stack_top(%rip), %rsp        /* the boot stack is one page: use our own */
	xorl %ebp, %ebp
	call guest_start
1:	hlt                             /* not reached: guest_start shuts down */
	jmp 1b

	.section .data.hypercall_page, "aw"
	.balign 4096
	.globl hypercall_page
hypercall_page:
	.fill 4096, 1, 0

	.data
	.balign 8
	.globl guest_boot_sp
guest_boot_sp:
	.quad 0

	.bss
	.balign 16
guest_stack:
	.fill 65536, 1, 0
guest_stack_top:
