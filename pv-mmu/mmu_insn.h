/*
 * The instructions the writable-page-table path emulates: decoding them
 * (mmu_insn.c) and carrying them out on a register file and one memory
 * operand (mmu_insn_exec.c).  Shared by mmu_ptwr.c, the host unit tests and
 * the fuzzer; the kernel sees only mmu_ptwr_fault() in mmu.h.
 *
 * Only 64-bit mode, and only stores to memory: the path runs when a guest
 * kernel's write faulted, so an instruction that does not write memory never
 * gets here legitimately, and anything outside the accepted set is simply
 * not emulated (the guest gets its page fault).  The accepted set is listed
 * at the top of mmu_insn.c.
 */
#pragma once
#include "mmu.h"

/* Registers in the instruction encoding's order. */
enum {
	MMU_RAX, MMU_RCX, MMU_RDX, MMU_RBX, MMU_RSP, MMU_RBP, MMU_RSI, MMU_RDI,
};

/* The arithmetic flags the emulated instructions define. */
#define MMU_FL_CF 0x0001ull
#define MMU_FL_PF 0x0004ull
#define MMU_FL_AF 0x0010ull
#define MMU_FL_ZF 0x0040ull
#define MMU_FL_SF 0x0080ull
#define MMU_FL_TF 0x0100ull
#define MMU_FL_DF 0x0400ull
#define MMU_FL_OF 0x0800ull
#define MMU_FL_ARITH (MMU_FL_CF | MMU_FL_PF | MMU_FL_AF | MMU_FL_ZF | \
                      MMU_FL_SF | MMU_FL_OF)

enum mmu_insn_op {
	MMU_OP_MOV,             /* dest = src */
	MMU_OP_ALU,             /* dest = dest <alu> src, flags (alu below) */
	MMU_OP_INC,
	MMU_OP_DEC,
	MMU_OP_NOT,
	MMU_OP_NEG,
	MMU_OP_XCHG,            /* dest <-> register */
	MMU_OP_XADD,            /* register = dest, dest = dest + register */
	MMU_OP_BTS,             /* CF = bit; set, reset or complement it */
	MMU_OP_BTR,
	MMU_OP_BTC,
	MMU_OP_CMPXCHG,         /* if accumulator == dest: dest = register */
	MMU_OP_CMPXCHG8B,       /* if edx:eax == dest: dest = ecx:ebx */
	MMU_OP_STOS,            /* [rdi] = accumulator, rdi +/-= size, rep */
};

/* The ALU operations, numbered as in opcodes 00-3f and group 1. */
enum mmu_alu { MMU_ALU_ADD, MMU_ALU_OR, MMU_ALU_ADC, MMU_ALU_SBB,
               MMU_ALU_AND, MMU_ALU_SUB, MMU_ALU_XOR };

static inline uint64_t mmu_size_mask(unsigned int size)
{
	return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

#define MMU_INSN_MAX_LEN 15
#define MMU_NO_REG       0xFF

/* Where the source operand comes from. */
enum mmu_src { MMU_SRC_NONE, MMU_SRC_REG, MMU_SRC_IMM };

struct mmu_insn {
	uint8_t op;             /* enum mmu_insn_op */
	uint8_t alu;            /* enum mmu_alu, for MMU_OP_ALU */
	uint8_t size;           /* bytes the memory operand has: 1, 2, 4 or 8 */
	uint8_t len;            /* bytes of the whole instruction */
	uint8_t src;            /* enum mmu_src */
	uint8_t reg;            /* ModRM.reg (with REX.R): the register operand */
	bool reg_high_byte;     /* size 1 without REX: reg 4-7 are ah, ch, dh, bh */
	bool rep;               /* F2/F3 on stos */
	bool addr32;            /* 67: 32-bit addressing */
	uint8_t seg;            /* 0, or 4 / 5 for an FS / GS override */
	/* the memory operand: [base + index * scale + disp], or rip-relative */
	bool rip_relative;
	uint8_t base, index;    /* register numbers, MMU_NO_REG for none */
	uint8_t scale;          /* 1, 2, 4, 8 */
	int64_t disp;
	uint64_t imm;           /* already sign-extended to 64 bits */
};

/* What the decoder says about some bytes. */
enum mmu_decode {
	MMU_DECODE_OK,
	MMU_DECODE_SHORT,       /* the instruction goes on past the bytes given */
	MMU_DECODE_REFUSED,     /* not an instruction the path emulates */
};

/* Decode the instruction at the start of b (n bytes available, at most
   MMU_INSN_MAX_LEN are looked at). */
enum mmu_decode mmu_insn_decode(const uint8_t *b, unsigned int n,
                                struct mmu_insn *out);

/* The linear address of the memory operand (the bit-string offset of a
   bts/btr/btc with a register operand included).  rip is the instruction's
   own address. */
uint64_t mmu_insn_address(const struct mmu_insn *insn,
                          const struct mmu_regs *r);

/* What carrying out the instruction on a memory operand produced. */
struct mmu_insn_store {
	uint64_t value;         /* the operand's new value (size bytes) */
	bool write;             /* false: a cmpxchg whose comparison failed; value
	                           is what it would have written */
};

/* Carry out insn with the memory operand's current value dest (size bytes,
   zero-extended): updates registers, flags and rip in r (for a rep stos
   with iterations left, rip stays on the instruction).  -EINVAL, with r
   untouched, when a rep stos has nothing left to do. */
int mmu_insn_execute(const struct mmu_insn *insn, struct mmu_regs *r,
                     uint64_t dest, struct mmu_insn_store *out);
