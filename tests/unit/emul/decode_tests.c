/*
 * Host unit tests for the privileged-instruction decoder
 * (kernel/common/pv_decode.c): every accepted form decodes to the right
 * operation, length, size, port and registers; the forms the CPU would not
 * raise #GP(0) for, or Xen does not emulate, are refused; an instruction cut
 * short by the fetch asks for more bytes, and one longer than 15 is refused.
 */
#include <string.h>
#include "pv_decode.h"
#include "unit_check.h"

#define DECODE(u, out, ...) ({                                                  \
	static const uint8_t b_[] = { __VA_ARGS__ };                            \
	priv_decode(b_, sizeof(b_), (out)); })

static void in_out(struct unit *u)
{
	struct priv_insn i;
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0xe4, 0x71), 1);
	UNIT_CHECK(u, i.op == PRIV_IN && i.size == 1 && !i.port_in_dx && i.port_imm == 0x71 && i.len == 2);
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0xe7, 0x80), 1);
	UNIT_CHECK(u, i.op == PRIV_OUT && i.size == 4 && i.port_imm == 0x80);
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0x66, 0xed), 1);
	UNIT_CHECK(u, i.op == PRIV_IN && i.size == 2 && i.port_in_dx && i.len == 2);
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0xee), 1);
	UNIT_CHECK(u, i.op == PRIV_OUT && i.size == 1 && i.port_in_dx && i.len == 1 && !i.rep);
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0xf3, 0xee), 1);
	UNIT_CHECK(u, !i.rep);                  /* rep means nothing to out */
}

static void strings(struct unit *u)
{
	struct priv_insn i;
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0xf3, 0x6c), 1);
	UNIT_CHECK(u, i.op == PRIV_INS && i.rep && i.size == 1 && i.len == 2);
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0x64, 0xf3, 0x66, 0x6f), 1);
	UNIT_CHECK(u, i.op == PRIV_OUTS && i.rep && i.size == 2 && i.seg == PRIV_SEG_FS && i.len == 4);
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0x65, 0x3e, 0x6e), 1);
	UNIT_CHECK(u, i.seg == PRIV_SEG_DEFAULT);       /* the last segment prefix wins */
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0x6d), 1);
	UNIT_CHECK(u, i.op == PRIV_INS && i.size == 4 && !i.rep);
}

static void simple(struct unit *u)
{
	struct priv_insn i;
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0xfa), 1);
	UNIT_CHECK(u, i.op == PRIV_CLI && i.len == 1);
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0xfb), 1);
	UNIT_CHECK(u, i.op == PRIV_STI);
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0x0f, 0x06), 1);
	UNIT_CHECK(u, i.op == PRIV_CLTS && i.len == 2);
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0x0f, 0x09), 1);
	UNIT_CHECK(u, i.op == PRIV_WBINVD);
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0x0f, 0x30), 1);
	UNIT_CHECK(u, i.op == PRIV_WRMSR);
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0x48, 0x0f, 0x32), 1);
	UNIT_CHECK(u, i.op == PRIV_RDMSR && i.len == 3);
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0x0f, 0x31), 1);
	UNIT_CHECK(u, i.op == PRIV_RDTSC && i.len == 2);
}

static void mov_control_debug(struct unit *u)
{
	struct priv_insn i;
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0x0f, 0x20, 0xd8), 1);          /* mov %cr3, %rax */
	UNIT_CHECK(u, i.op == PRIV_MOV_FROM_CR && i.ctl == 3 && i.gpr == 0 && i.len == 3);
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0x41, 0x0f, 0x22, 0xe1), 1);    /* mov %r9, %cr4 */
	UNIT_CHECK(u, i.op == PRIV_MOV_TO_CR && i.ctl == 4 && i.gpr == 9 && i.len == 4);
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0x44, 0x0f, 0x20, 0xc0), 1);    /* mov %cr8, %rax */
	UNIT_CHECK(u, i.ctl == 8);
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0x0f, 0x21, 0x3f), 1);          /* mod ignored: mov %dr7, %rdi */
	UNIT_CHECK(u, i.op == PRIV_MOV_FROM_DR && i.ctl == 7 && i.gpr == 7);
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0x0f, 0x23, 0xc6), 1);          /* mov %rsi, %dr0 */
	UNIT_CHECK(u, i.op == PRIV_MOV_TO_DR && i.ctl == 0 && i.gpr == 6);
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0x48, 0x66, 0x0f, 0x20, 0xd0), 1);      /* a REX before a prefix is ignored */
	UNIT_CHECK(u, i.gpr == 0 && i.ctl == 2);
}

static void refused(struct unit *u)
{
	struct priv_insn i;
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0xf0, 0xfa), 0);                /* lock */
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0x67, 0x6c), 0);                /* address size */
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0x90), 0);
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0x0f, 0x01, 0xd0), 0);          /* xgetbv: not ours */
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0x0f, 0x0b), 0);                /* ud2 */
	UNIT_CHECK_EQ(u, DECODE(u, &i, 0xcd, 0x80), 0);
	UNIT_CHECK(u, i.op == PRIV_NONE);
	uint8_t long_insn[15];
	memset(long_insn, 0x66, sizeof(long_insn));
	UNIT_CHECK_EQ(u, priv_decode(long_insn, sizeof(long_insn), &i), 0);
	long_insn[14] = 0xec;                   /* 14 prefixes and the opcode: 15 bytes, fine */
	UNIT_CHECK_EQ(u, priv_decode(long_insn, sizeof(long_insn), &i), 1);
	UNIT_CHECK_EQ(u, i.len, 15);
	uint8_t too_long[16];
	memset(too_long, 0x66, sizeof(too_long));
	too_long[15] = 0xec;                    /* 16 bytes: the CPU refuses it */
	UNIT_CHECK_EQ(u, priv_decode(too_long, sizeof(too_long), &i), 0);
	memset(too_long, 0x66, sizeof(too_long));
	too_long[13] = 0x0f;
	too_long[14] = 0x20;                    /* the ModRM would be byte 16 */
	UNIT_CHECK_EQ(u, priv_decode(too_long, sizeof(too_long), &i), 0);
}

static void short_fetch(struct unit *u)
{
	struct priv_insn i;
	static const uint8_t b[] = { 0x66, 0x0f, 0x22, 0xd8, 0xe4 };
	UNIT_CHECK_EQ(u, priv_decode(b, 1, &i), -1);
	UNIT_CHECK_EQ(u, priv_decode(b, 2, &i), -1);
	UNIT_CHECK_EQ(u, priv_decode(b, 3, &i), -1);
	UNIT_CHECK_EQ(u, priv_decode(b, 4, &i), 1);
	UNIT_CHECK_EQ(u, priv_decode(b + 4, 1, &i), -1);       /* in imm8 with no imm8 */
	UNIT_CHECK_EQ(u, priv_decode(b, 0, &i), -1);
}

int main(void)
{
	static const struct unit_case cases[] = {
		{ "emul/decode-in-out", in_out },
		{ "emul/decode-ins-outs", strings },
		{ "emul/decode-one-and-two-byte", simple },
		{ "emul/decode-mov-cr-dr", mov_control_debug },
		{ "emul/decode-refuses-what-xen-does-not-emulate", refused },
		{ "emul/decode-short-fetch-asks-for-more", short_fetch },
	};
	return unit_run(cases, sizeof(cases) / sizeof(cases[0]), NULL, NULL) ? 1 : 0;
}
