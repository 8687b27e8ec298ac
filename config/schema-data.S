/*
 * The schema's text, built into the binary so that umbra-config needs
 * no file beside itself.  SCHEMA_FILE is the path of
 * config/umbra-system.rng, given by config/config.mk.  The text ends in
 * a NUL byte, so C can treat it as a string.
 */
	.section .rodata
	.globl umbra_system_rng
umbra_system_rng:
	.incbin SCHEMA_FILE
	.byte 0
	.section .note.GNU-stack, "", @progbits
