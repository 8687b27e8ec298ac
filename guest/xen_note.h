/*
 * XEN_NOTE(type, directive, value): one Xen ELF note (named "Xen") in
 * .note.Xen, for assembly files.  guest.ld puts that section in the
 * kernel's PT_NOTE segment, where the domain builder reads it.  The
 * runtime's standard notes are in head.S; a test kernel adds its own
 * (FEATURES, SUPPORTED_FEATURES) the same way.
 */
#pragma once

#define XEN_NOTE(type, desctype, desc)  \
	.pushsection .note.Xen, "a";    \
	.balign 4;                      \
	.long 4;                        \
	.long 2f - 1f;                  \
	.long type;                     \
	.asciz "Xen";                   \
1:	desctype desc;                  \
2:	.balign 4;                      \
	.popsection

/* Note types and feature bits the test kernels use (public/elfnote.h, version.h are C). */
#define XEN_ELFNOTE_FEATURES           10
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17
#define XENFEAT_dom0                   11
