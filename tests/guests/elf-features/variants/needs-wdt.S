/* elf-features variant "needs-wdt" is refused: a required feature Umbra lacks. */
#include "xen_note.h"

	XEN_NOTE(XEN_ELFNOTE_FEATURES, .asciz, "pae_pgdir_above_4gb|!writable_descriptor_tables")
	.section .note.GNU-stack, "", @progbits
