/* elf-features variant "needs-smk" is refused: a required feature Umbra lacks (the one that panics Xen for dom0). */
#include "xen_note.h"

	XEN_NOTE(XEN_ELFNOTE_FEATURES, .asciz, "!supervisor_mode_kernel")
	.section .note.GNU-stack, "", @progbits
