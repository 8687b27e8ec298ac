/* elf-features variant "needs-unknown" is refused: a required name Xen does not know. */
#include "xen_note.h"

	XEN_NOTE(XEN_ELFNOTE_FEATURES, .asciz, "!writable_page_tables|!no_such_feature")
	.section .note.GNU-stack, "", @progbits
