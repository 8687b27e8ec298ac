/*
 * Decoding the stores the writable-page-table path emulates (64-bit mode).
 *
 * Invariant enforced here: the decoder reads at most MMU_INSN_MAX_LEN bytes
 * and never past the n it was given, and it accepts an instruction only if
 * it is one of these memory-writing forms, with a memory (never a register)
 * destination:
 *
 *   mov     88 89 /r, c6 c7 /0 imm
 *   alu     add or adc sbb and sub xor: 00-31 (the "r/m, reg" forms),
 *           80 81 83 /0-/6 imm (/7 is cmp, which writes nothing)
 *   xchg    86 87 /r
 *   not neg f6 f7 /2 /3;  inc dec  fe ff /0 /1
 *   bts btr btc  0f ab, 0f b3, 0f bb /r and 0f ba /5-/7 imm8
 *   cmpxchg 0f b0 0f b1 /r;  cmpxchg8b 0f c7 /1 (cmpxchg16b: REX.W, refused)
 *   xadd    0f c0 0f c1 /r
 *   stos    aa ab, with or without rep (f2 or f3), 64-bit addressing only
 *
 * Prefixes: 66 (16-bit operand), 67 (32-bit addressing, not for stos), f0
 * (lock, only where the CPU allows it), f2/f3 (rep for stos, ignored
 * elsewhere as the CPU does), the segment overrides (es/cs/ss/ds mean
 * nothing in 64-bit mode; fs and gs add their base) and REX, which counts
 * only when it is the last prefix.  The memory operand may use any ModRM /
 * SIB form: base, index (r12 included, rsp never), scale, 8- or 32-bit
 * displacement, no base, or rip-relative.
 *
 * Anything else is refused; so is an instruction longer than 15 bytes.
 * Refusing is always safe: the guest then gets the page fault its store
 * caused, as it would without the writable-page-table assist.
 */
#include "mmu_insn.h"

#define REX_B 1u
#define REX_X 2u
#define REX_R 4u
#define REX_W 8u

/* How an opcode is encoded and what it does. */
enum size_kind { SZ_BYTE = 1, SZ_V, SZ_QWORD };
enum imm_kind { IMM_NONE, IMM_B, IMM_Z };

struct form {
	uint8_t op;             /* enum mmu_insn_op */
	uint8_t alu;
	uint8_t size;           /* enum size_kind */
	uint8_t src;            /* enum mmu_src */
	uint8_t imm;            /* enum imm_kind */
	bool lockable;
	bool modrm;
};

struct cursor {
	const uint8_t *b;
	unsigned int n, i;
	enum mmu_decode short_or_refused;
};

/* Take the next k bytes (little-endian, at most 8): false when they are not
   all there (the reason is left in c). */
static bool take(struct cursor *c, unsigned int k, uint64_t *v)
{
	if (c->i + k > MMU_INSN_MAX_LEN) {
		c->short_or_refused = MMU_DECODE_REFUSED;
		return false;
	}
	if (c->i + k > c->n) {
		c->short_or_refused = MMU_DECODE_SHORT;
		return false;
	}
	*v = 0;
	for (unsigned int j = 0; j < k; j++)
		*v |= (uint64_t)c->b[c->i + j] << (8 * j);
	c->i += k;
	return true;
}

static uint64_t sign_extend(uint64_t v, unsigned int bytes)
{
	unsigned int shift = 64 - 8 * bytes;

	return (uint64_t)((int64_t)(v << shift) >> shift);
}

/* The one-byte opcodes; reg is ModRM.reg for the group opcodes. */
static bool one_byte_form(uint8_t opc, unsigned int reg, struct form *f)
{
	*f = (struct form){ .modrm = true, .size = (opc & 1) ? SZ_V : SZ_BYTE };
	if (opc < 0x38 && (opc & 7) <= 1) {
		*f = (struct form){ MMU_OP_ALU, opc >> 3, f->size, MMU_SRC_REG, IMM_NONE,
		                    true, true };
		return true;
	}
	switch (opc) {
	case 0x80: case 0x81: case 0x83:
		if (reg == 7)
			return false;
		f->op = MMU_OP_ALU;
		f->alu = (uint8_t)reg;
		f->size = opc == 0x80 ? SZ_BYTE : SZ_V;
		f->src = MMU_SRC_IMM;
		f->imm = opc == 0x81 ? IMM_Z : IMM_B;
		f->lockable = true;
		return true;
	case 0x86: case 0x87:
		f->op = MMU_OP_XCHG;
		f->src = MMU_SRC_REG;
		f->lockable = true;
		return true;
	case 0x88: case 0x89:
		f->op = MMU_OP_MOV;
		f->src = MMU_SRC_REG;
		return true;
	case 0xAA: case 0xAB:
		f->op = MMU_OP_STOS;
		f->modrm = false;
		return true;
	case 0xC6: case 0xC7:
		f->op = MMU_OP_MOV;
		f->src = MMU_SRC_IMM;
		f->imm = opc == 0xC6 ? IMM_B : IMM_Z;
		return reg == 0;
	case 0xF6: case 0xF7:
		f->op = reg == 2 ? MMU_OP_NOT : MMU_OP_NEG;
		f->lockable = true;
		return reg == 2 || reg == 3;
	case 0xFE: case 0xFF:
		f->op = reg == 0 ? MMU_OP_INC : MMU_OP_DEC;
		f->lockable = true;
		return reg <= 1;
	default:
		return false;
	}
}

/* The two-byte opcodes (0f xx). */
static bool two_byte_form(uint8_t opc, unsigned int reg, struct form *f)
{
	*f = (struct form){ .modrm = true, .size = (opc & 1) ? SZ_V : SZ_BYTE,
	                    .src = MMU_SRC_REG, .lockable = true };
	switch (opc) {
	case 0xAB: case 0xB3: case 0xBB:
		f->op = opc == 0xAB ? MMU_OP_BTS : opc == 0xB3 ? MMU_OP_BTR : MMU_OP_BTC;
		return true;
	case 0xBA:
		f->op = reg == 5 ? MMU_OP_BTS : reg == 6 ? MMU_OP_BTR : MMU_OP_BTC;
		f->size = SZ_V;
		f->src = MMU_SRC_IMM;
		f->imm = IMM_B;
		return reg >= 5;
	case 0xB0: case 0xB1:
		f->op = MMU_OP_CMPXCHG;
		return true;
	case 0xC0: case 0xC1:
		f->op = MMU_OP_XADD;
		return true;
	case 0xC7:
		f->op = MMU_OP_CMPXCHG8B;
		f->size = SZ_QWORD;
		f->src = MMU_SRC_NONE;
		return reg == 1;
	default:
		return false;
	}
}

static bool form_of(bool two_byte, uint8_t opc, unsigned int reg, struct form *f)
{
	return two_byte ? two_byte_form(opc, reg, f) : one_byte_form(opc, reg, f);
}

/* Is opc accepted with some ModRM.reg?  Asked before ModRM is read, so that
   an opcode outside the set is refused even when its bytes run out. */
static bool known_opcode(bool two_byte, uint8_t opc)
{
	struct form f;

	for (unsigned int reg = 0; reg < 8; reg++)
		if (form_of(two_byte, opc, reg, &f))
			return true;
	return false;
}

/* The memory operand of ModRM (already taken) and what follows it. */
static bool memory_operand(struct cursor *c, uint8_t modrm, unsigned int rex,
                           struct mmu_insn *out)
{
	unsigned int mod = modrm >> 6, rm = modrm & 7;
	uint64_t v, disp_bytes = mod == 1 ? 1 : mod == 2 ? 4 : 0;

	out->base = out->index = MMU_NO_REG;
	out->scale = 1;
	if (rm == 4) {
		unsigned int index, base;

		if (!take(c, 1, &v))
			return false;
		index = (unsigned int)((v >> 3) & 7) | ((rex & REX_X) ? 8 : 0);
		base = (unsigned int)(v & 7);
		out->scale = (uint8_t)(1u << (v >> 6));
		if (index != MMU_RSP)
			out->index = (uint8_t)index;
		if (base == 5 && mod == 0)
			disp_bytes = 4;
		else
			out->base = (uint8_t)(base | ((rex & REX_B) ? 8 : 0));
	} else if (rm == 5 && mod == 0) {
		out->rip_relative = true;
		disp_bytes = 4;
	} else {
		out->base = (uint8_t)(rm | ((rex & REX_B) ? 8 : 0));
	}
	if (disp_bytes && !take(c, (unsigned int)disp_bytes, &v))
		return false;
	out->disp = disp_bytes ? (int64_t)sign_extend(v, (unsigned int)disp_bytes) : 0;
	return true;
}

/* Legacy prefixes and REX; returns the REX byte that applies (0 for none). */
static unsigned int prefixes(struct cursor *c, struct mmu_insn *out, bool *opsize16,
                             bool *lock, bool *ok)
{
	unsigned int rex = 0;
	uint64_t v;

	for (;;) {
		if (!take(c, 1, &v)) {
			*ok = false;
			return 0;
		}
		if (v >= 0x40 && v <= 0x4F) {
			rex = (unsigned int)v;
			continue;
		}
		switch (v) {
		case 0x66: *opsize16 = true; break;
		case 0x67: out->addr32 = true; break;
		case 0xF0: *lock = true; break;
		case 0xF2: case 0xF3: out->rep = true; break;
		case 0x26: case 0x2E: case 0x36: case 0x3E: break;
		case 0x64: out->seg = 4; break;
		case 0x65: out->seg = 5; break;
		default:
			c->i--;         /* the opcode */
			*ok = true;
			return rex;
		}
		rex = 0;                /* REX counts only right before the opcode */
	}
}

enum mmu_decode mmu_insn_decode(const uint8_t *b, unsigned int n,
                                struct mmu_insn *out)
{
	struct cursor c = { b, n, 0, MMU_DECODE_REFUSED };
	struct form f;
	bool opsize16 = false, lock = false, ok, two_byte;
	unsigned int rex, reg = 0;
	uint64_t opc, modrm = 0, imm = 0;

	*out = (struct mmu_insn){ 0 };
	rex = prefixes(&c, out, &opsize16, &lock, &ok);
	if (!ok || !take(&c, 1, &opc))
		return c.short_or_refused;
	two_byte = opc == 0x0F;
	if (two_byte && !take(&c, 1, &opc))
		return c.short_or_refused;
	if (!known_opcode(two_byte, (uint8_t)opc))
		return MMU_DECODE_REFUSED;
	/* Every accepted form but stos has ModRM, whose reg field picks the
	   operation of the group opcodes. */
	if (two_byte || (opc != 0xAA && opc != 0xAB)) {
		if (!take(&c, 1, &modrm))
			return c.short_or_refused;
		reg = (unsigned int)((modrm >> 3) & 7);
	}
	if (!form_of(two_byte, (uint8_t)opc, reg, &f))
		return MMU_DECODE_REFUSED;
	if ((lock && !f.lockable) || (modrm >> 6) == 3)
		return MMU_DECODE_REFUSED;
	out->op = f.op;
	out->alu = f.alu;
	out->src = f.src;
	out->size = f.size == SZ_BYTE ? 1 : f.size == SZ_QWORD ? 8 :
	            (rex & REX_W) ? 8 : opsize16 ? 2 : 4;
	if (f.op == MMU_OP_CMPXCHG8B && (rex & REX_W))
		return MMU_DECODE_REFUSED;              /* cmpxchg16b: 16 bytes */
	if (f.op == MMU_OP_STOS) {
		if (out->addr32)
			return MMU_DECODE_REFUSED;
		out->base = MMU_RDI;
		out->index = MMU_NO_REG;
		out->scale = 1;
		out->seg = 0;                           /* always es */
	} else {
		out->rep = false;
		out->reg = (uint8_t)(reg | ((rex & REX_R) ? 8 : 0));
		out->reg_high_byte = out->size == 1 && !rex && reg >= 4;
		if (!memory_operand(&c, (uint8_t)modrm, rex, out))
			return c.short_or_refused;
	}
	if (f.imm != IMM_NONE) {
		unsigned int bytes = f.imm == IMM_B ? 1 : out->size == 2 ? 2 : 4;

		if (!take(&c, bytes, &imm))
			return c.short_or_refused;
		out->imm = sign_extend(imm, bytes);
	}
	out->len = (uint8_t)c.i;
	return MMU_DECODE_OK;
}

uint64_t mmu_insn_address(const struct mmu_insn *insn, const struct mmu_regs *r)
{
	uint64_t ea = (uint64_t)insn->disp;

	if (insn->rip_relative)
		ea += r->rip + insn->len;
	if (insn->base != MMU_NO_REG)
		ea += r->gpr[insn->base];
	if (insn->index != MMU_NO_REG)
		ea += r->gpr[insn->index] * insn->scale;
	if (insn->src == MMU_SRC_REG &&
	    (insn->op == MMU_OP_BTS || insn->op == MMU_OP_BTR || insn->op == MMU_OP_BTC)) {
		/* A register bit offset is signed and may leave the operand. */
		int64_t bit = (int64_t)sign_extend(r->gpr[insn->reg], insn->size);

		ea += (uint64_t)((bit >> 3) & ~(int64_t)(insn->size - 1));
	}
	if (insn->addr32)
		ea &= 0xFFFFFFFFull;
	if (insn->seg == 4)
		ea += r->fs_base;
	else if (insn->seg == 5)
		ea += r->gs_base;
	return ea;
}
