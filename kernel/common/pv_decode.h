/*
 * Decoding the privileged instructions a PV guest kernel may have emulated
 * (pv_decode.c; what they do: pv_priv.c).  Portable C with no kernel
 * dependency: host unit tests (tests/unit/emul) reach it.
 *
 * The guest runs at CPL 3, so each of these raises #GP(0) and the hypervisor
 * looks at its bytes.  Only the forms Xen emulates for a 64-bit PV guest
 * (xen-pv-abi.md 8.2) decode; anything else (a lock prefix, a 0x67 address
 * size, another opcode) is PRIV_NONE and stays the guest's #GP.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define PRIV_INSN_MAX 15                /* the architectural instruction length limit */

enum priv_op {
	PRIV_NONE,
	PRIV_IN, PRIV_OUT, PRIV_INS, PRIV_OUTS,
	PRIV_CLI, PRIV_STI, PRIV_CLTS, PRIV_WBINVD,
	PRIV_RDMSR, PRIV_WRMSR, PRIV_RDTSC,
	PRIV_MOV_FROM_CR, PRIV_MOV_TO_CR, PRIV_MOV_FROM_DR, PRIV_MOV_TO_DR,
};

enum priv_seg { PRIV_SEG_DEFAULT, PRIV_SEG_FS, PRIV_SEG_GS };

struct priv_insn {
	enum priv_op op;
	unsigned len;                   /* bytes, prefixes included */
	unsigned size;                  /* I/O: 1, 2 or 4 bytes */
	bool port_in_dx;                /* I/O: port in %dx, else port_imm */
	uint8_t port_imm;
	bool rep;                       /* ins/outs with a rep prefix */
	enum priv_seg seg;              /* outs: the source segment override */
	unsigned gpr;                   /* mov cr/dr: the general register, 0-15 */
	unsigned ctl;                   /* mov cr/dr: the control or debug register */
};

/*
 * Decode the instruction in the avail bytes at b.  Returns 1 and fills *out
 * when it is one of the above, 0 when it is not, and -1 when it may be but
 * needs more bytes than avail (the caller's fetch stopped at a page end).
 */
int priv_decode(const uint8_t *b, unsigned avail, struct priv_insn *out);
