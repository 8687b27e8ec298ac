/*
 * The privileged-instruction decoder (pv_decode.h).
 *
 * An instruction is: legacy prefixes (operand size 0x66, rep 0xf3/0xf2,
 * segment overrides), at most one REX byte right before the opcode, then the
 * opcode and, for the two-byte 0f forms that take one, a ModRM byte.  What
 * the decoder accepts and why:
 *   - in/out with an immediate port (e4-e7) or the port in %dx (ec-ef);
 *     ins/outs (6c-6f), optionally with rep; 0x66 selects 16-bit data;
 *   - cli (fa), sti (fb), clts (0f 06), wbinvd (0f 09), wrmsr (0f 30),
 *     rdmsr (0f 32);
 *   - mov to and from %crN (0f 20, 0f 22) and %drN (0f 21, 0f 23): the CPU
 *     ignores ModRM's mod field for these (the operand is always a
 *     register), REX.R extends the control register, REX.B the general one.
 * Refused: a lock prefix (the CPU raises #UD for these, never #GP), an
 * address-size prefix (ins/outs would use 32-bit addresses), more than 15
 * bytes, a REX byte that is not last before the opcode (the CPU ignores it;
 * so does the decoder, as the CPU does), and every other opcode.
 */
#include "pv_decode.h"

static bool is_legacy_prefix(uint8_t b)
{
	switch (b) {
	case 0x66: case 0xf2: case 0xf3: case 0x26: case 0x2e: case 0x36: case 0x3e:
	case 0x64: case 0x65: case 0xf0: case 0x67:
		return true;
	default:
		return false;
	}
}

/* Out of bytes: the instruction needs more than the caller fetched, or is too long. */
static int short_of(unsigned avail)
{
	return avail >= PRIV_INSN_MAX ? 0 : -1;
}

static int decode_0f(const uint8_t *b, unsigned i, unsigned avail, unsigned rex, struct priv_insn *o)
{
	if (i >= avail)
		return short_of(avail);
	uint8_t op = b[i++];
	switch (op) {
	case 0x06: o->op = PRIV_CLTS; break;
	case 0x09: o->op = PRIV_WBINVD; break;
	case 0x30: o->op = PRIV_WRMSR; break;
	case 0x32: o->op = PRIV_RDMSR; break;
	case 0x31: o->op = PRIV_RDTSC; break;     /* faults only while CR4.TSD is set */
	case 0x20: case 0x21: case 0x22: case 0x23: {
		static const enum priv_op mov[4] = { PRIV_MOV_FROM_CR, PRIV_MOV_FROM_DR,
						     PRIV_MOV_TO_CR, PRIV_MOV_TO_DR };
		if (i >= avail)
			return short_of(avail);
		uint8_t modrm = b[i++];
		o->op = mov[op - 0x20];
		o->ctl = ((modrm >> 3) & 7) | ((rex & 4) << 1);
		o->gpr = (modrm & 7) | ((rex & 1) << 3);
		break;
	}
	default:
		return 0;
	}
	o->len = i;
	return 1;
}

int priv_decode(const uint8_t *b, unsigned avail, struct priv_insn *o)
{
	*o = (struct priv_insn){ .op = PRIV_NONE, .size = 4, .seg = PRIV_SEG_DEFAULT };
	unsigned i = 0, rex = 0;
	if (avail > PRIV_INSN_MAX)
		avail = PRIV_INSN_MAX;
	for (;; i++) {
		if (i >= avail)
			return short_of(avail);
		uint8_t p = b[i];
		if ((p & 0xf0) == 0x40) {
			rex = p;                /* counts only if the opcode follows */
			continue;
		}
		if (!is_legacy_prefix(p))
			break;
		rex = 0;
		if (p == 0xf0 || p == 0x67)
			return 0;
		if (p == 0x66)
			o->size = 2;
		else if (p == 0xf2 || p == 0xf3)
			o->rep = true;
		else if (p == 0x64)
			o->seg = PRIV_SEG_FS;
		else if (p == 0x65)
			o->seg = PRIV_SEG_GS;
		else
			o->seg = PRIV_SEG_DEFAULT;      /* es, cs, ss, ds: base 0 in 64-bit mode */
	}
	uint8_t op = b[i++];
	if (op == 0x0f)
		return decode_0f(b, i, avail, rex, o);
	switch (op) {
	case 0xe4: case 0xe5: case 0xe6: case 0xe7:
		if (i >= avail)
			return short_of(avail);
		o->port_imm = b[i++];
		/* fall through */
	case 0xec: case 0xed: case 0xee: case 0xef:
		o->port_in_dx = op >= 0xec;
		o->op = (op & 2) ? PRIV_OUT : PRIV_IN;
		if (!(op & 1))
			o->size = 1;
		break;
	case 0x6c: case 0x6d: case 0x6e: case 0x6f:
		o->port_in_dx = true;
		o->op = (op & 2) ? PRIV_OUTS : PRIV_INS;
		if (!(op & 1))
			o->size = 1;
		break;
	case 0xfa: o->op = PRIV_CLI; break;
	case 0xfb: o->op = PRIV_STI; break;
	default:
		return 0;
	}
	if (o->op != PRIV_INS && o->op != PRIV_OUTS)
		o->rep = false;
	o->len = i;
	return 1;
}
