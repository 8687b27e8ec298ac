/*
 * The emulated stores against the CPU the tests run on (x86_64 hosts only).
 *
 * Each case is one instruction, assembled here and run for real on a
 * memory word with random register, memory and flag values; its own bytes
 * (found between two labels around it) are then decoded and carried out by
 * mmu_insn_execute() on the same inputs.  Memory, rax, rcx, rdx, rbx, rdi
 * and the flags the instruction defines must come out the same.  The bytes
 * are the assembler's, so the decoder meets real encodings, not ones
 * written down by hand.
 */
#include "mmu_test.h"
#include "mmu_insn.h"

struct hw_state {
	uint64_t rax, rcx, rdx, rbx, rdi, flags;
};

typedef void hw_fn(struct hw_state *s, const uint8_t **start, const uint8_t **end);

/* Run text with the state in the registers (rdi points at the memory word;
   below the red zone, so push and popf clobber nothing of the compiler's). */
#define HW(name, text)                                                                   \
	static void name(struct hw_state *s, const uint8_t **start, const uint8_t **end)  \
	{                                                                                \
		register uint64_t fl __asm__("r8") = s->flags;                           \
		register const uint8_t *b __asm__("r9");                                 \
		register const uint8_t *e __asm__("r10");                                \
		__asm__ volatile("lea 1f(%%rip), %%r9\n\t"                               \
		                 "lea 2f(%%rip), %%r10\n\t"                              \
		                 "sub $128, %%rsp\n\t"                                   \
		                 "push %%r8\n\t"                                         \
		                 "popfq\n"                                               \
		                 "1:\t" text "\n"                                        \
		                 "2:\tpushfq\n\t"                                        \
		                 "pop %%r8\n\t"                                          \
		                 "cld\n\t"                                               \
		                 "add $128, %%rsp"                                       \
		                 : "+a"(s->rax), "+c"(s->rcx), "+d"(s->rdx), "+b"(s->rbx), \
		                   "+D"(s->rdi), "+r"(fl), "=r"(b), "=r"(e)              \
		                 :                                                       \
		                 : "memory", "cc");                                      \
		s->flags = fl;                                                           \
		*start = b;                                                              \
		*end = e;                                                                \
	}

/* One ALU operation in every operand form. */
#define HW_ALU(op)                                                                       \
	HW(op##_q, #op "q %%rcx, (%%rdi)")                                               \
	HW(op##_l, #op "l %%ecx, (%%rdi)")                                               \
	HW(op##_w, #op "w %%cx, (%%rdi)")                                                \
	HW(op##_b, #op "b %%cl, (%%rdi)")                                                \
	HW(op##_ah, #op "b %%ah, (%%rdi)")                                               \
	HW(op##_q_i8, #op "q $-3, (%%rdi)")                                              \
	HW(op##_q_i32, #op "q $0x12345678, (%%rdi)")                                     \
	HW(op##_l_i8, #op "l $0x7f, (%%rdi)")                                            \
	HW(op##_w_i16, #op "w $0x8234, (%%rdi)")                                         \
	HW(op##_b_i8, #op "b $0x81, (%%rdi)")                                            \
	HW(op##_lock, "lock " #op "q %%rdx, (%%rdi)")
HW_ALU(add) HW_ALU(or) HW_ALU(adc) HW_ALU(sbb) HW_ALU(and) HW_ALU(sub) HW_ALU(xor)

#define HW_SIZES(name, text)                                                             \
	HW(name##_q, text "q (%%rdi)") HW(name##_l, text "l (%%rdi)")                     \
	HW(name##_w, text "w (%%rdi)") HW(name##_b, text "b (%%rdi)")
HW_SIZES(inc, "inc") HW_SIZES(dec, "dec") HW_SIZES(not, "not") HW_SIZES(neg, "lock neg")

HW(mov_q, "movq %%rcx, (%%rdi)") HW(mov_l, "movl %%ecx, (%%rdi)")
HW(mov_w, "movw %%cx, (%%rdi)") HW(mov_b, "movb %%cl, (%%rdi)") HW(mov_ah, "movb %%ah, (%%rdi)")
HW(mov_q_imm, "movq $-5, (%%rdi)") HW(mov_l_imm, "movl $0x89abcdef, (%%rdi)")
HW(mov_w_imm, "movw $0x1234, (%%rdi)") HW(mov_b_imm, "movb $0x89, (%%rdi)")
HW(xchg_q, "xchgq %%rcx, (%%rdi)") HW(xchg_l, "xchgl %%ecx, (%%rdi)")
HW(xchg_w, "xchgw %%cx, (%%rdi)") HW(xchg_b, "xchgb %%cl, (%%rdi)")
HW(xchg_bh, "xchgb %%bh, (%%rdi)")
HW(xadd_q, "lock xaddq %%rcx, (%%rdi)") HW(xadd_l, "lock xaddl %%ecx, (%%rdi)")
HW(xadd_w, "lock xaddw %%cx, (%%rdi)") HW(xadd_b, "lock xaddb %%ch, (%%rdi)")
HW(cmpxchg_q, "lock cmpxchgq %%rcx, (%%rdi)") HW(cmpxchg_l, "lock cmpxchgl %%ecx, (%%rdi)")
HW(cmpxchg_w, "lock cmpxchgw %%cx, (%%rdi)") HW(cmpxchg_b, "lock cmpxchgb %%cl, (%%rdi)")
HW(cmpxchg_ah, "cmpxchgb %%ah, (%%rdi)")
HW(cmpxchg8b, "lock cmpxchg8b (%%rdi)")
HW(stos_q, "stosq") HW(stos_l, "stosl") HW(stos_w, "stosw") HW(stos_b, "stosb")
HW(rep_stos_q, "rep stosq")

#define HW_BITS(op)                                                                      \
	HW(op##_q, "lock " #op "q %%rcx, (%%rdi)") HW(op##_l, #op "l %%ecx, (%%rdi)")     \
	HW(op##_w, #op "w %%cx, (%%rdi)") HW(op##_q_imm, #op "q $45, (%%rdi)")            \
	HW(op##_l_imm, "lock " #op "l $3, (%%rdi)") HW(op##_w_imm, #op "w $17, (%%rdi)")
HW_BITS(bts) HW_BITS(btr) HW_BITS(btc)

/* What the inputs must look like for a case, and which flags to compare. */
enum setup { ANY, BIT_INDEX, CMP_RAX, CMP_EDX_EAX, ONE_REP };

struct hw_case {
	const char *name;
	hw_fn *fn;
	uint64_t flags;
	enum setup setup;
};

#define ALL MMU_FL_ARITH
#define LOGIC (MMU_FL_ARITH & ~MMU_FL_AF)
#define C(fn, flags, setup) { #fn, fn, flags, setup }
#define C_ALU(op, fl) C(op##_q, fl, ANY), C(op##_l, fl, ANY), C(op##_w, fl, ANY),             \
	C(op##_b, fl, ANY), C(op##_ah, fl, ANY), C(op##_q_i8, fl, ANY), C(op##_q_i32, fl, ANY), \
	C(op##_l_i8, fl, ANY), C(op##_w_i16, fl, ANY), C(op##_b_i8, fl, ANY), C(op##_lock, fl, ANY)
#define C_SIZES(op) C(op##_q, ALL, ANY), C(op##_l, ALL, ANY), C(op##_w, ALL, ANY), \
	C(op##_b, ALL, ANY)
#define C_BITS(op) C(op##_q, MMU_FL_CF, BIT_INDEX), C(op##_l, MMU_FL_CF, BIT_INDEX),          \
	C(op##_w, MMU_FL_CF, BIT_INDEX), C(op##_q_imm, MMU_FL_CF, ANY),                       \
	C(op##_l_imm, MMU_FL_CF, ANY), C(op##_w_imm, MMU_FL_CF, ANY)

static const struct hw_case hw_cases[] = {
	C_ALU(add, ALL), C_ALU(or, LOGIC), C_ALU(adc, ALL), C_ALU(sbb, ALL), C_ALU(and, LOGIC),
	C_ALU(sub, ALL), C_ALU(xor, LOGIC),
	C_SIZES(inc), C_SIZES(dec), C_SIZES(not), C_SIZES(neg),
	C(mov_q, ALL, ANY), C(mov_l, ALL, ANY), C(mov_w, ALL, ANY), C(mov_b, ALL, ANY),
	C(mov_ah, ALL, ANY), C(mov_q_imm, ALL, ANY), C(mov_l_imm, ALL, ANY),
	C(mov_w_imm, ALL, ANY), C(mov_b_imm, ALL, ANY),
	C(xchg_q, ALL, ANY), C(xchg_l, ALL, ANY), C(xchg_w, ALL, ANY), C(xchg_b, ALL, ANY),
	C(xchg_bh, ALL, ANY),
	C(xadd_q, ALL, ANY), C(xadd_l, ALL, ANY), C(xadd_w, ALL, ANY), C(xadd_b, ALL, ANY),
	C(cmpxchg_q, ALL, CMP_RAX), C(cmpxchg_l, ALL, CMP_RAX), C(cmpxchg_w, ALL, CMP_RAX),
	C(cmpxchg_b, ALL, CMP_RAX), C(cmpxchg_ah, ALL, CMP_RAX),
	C(cmpxchg8b, ALL, CMP_EDX_EAX),
	C(stos_q, ALL, ANY), C(stos_l, ALL, ANY), C(stos_w, ALL, ANY), C(stos_b, ALL, ANY),
	C(rep_stos_q, ALL, ONE_REP),
	C_BITS(bts), C_BITS(btr), C_BITS(btc),
};

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Random values, often with interesting edges (0, all ones, sign bits). */
static uint64_t operand(void)
{
	static const uint64_t edges[] = { 0, ~0ull, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF,
	                                  0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 1ull << 63,
	                                  (1ull << 63) - 1 };
	uint64_t r = rnd();

	return (r & 3) ? rnd() : edges[(r >> 2) % ARRAY_LEN(edges)];
}

static uint64_t host_rflags(void)
{
	uint64_t fl;

	__asm__ volatile("pushfq; pop %0" : "=r"(fl));
	return fl;
}

static void prepare(const struct hw_case *c, unsigned int size, struct hw_state *s,
                    uint64_t *mem)
{
	*s = (struct hw_state){ operand(), operand(), operand(), operand(), 0,
	                        (host_rflags() & ~(MMU_FL_ARITH | MMU_FL_DF)) |
	                        (rnd() & MMU_FL_ARITH) };
	*mem = operand();
	if (c->fn == stos_q || c->fn == stos_l || c->fn == stos_w || c->fn == stos_b)
		s->flags |= rnd() & MMU_FL_DF;          /* backwards too */
	switch (c->setup) {
	case BIT_INDEX:
		s->rcx &= 8 * size - 1;                 /* stay inside the word */
		break;
	case CMP_RAX:
		if (rnd() & 1)
			s->rax = (s->rax & ~0xFFFFull) | (*mem & 0xFFFF);
		if (rnd() & 1)
			s->rax = *mem;
		break;
	case CMP_EDX_EAX:
		if (rnd() & 1) {
			s->rax = (s->rax & ~0xFFFFFFFFull) | (*mem & 0xFFFFFFFF);
			s->rdx = (s->rdx & ~0xFFFFFFFFull) | (*mem >> 32);
		}
		break;
	case ONE_REP:
		s->rcx = 1;
		break;
	default:
		break;
	}
}

/* Run one case once on both; false (with the test failed) on a difference. */
static bool compare_once(struct unit *u, const struct hw_case *c)
{
	struct hw_state hw;
	struct mmu_regs r = { 0 };
	struct mmu_insn insn;
	struct mmu_insn_store st;
	const uint8_t *start, *end;
	uint64_t mem, mem_in, mask, want_mem;

	/* the first run only finds the bytes and the operand size */
	prepare(c, 8, &hw, &mem);
	hw.rdi = (uint64_t)&mem;
	c->fn(&hw, &start, &end);
	if (mmu_insn_decode(start, (unsigned int)(end - start), &insn) != MMU_DECODE_OK ||
	    insn.len != end - start) {
		unit_fail(u, __FILE__, __LINE__, "%s: not decoded", c->name);
		return false;
	}
	prepare(c, insn.size, &hw, &mem);
	mem_in = mem;
	hw.rdi = (uint64_t)&mem;
	r.gpr[MMU_RAX] = hw.rax;
	r.gpr[MMU_RCX] = hw.rcx;
	r.gpr[MMU_RDX] = hw.rdx;
	r.gpr[MMU_RBX] = hw.rbx;
	r.gpr[MMU_RDI] = hw.rdi;
	r.rflags = hw.flags;
	r.rip = (uint64_t)start;
	if (mmu_insn_address(&insn, &r) != (uint64_t)&mem) {
		unit_fail(u, __FILE__, __LINE__, "%s: wrong address", c->name);
		return false;
	}
	c->fn(&hw, &start, &end);
	mask = mmu_size_mask(insn.size);
	if (mmu_insn_execute(&insn, &r, mem_in & mask, &st)) {
		unit_fail(u, __FILE__, __LINE__, "%s: not executed", c->name);
		return false;
	}
	want_mem = st.write ? (mem_in & ~mask) | (st.value & mask) : mem_in;
	if (mem != want_mem || r.gpr[MMU_RAX] != hw.rax || r.gpr[MMU_RCX] != hw.rcx ||
	    r.gpr[MMU_RDX] != hw.rdx || r.gpr[MMU_RBX] != hw.rbx || r.gpr[MMU_RDI] != hw.rdi ||
	    ((r.rflags ^ hw.flags) & c->flags) || r.rip != (uint64_t)end) {
		unit_fail(u, __FILE__, __LINE__,
		          "%s: mem %llx/%llx rax %llx/%llx rcx %llx/%llx rdx %llx/%llx "
		          "rbx %llx/%llx flags %llx/%llx (emulated/cpu)", c->name,
		          (unsigned long long)want_mem, (unsigned long long)mem,
		          (unsigned long long)r.gpr[MMU_RAX], (unsigned long long)hw.rax,
		          (unsigned long long)r.gpr[MMU_RCX], (unsigned long long)hw.rcx,
		          (unsigned long long)r.gpr[MMU_RDX], (unsigned long long)hw.rdx,
		          (unsigned long long)r.gpr[MMU_RBX], (unsigned long long)hw.rbx,
		          (unsigned long long)(r.rflags & c->flags),
		          (unsigned long long)(hw.flags & c->flags));
		return false;
	}
	return true;
}

TEST(insn_matches_the_cpu)
{
	(void)m;
	for (size_t i = 0; i < ARRAY_LEN(hw_cases); i++)
		for (int n = 0; n < 2000; n++)
			if (!compare_once(u, &hw_cases[i]))
				return;
}

static const struct unit_case cases[] = {
	{ "insn/matches-the-cpu", insn_matches_the_cpu },
};

const struct mmu_suite mmu_suite_insn_hw = { cases, ARRAY_LEN(cases) };
