/* elf-features variant "needs-dom0" is refused: dom0 is offered to the control domain only. */
#include "xen_note.h"

	XEN_NOTE(XEN_ELFNOTE_FEATURES, .asciz, "!dom0")
	.section .note.GNU-stack, "", @progbits
