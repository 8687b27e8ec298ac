/* elf-features variant "optional" runs: only supported names, none required. */
#include "xen_note.h"

	XEN_NOTE(XEN_ELFNOTE_FEATURES, .asciz, "writable_descriptor_tables|auto_translated_physmap|supervisor_mode_kernel|hvm_callback_vector|dom0|not_a_xen_feature")
	.section .note.GNU-stack, "", @progbits
