/*
 * The initial domain's notes: the standard FEATURES note of Linux PV
 * kernels (writable page tables required, pae_pgdir_above_4gb supported),
 * plus a supported feature Umbra lacks and a name Xen does not know, both
 * of which must be ignored; and a SUPPORTED_FEATURES bitmap that lists
 * dom0, which a control domain's must when the note is there.
 */
#include "xen_note.h"

	XEN_NOTE(XEN_ELFNOTE_FEATURES, .asciz,
		 "!writable_page_tables|pae_pgdir_above_4gb|hvm_callback_vector|no_such_feature")
	XEN_NOTE(XEN_ELFNOTE_SUPPORTED_FEATURES, .long, (1 << XENFEAT_dom0))
	.section .note.GNU-stack, "", @progbits
