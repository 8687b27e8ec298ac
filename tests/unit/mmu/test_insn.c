/*
 * The store decoder (pv-mmu/mmu_insn.c): every accepted form with its
 * prefixes, REX bits, ModRM/SIB/displacement forms and immediates; the
 * forms it must refuse; truncated input (never read past the bytes given);
 * and the memory operand's address.  tests/unit/mmu/test_insn_hw.c checks
 * what the decoded instructions compute against the CPU itself.
 */
#include <stdlib.h>
#include "mmu_test.h"
#include "mmu_insn.h"

#define NONE MMU_NO_REG

struct decoded {
	const char *what;
	uint8_t bytes[MMU_INSN_MAX_LEN + 2];
	uint8_t n;
	uint8_t op, size, len, base, index, scale, reg;
	int64_t disp;
	uint64_t imm;
};

#define D(what, op, size, base, index, scale, disp, reg, imm, ...)                   \
	{ what, { __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ }), op, size,        \
	  sizeof((uint8_t[]){ __VA_ARGS__ }), base, index, scale, reg, disp, imm }

static const struct decoded accepted[] = {
	D("mov %rax,(%rbx)", MMU_OP_MOV, 8, MMU_RBX, NONE, 1, 0, MMU_RAX, 0, 0x48, 0x89, 0x03),
	D("mov %eax,0x10(%rbp,%rcx,4)", MMU_OP_MOV, 4, MMU_RBP, MMU_RCX, 4, 0x10, MMU_RAX, 0,
	  0x89, 0x44, 0x8d, 0x10),
	D("mov %r12,0x100(%rsp)", MMU_OP_MOV, 8, MMU_RSP, NONE, 1, 0x100, 12, 0,
	  0x4c, 0x89, 0xa4, 0x24, 0x00, 0x01, 0x00, 0x00),
	D("mov %eax,0x12345678(,%r12,1)", MMU_OP_MOV, 4, NONE, 12, 1, 0x12345678, MMU_RAX, 0,
	  0x42, 0x89, 0x04, 0x25, 0x78, 0x56, 0x34, 0x12),
	D("mov %rax,-0x10(%rip)", MMU_OP_MOV, 8, NONE, NONE, 1, -0x10, MMU_RAX, 0,
	  0x48, 0x89, 0x05, 0xf0, 0xff, 0xff, 0xff),
	D("mov %r9,-0x80(%r13,%r14,8)", MMU_OP_MOV, 8, 13, 14, 8, -0x80, 9, 0,
	  0x4f, 0x89, 0x4c, 0xf5, 0x80),
	D("mov %r8d,(%r13) (mod 1, disp 0)", MMU_OP_MOV, 4, 13, NONE, 1, 0, 8, 0,
	  0x45, 0x89, 0x45, 0x00),
	D("mov %ax,(%rbx)", MMU_OP_MOV, 2, MMU_RBX, NONE, 1, 0, MMU_RAX, 0, 0x66, 0x89, 0x03),
	D("REX before 66 does not count", MMU_OP_MOV, 2, MMU_RBX, NONE, 1, 0, MMU_RAX, 0,
	  0x48, 0x66, 0x89, 0x03),
	D("REX.W beats 66", MMU_OP_MOV, 8, MMU_RBX, NONE, 1, 0, MMU_RAX, 0, 0x66, 0x48, 0x89, 0x03),
	D("mov %ah,(%rbx)", MMU_OP_MOV, 1, MMU_RBX, NONE, 1, 0, 4, 0, 0x88, 0x23),
	D("mov %spl,(%r11)", MMU_OP_MOV, 1, 11, NONE, 1, 0, 4, 0, 0x41, 0x88, 0x23),
	D("movl $0x12345678,(%rbx)", MMU_OP_MOV, 4, MMU_RBX, NONE, 1, 0, 0, 0x12345678,
	  0xc7, 0x03, 0x78, 0x56, 0x34, 0x12),
	D("movq $-1,(%rbx)", MMU_OP_MOV, 8, MMU_RBX, NONE, 1, 0, 0, ~0ull,
	  0x48, 0xc7, 0x03, 0xff, 0xff, 0xff, 0xff),
	D("movw $0x1234,(%rbx)", MMU_OP_MOV, 2, MMU_RBX, NONE, 1, 0, 0, 0x1234,
	  0x66, 0xc7, 0x03, 0x34, 0x12),
	D("movb $0x81,8(%rbx)", MMU_OP_MOV, 1, MMU_RBX, NONE, 1, 8, 0, 0xFFFFFFFFFFFFFF81ull,
	  0xc6, 0x43, 0x08, 0x81),
	D("orl $-1,(%rbx)", MMU_OP_ALU, 4, MMU_RBX, NONE, 1, 0, 1, ~0ull, 0x83, 0x0b, 0xff),
	D("lock andq $0x12345678,(%rbx)", MMU_OP_ALU, 8, MMU_RBX, NONE, 1, 0, 4, 0x12345678,
	  0xf0, 0x48, 0x81, 0x23, 0x78, 0x56, 0x34, 0x12),
	D("lock xorb %cl,(%rdx)", MMU_OP_ALU, 1, MMU_RDX, NONE, 1, 0, MMU_RCX, 0,
	  0xf0, 0x30, 0x0a),
	D("lock cmpxchg %rcx,(%rbx)", MMU_OP_CMPXCHG, 8, MMU_RBX, NONE, 1, 0, MMU_RCX, 0,
	  0xf0, 0x48, 0x0f, 0xb1, 0x0b),
	D("lock cmpxchg8b (%rbx)", MMU_OP_CMPXCHG8B, 8, MMU_RBX, NONE, 1, 0, 1, 0,
	  0xf0, 0x0f, 0xc7, 0x0b),
	D("xchg %rax,(%rsi)", MMU_OP_XCHG, 8, MMU_RSI, NONE, 1, 0, MMU_RAX, 0, 0x48, 0x87, 0x06),
	D("lock xadd %rax,(%rbx)", MMU_OP_XADD, 8, MMU_RBX, NONE, 1, 0, MMU_RAX, 0,
	  0xf0, 0x48, 0x0f, 0xc1, 0x03),
	D("btsl $5,(%rbx)", MMU_OP_BTS, 4, MMU_RBX, NONE, 1, 0, 5, 5, 0x0f, 0xba, 0x2b, 0x05),
	D("lock btr %rcx,(%rbx)", MMU_OP_BTR, 8, MMU_RBX, NONE, 1, 0, MMU_RCX, 0,
	  0xf0, 0x48, 0x0f, 0xb3, 0x0b),
	D("btc %cx,(%rbx)", MMU_OP_BTC, 2, MMU_RBX, NONE, 1, 0, MMU_RCX, 0,
	  0x66, 0x0f, 0xbb, 0x0b),
	D("incb (%rbx)", MMU_OP_INC, 1, MMU_RBX, NONE, 1, 0, 0, 0, 0xfe, 0x03),
	D("decq (%rbx)", MMU_OP_DEC, 8, MMU_RBX, NONE, 1, 0, 1, 0, 0x48, 0xff, 0x0b),
	D("notb (%rbx)", MMU_OP_NOT, 1, MMU_RBX, NONE, 1, 0, 2, 0, 0xf6, 0x13),
	D("negq (%rbx)", MMU_OP_NEG, 8, MMU_RBX, NONE, 1, 0, 3, 0, 0x48, 0xf7, 0x1b),
	D("rep stosq", MMU_OP_STOS, 8, MMU_RDI, NONE, 1, 0, 0, 0, 0xf3, 0x48, 0xab),
	D("stosb (repne works as rep)", MMU_OP_STOS, 1, MMU_RDI, NONE, 1, 0, 0, 0, 0xf2, 0xaa),
	D("stosw, segment override ignored", MMU_OP_STOS, 2, MMU_RDI, NONE, 1, 0, 0, 0,
	  0x64, 0x66, 0xab),
	D("15 bytes: prefixes, REX, SIB, disp32, imm32", MMU_OP_MOV, 8, MMU_RSP, NONE, 1,
	  0x44332211, 0, 0x12345678, 0x66, 0x66, 0x66, 0x48, 0xc7, 0x84, 0x24, 0x11, 0x22, 0x33,
	  0x44, 0x78, 0x56, 0x34, 0x12),
};

static const struct {
	const char *what;
	uint8_t bytes[20];
	uint8_t n;
} refused[] = {
#define R(what, ...) { what, { __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ }) }
	R("load", 0x48, 0x8b, 0x03),
	R("cmp Ev,Gv", 0x48, 0x39, 0x03),
	R("cmpb imm (80 /7)", 0x80, 0x3b, 0x01),
	R("testb imm (f6 /0)", 0xf6, 0x03, 0x01),
	R("bt reg", 0x48, 0x0f, 0xa3, 0x0b),
	R("bt imm (0f ba /4)", 0x0f, 0xba, 0x23, 0x05),
	R("register destination", 0x48, 0x89, 0xd8),
	R("register destination, cmpxchg", 0x0f, 0xb1, 0xc8),
	R("lock mov", 0xf0, 0x48, 0x89, 0x03),
	R("lock stos", 0xf0, 0xab),
	R("cmpxchg16b", 0x48, 0x0f, 0xc7, 0x0b),
	R("0f c7 /6", 0x0f, 0xc7, 0x33),
	R("c7 /1", 0xc7, 0x0b, 0, 0, 0, 0),
	R("movaps", 0x0f, 0x29, 0x03),
	R("movups", 0x0f, 0x11, 0x03),
	R("movnti", 0x0f, 0xc3, 0x03),
	R("push m64", 0xff, 0x33),
	R("movs", 0x48, 0xa5),
	R("lea", 0x48, 0x8d, 0x03),
	R("nop", 0x90),
	R("ud2", 0x0f, 0x0b),
	R("int3", 0xcc),
	R("addr32 stos", 0x67, 0xab),
	R("16 bytes", 0x66, 0x66, 0x66, 0x66, 0x48, 0xc7, 0x84, 0x24, 0x11, 0x22, 0x33, 0x44,
	  0x78, 0x56, 0x34, 0x12),
	R("15 prefixes", 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	  0x66, 0x66, 0x66, 0x89, 0x03),
#undef R
};

/* Decode exactly n bytes from a heap block of n bytes: AddressSanitizer
   catches any read past them. */
static enum mmu_decode decode_exact(const uint8_t *b, unsigned int n, struct mmu_insn *insn)
{
	uint8_t *copy = malloc(n ? n : 1);
	enum mmu_decode rc;

	memcpy(copy, b, n);
	rc = mmu_insn_decode(copy, n, insn);
	free(copy);
	return rc;
}

TEST(insn_decodes_accepted_forms)
{
	(void)m;
	for (size_t i = 0; i < ARRAY_LEN(accepted); i++) {
		const struct decoded *d = &accepted[i];
		struct mmu_insn insn;

		if (decode_exact(d->bytes, d->n, &insn) != MMU_DECODE_OK)
			unit_fail(u, __FILE__, __LINE__, "%s: not decoded", d->what);
		else if (insn.op != d->op || insn.size != d->size || insn.len != d->len ||
		         insn.base != d->base || insn.index != d->index || insn.scale != d->scale ||
		         insn.disp != d->disp || insn.imm != d->imm ||
		         (insn.src == MMU_SRC_REG && insn.reg != d->reg))
			unit_fail(u, __FILE__, __LINE__,
			          "%s: op %u size %u len %u base %u index %u scale %u disp %lld "
			          "reg %u imm %llx", d->what, insn.op, insn.size, insn.len, insn.base,
			          insn.index, insn.scale, (long long)insn.disp, insn.reg,
			          (unsigned long long)insn.imm);
		if (u->failed)
			return;
	}
}

TEST(insn_prefix_details)
{
	struct mmu_insn insn;

	(void)m;
	UNIT_CHECK_EQ(u, mmu_insn_decode((const uint8_t[]){ 0x88, 0x23 }, 2, &insn), MMU_DECODE_OK);
	UNIT_CHECK(u, insn.reg_high_byte);
	UNIT_CHECK_EQ(u, mmu_insn_decode((const uint8_t[]){ 0x40, 0x88, 0x23 }, 3, &insn),
	              MMU_DECODE_OK);
	UNIT_CHECK(u, !insn.reg_high_byte);                     /* spl, not ah */
	UNIT_CHECK_EQ(u, mmu_insn_decode((const uint8_t[]){ 0x64, 0x89, 0x03 }, 3, &insn),
	              MMU_DECODE_OK);
	UNIT_CHECK_EQ(u, insn.seg, 4);
	UNIT_CHECK_EQ(u, mmu_insn_decode((const uint8_t[]){ 0x2e, 0x65, 0x89, 0x03 }, 4, &insn),
	              MMU_DECODE_OK);
	UNIT_CHECK_EQ(u, insn.seg, 5);
	UNIT_CHECK_EQ(u, mmu_insn_decode((const uint8_t[]){ 0x3e, 0x89, 0x03 }, 3, &insn),
	              MMU_DECODE_OK);
	UNIT_CHECK_EQ(u, insn.seg, 0);
	UNIT_CHECK_EQ(u, mmu_insn_decode((const uint8_t[]){ 0x67, 0x89, 0x03 }, 3, &insn),
	              MMU_DECODE_OK);
	UNIT_CHECK(u, insn.addr32);
	UNIT_CHECK_EQ(u, mmu_insn_decode((const uint8_t[]){ 0xf3, 0x89, 0x03 }, 3, &insn),
	              MMU_DECODE_OK);
	UNIT_CHECK(u, !insn.rep);                               /* rep only on stos */
	UNIT_CHECK_EQ(u, mmu_insn_decode((const uint8_t[]){ 0xf3, 0xab }, 2, &insn), MMU_DECODE_OK);
	UNIT_CHECK(u, insn.rep);
	UNIT_CHECK_EQ(u, mmu_insn_decode((const uint8_t[]){ 0x0f, 0xba, 0x2b, 0x05 }, 4, &insn),
	              MMU_DECODE_OK);
	UNIT_CHECK_EQ(u, insn.src, MMU_SRC_IMM);
}

TEST(insn_refuses_everything_else)
{
	(void)m;
	for (size_t i = 0; i < ARRAY_LEN(refused); i++) {
		struct mmu_insn insn;

		if (decode_exact(refused[i].bytes, refused[i].n, &insn) != MMU_DECODE_REFUSED) {
			unit_fail(u, __FILE__, __LINE__, "%s: accepted", refused[i].what);
			return;
		}
	}
}

/* Every accepted instruction cut short is "short", never a wrong decode and
   never a read past the end; an opcode outside the set is refused however
   few bytes follow it. */
TEST(insn_truncated_input_is_short)
{
	struct mmu_insn insn;

	(void)m;
	for (size_t i = 0; i < ARRAY_LEN(accepted); i++) {
		for (unsigned int n = 0; n < accepted[i].n; n++) {
			if (decode_exact(accepted[i].bytes, n, &insn) != MMU_DECODE_SHORT) {
				unit_fail(u, __FILE__, __LINE__, "%s cut to %u bytes: not short",
				          accepted[i].what, n);
				return;
			}
		}
	}
	UNIT_CHECK_EQ(u, decode_exact((const uint8_t[]){ 0x48, 0x8b }, 2, &insn), MMU_DECODE_REFUSED);
	UNIT_CHECK_EQ(u, decode_exact((const uint8_t[]){ 0x0f, 0x29 }, 2, &insn), MMU_DECODE_REFUSED);
}

static uint64_t address_of(const uint8_t *b, unsigned int n, const struct mmu_regs *r)
{
	struct mmu_insn insn;

	if (mmu_insn_decode(b, n, &insn) != MMU_DECODE_OK)
		return 0xDEAD;
	return mmu_insn_address(&insn, r);
}

#define ADDR(r, ...) address_of((const uint8_t[]){ __VA_ARGS__ },                   \
                                sizeof((const uint8_t[]){ __VA_ARGS__ }), (r))

TEST(insn_memory_operand_address)
{
	struct mmu_regs r = { .rip = 0x400000, .fs_base = 0x7000000, .gs_base = 0x9000000 };

	(void)m;
	r.gpr[MMU_RBX] = 0x1000;
	r.gpr[MMU_RBP] = 0x2000;
	r.gpr[MMU_RCX] = 3;
	r.gpr[12] = 0x30;
	UNIT_CHECK_EQ(u, ADDR(&r, 0x89, 0x44, 0x8d, 0x10), 0x2000 + 3 * 4 + 0x10);
	UNIT_CHECK_EQ(u, ADDR(&r, 0x42, 0x89, 0x04, 0x25, 0x78, 0x56, 0x34, 0x12), 0x12345678 + 0x30);
	UNIT_CHECK_EQ(u, ADDR(&r, 0x48, 0x89, 0x05, 0xf0, 0xff, 0xff, 0xff), 0x400000 + 7 - 0x10);
	UNIT_CHECK_EQ(u, ADDR(&r, 0x64, 0x89, 0x43, 0x08), 0x7000000 + 0x1008);
	UNIT_CHECK_EQ(u, ADDR(&r, 0x65, 0x89, 0x03), 0x9000000 + 0x1000);
	r.gpr[MMU_RBX] = 0x100000010ull;
	UNIT_CHECK_EQ(u, ADDR(&r, 0x67, 0x89, 0x03), 0x10);     /* 32-bit addressing */
	UNIT_CHECK_EQ(u, ADDR(&r, 0x67, 0x89, 0x43, 0xf0), 0);  /* wraps at 4 GiB */
	/* bit offsets in a register reach outside the operand, signed */
	r.gpr[MMU_RBX] = 0x1000;
	r.gpr[MMU_RCX] = (uint64_t)-1;
	UNIT_CHECK_EQ(u, ADDR(&r, 0x48, 0x0f, 0xab, 0x0b), 0x1000 - 8);
	r.gpr[MMU_RCX] = 130;
	UNIT_CHECK_EQ(u, ADDR(&r, 0x48, 0x0f, 0xab, 0x0b), 0x1000 + 16);
	r.gpr[MMU_RCX] = 0xFFFF;                                /* -1 as 16 bits */
	UNIT_CHECK_EQ(u, ADDR(&r, 0x66, 0x0f, 0xab, 0x0b), 0x1000 - 2);
	r.gpr[MMU_RCX] = 0x100000020ull;                        /* 32 as 32 bits */
	UNIT_CHECK_EQ(u, ADDR(&r, 0x0f, 0xab, 0x0b), 0x1000 + 4);
	/* an immediate bit offset stays inside */
	UNIT_CHECK_EQ(u, ADDR(&r, 0x0f, 0xba, 0x2b, 0x45), 0x1000);
	r.gpr[MMU_RDI] = 0x5550;
	UNIT_CHECK_EQ(u, ADDR(&r, 0x64, 0xf3, 0x48, 0xab), 0x5550);     /* stos: es:rdi */
}

static const struct unit_case cases[] = {
	{ "insn/decodes-accepted-forms", insn_decodes_accepted_forms },
	{ "insn/prefix-details", insn_prefix_details },
	{ "insn/refuses-everything-else", insn_refuses_everything_else },
	{ "insn/truncated-input-is-short", insn_truncated_input_is_short },
	{ "insn/memory-operand-address", insn_memory_operand_address },
};

const struct mmu_suite mmu_suite_insn = { cases, ARRAY_LEN(cases) };
