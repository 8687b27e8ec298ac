/*
 * A SUPPORTED_FEATURES note without dom0: this kernel declares it cannot
 * be a control domain, so the builder must refuse it as the initial one.
 */
#include "xen_note.h"

	XEN_NOTE(XEN_ELFNOTE_SUPPORTED_FEATURES, .long, 0)
	.section .note.GNU-stack, "", @progbits
