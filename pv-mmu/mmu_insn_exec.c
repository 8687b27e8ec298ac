/*
 * Carrying out a decoded store (mmu_insn.h) on a register file and the
 * current value of its memory operand, as the CPU would have.
 *
 * Invariant enforced here: the result is what the instruction computes on
 * the hardware, register and flag for flag, for every operand size: a 32-bit
 * register write clears the upper half, 8- and 16-bit ones keep the rest,
 * the arithmetic flags follow the instruction (inc and dec keep CF; bts, btr
 * and btc set only CF; not and xchg set none), and a cmpxchg or cmpxchg8b
 * whose comparison fails loads the accumulator and writes nothing.  The
 * flags the architecture leaves undefined (AF after and/or/xor, the others
 * after the bit tests) are cleared or kept as noted; the host unit tests
 * compare every form against the CPU the tests run on.
 *
 * This file decides nothing about page tables: the caller checks and writes
 * the value it returns.
 */
#include "mmu_insn.h"

static uint64_t msb(unsigned int size)
{
	return 1ull << (8 * size - 1);
}

static uint64_t read_reg(const struct mmu_regs *r, unsigned int reg, bool high_byte,
                         unsigned int size)
{
	if (high_byte)
		return (r->gpr[reg - 4] >> 8) & 0xFF;
	return r->gpr[reg] & mmu_size_mask(size);
}

static void write_reg(struct mmu_regs *r, unsigned int reg, bool high_byte,
                      unsigned int size, uint64_t v)
{
	if (high_byte)
		r->gpr[reg - 4] = (r->gpr[reg - 4] & ~0xFF00ull) | ((v & 0xFF) << 8);
	else if (size >= 4)
		r->gpr[reg] = v & mmu_size_mask(size);
	else
		r->gpr[reg] = (r->gpr[reg] & ~mmu_size_mask(size)) | (v & mmu_size_mask(size));
}

/* ZF, SF and PF of a result. */
static uint64_t zsp(uint64_t res, unsigned int size)
{
	uint64_t fl = 0, p = res & 0xFF;

	res &= mmu_size_mask(size);
	if (!res)
		fl |= MMU_FL_ZF;
	if (res & msb(size))
		fl |= MMU_FL_SF;
	p ^= p >> 4;
	p ^= p >> 2;
	p ^= p >> 1;
	if (!(p & 1))
		fl |= MMU_FL_PF;
	return fl;
}

/* a + b + carry or a - b - borrow, with every arithmetic flag. */
static uint64_t add_sub(uint64_t a, uint64_t b, bool carry_in, bool sub,
                        unsigned int size, uint64_t *flags)
{
	uint64_t res = (sub ? a - b - carry_in : a + b + carry_in) & mmu_size_mask(size);
	uint64_t carries, fl = zsp(res, size);

	if (sub) {
		carries = (~a & b) | ((~a | b) & res);
		if ((a ^ b) & (a ^ res) & msb(size))
			fl |= MMU_FL_OF;
	} else {
		carries = (a & b) | ((a | b) & ~res);
		if ((a ^ res) & (b ^ res) & msb(size))
			fl |= MMU_FL_OF;
	}
	if (carries & msb(size))
		fl |= MMU_FL_CF;
	if (carries & 8)
		fl |= MMU_FL_AF;
	*flags = fl;
	return res;
}

static uint64_t alu(unsigned int op, uint64_t a, uint64_t b, uint64_t in_flags,
                    unsigned int size, uint64_t *flags)
{
	bool cf = in_flags & MMU_FL_CF;
	uint64_t res;

	switch (op) {
	case MMU_ALU_ADD: return add_sub(a, b, false, false, size, flags);
	case MMU_ALU_ADC: return add_sub(a, b, cf, false, size, flags);
	case MMU_ALU_SBB: return add_sub(a, b, cf, true, size, flags);
	case MMU_ALU_SUB: return add_sub(a, b, false, true, size, flags);
	case MMU_ALU_OR:  res = a | b; break;
	case MMU_ALU_AND: res = a & b; break;
	default:          res = a ^ b; break;
	}
	res &= mmu_size_mask(size);
	*flags = zsp(res, size);                /* CF, OF and AF clear */
	return res;
}

static void set_flags(struct mmu_regs *r, uint64_t which, uint64_t values)
{
	r->rflags = (r->rflags & ~which) | (values & which);
}

static uint64_t source(const struct mmu_insn *insn, const struct mmu_regs *r)
{
	if (insn->src == MMU_SRC_IMM)
		return insn->imm & mmu_size_mask(insn->size);
	if (insn->src == MMU_SRC_REG)
		return read_reg(r, insn->reg, insn->reg_high_byte, insn->size);
	return 0;
}

/* bts, btr, btc: the bit within the operand, and CF. */
static uint64_t bit_op(const struct mmu_insn *insn, struct mmu_regs *r, uint64_t dest,
                       uint64_t src)
{
	uint64_t bit = 1ull << (src & (8 * insn->size - 1));

	set_flags(r, MMU_FL_CF, (dest & bit) ? MMU_FL_CF : 0);
	if (insn->op == MMU_OP_BTS)
		return dest | bit;
	if (insn->op == MMU_OP_BTR)
		return dest & ~bit;
	return dest ^ bit;
}

static void cmpxchg(const struct mmu_insn *insn, struct mmu_regs *r, uint64_t dest,
                    uint64_t src, struct mmu_insn_store *out)
{
	uint64_t fl, acc = r->gpr[MMU_RAX] & mmu_size_mask(insn->size);

	add_sub(acc, dest, false, true, insn->size, &fl);
	set_flags(r, MMU_FL_ARITH, fl);
	out->value = src;
	out->write = acc == dest;
	if (!out->write)
		write_reg(r, MMU_RAX, false, insn->size, dest);
}

static void cmpxchg8b(struct mmu_regs *r, uint64_t dest, struct mmu_insn_store *out)
{
	uint64_t expect = (r->gpr[MMU_RDX] << 32) | (r->gpr[MMU_RAX] & 0xFFFFFFFFull);

	out->value = (r->gpr[MMU_RCX] << 32) | (r->gpr[MMU_RBX] & 0xFFFFFFFFull);
	out->write = expect == dest;
	set_flags(r, MMU_FL_ZF, out->write ? MMU_FL_ZF : 0);
	if (!out->write) {
		r->gpr[MMU_RAX] = dest & 0xFFFFFFFFull;
		r->gpr[MMU_RDX] = dest >> 32;
	}
}

/* One iteration of (rep) stos; false when a rep has nothing left to do. */
static bool stos(const struct mmu_insn *insn, struct mmu_regs *r,
                 struct mmu_insn_store *out)
{
	uint64_t step = (r->rflags & MMU_FL_DF) ? -(uint64_t)insn->size : insn->size;

	if (insn->rep && !r->gpr[MMU_RCX])
		return false;
	out->value = r->gpr[MMU_RAX] & mmu_size_mask(insn->size);
	r->gpr[MMU_RDI] += step;
	if (insn->rep && --r->gpr[MMU_RCX])
		r->rip -= insn->len;            /* more to do: run it again */
	return true;
}

int mmu_insn_execute(const struct mmu_insn *insn, struct mmu_regs *r,
                     uint64_t dest, struct mmu_insn_store *out)
{
	uint64_t src = source(insn, r), fl, one = 1;

	out->write = true;
	switch (insn->op) {
	case MMU_OP_MOV:
		out->value = src;
		break;
	case MMU_OP_ALU:
		out->value = alu(insn->alu, dest, src, r->rflags, insn->size, &fl);
		set_flags(r, MMU_FL_ARITH, fl);
		break;
	case MMU_OP_INC:
	case MMU_OP_DEC:
		out->value = add_sub(dest, one, false, insn->op == MMU_OP_DEC, insn->size, &fl);
		set_flags(r, MMU_FL_ARITH & ~MMU_FL_CF, fl);
		break;
	case MMU_OP_NOT:
		out->value = ~dest & mmu_size_mask(insn->size);
		break;
	case MMU_OP_NEG:
		out->value = add_sub(0, dest, false, true, insn->size, &fl);
		set_flags(r, MMU_FL_ARITH, fl);
		break;
	case MMU_OP_XCHG:
		out->value = src;
		write_reg(r, insn->reg, insn->reg_high_byte, insn->size, dest);
		break;
	case MMU_OP_XADD:
		out->value = add_sub(dest, src, false, false, insn->size, &fl);
		set_flags(r, MMU_FL_ARITH, fl);
		write_reg(r, insn->reg, insn->reg_high_byte, insn->size, dest);
		break;
	case MMU_OP_BTS:
	case MMU_OP_BTR:
	case MMU_OP_BTC:
		out->value = bit_op(insn, r, dest, src);
		break;
	case MMU_OP_CMPXCHG:
		cmpxchg(insn, r, dest, src, out);
		break;
	case MMU_OP_CMPXCHG8B:
		cmpxchg8b(r, dest, out);
		break;
	default:
		if (!stos(insn, r, out))
			return -XEN_EINVAL;
		break;
	}
	r->rip += insn->len;
	return 0;
}
