/*
 * A test kernel's own image (its first link, CARRIED_IMAGE), linked into
 * its second link as data: carried_image .. carried_image_end (peer.h).
 * See tests/guests/guests.mk, "carries: itself".
 */
	.section .rodata.carried_image, "a"
	.balign 4096
	.globl carried_image, carried_image_end
carried_image:
	.incbin CARRIED_IMAGE
carried_image_end:
	.section .note.GNU-stack, "", @progbits
