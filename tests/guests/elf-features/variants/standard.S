/* elf-features variant "standard" runs: the note Linux PV kernels carry. */
#include "xen_note.h"

	XEN_NOTE(XEN_ELFNOTE_FEATURES, .asciz, "!writable_page_tables|pae_pgdir_above_4gb")
	.section .note.GNU-stack, "", @progbits
