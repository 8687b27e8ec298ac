/*
 * Instruction probes (probe.h).  The instruction is placed either at the
 * start of the code page or so that it ends past the page, in the unmapped
 * guard page after it, where the hypervisor's fetch of its bytes must stop
 * and report the guest's own page fault.  Register values come from the
 * argument classes (pointers for the string instructions, selectors for the
 * segment loads, MSR numbers near the ones that exist); the direction and
 * trap flags are set at random, so rep ins/outs run backwards and the
 * emulator owes a single-step trap after an emulated instruction.  One
 * probe in six is a store of a page-table entry value into one of the
 * child's own page tables, through their read-only mapping, which the
 * hypervisor emulates while the writable_pagetables assist is on (the
 * child turns it on at start of day; the fuzzer's vm_assist calls may turn
 * it off again).
 */
#include "args.h"
#include "probe.h"

void fuzz_probe(const uint64_t regs[16], uint64_t code, uint64_t rflags);

volatile bool probe_active;

#define X86_EFLAGS_TF 0x100ull
#define X86_EFLAGS_DF 0x400ull

/* Opcode forms: the bytes, and how many random bytes (immediate, modrm) follow. */
static const struct form {
	uint8_t len, tail;
	uint8_t b[7];
} forms[] = {
	{ 1, 1, { 0xe4 } }, { 1, 1, { 0xe5 } }, { 1, 1, { 0xe6 } }, { 1, 1, { 0xe7 } },   /* in/out imm8 */
	{ 1, 0, { 0xec } }, { 1, 0, { 0xed } }, { 1, 0, { 0xee } }, { 1, 0, { 0xef } },   /* in/out dx */
	{ 1, 0, { 0x6c } }, { 1, 0, { 0x6d } }, { 1, 0, { 0x6e } }, { 1, 0, { 0x6f } },   /* ins/outs */
	{ 1, 0, { 0xfa } }, { 1, 0, { 0xfb } }, { 1, 0, { 0xf4 } },                       /* cli sti hlt */
	{ 2, 0, { 0x0f, 0x06 } }, { 2, 0, { 0x0f, 0x09 } }, { 2, 0, { 0x0f, 0x08 } },     /* clts wbinvd invd */
	{ 2, 0, { 0x0f, 0x32 } }, { 2, 0, { 0x0f, 0x30 } }, { 2, 0, { 0x0f, 0x33 } },     /* rdmsr wrmsr rdpmc */
	{ 2, 0, { 0x0f, 0x31 } }, { 2, 0, { 0x0f, 0xa2 } },                               /* rdtsc cpuid */
	{ 7, 0, { 0x0f, 0x0b, 0x78, 0x65, 0x6e, 0x0f, 0xa2 } },                           /* Xen's cpuid */
	{ 2, 1, { 0x0f, 0x20 } }, { 2, 1, { 0x0f, 0x22 } },                               /* mov cr */
	{ 2, 1, { 0x0f, 0x21 } }, { 2, 1, { 0x0f, 0x23 } },                               /* mov dr */
	{ 1, 1, { 0xcd } }, { 1, 0, { 0xcc } }, { 1, 0, { 0xf1 } }, { 1, 0, { 0xce } },   /* int n, int3, int1, into */
	{ 2, 0, { 0x0f, 0x0b } },                                                         /* ud2 */
	{ 1, 1, { 0x8e } }, { 1, 1, { 0x8c } },                                           /* mov to/from sreg */
	{ 2, 0, { 0x0f, 0xa1 } }, { 2, 0, { 0x0f, 0xa9 } },                               /* pop fs, pop gs */
	{ 2, 1, { 0x0f, 0x00 } }, { 2, 1, { 0x0f, 0x01 } },                               /* lldt/ltr/..., lgdt/... */
	{ 3, 0, { 0x0f, 0x01, 0xf8 } }, { 3, 0, { 0x0f, 0x01, 0xf9 } },                   /* swapgs rdtscp */
	{ 2, 0, { 0x0f, 0x05 } }, { 2, 0, { 0x0f, 0x34 } }, { 2, 0, { 0x0f, 0x07 } },     /* syscall sysenter sysret */
	{ 1, 1, { 0xff } },                                                               /* far call/jmp */
};

/* No lock prefix (0xf0) anywhere, AVOIDED: QEMU 7.2 TCG aborts ("tcg fatal
 * error", tcg.c:3243) on a lock prefix before bt/bts/btr/btc with a
 * register operand (f0 0f a3 f1, say), an instruction the guest runs
 * itself: the whole test machine dies, and nothing the hypervisor does
 * can stop it.  Random bytes have their 0xf0 turned into a nop. */
static const uint8_t prefixes[] = { 0x66, 0x67, 0xf3, 0xf2, 0x64, 0x65, 0x2e, 0x26, 0x48, 0x41, 0x44, 0x4c };

static uint32_t g_msr(void)
{
	static const uint32_t msrs[] = { 0x10, 0x1b, 0x277, 0x345, 0xc0000080, 0xc0000081, 0xc0000082,
					 0xc0000084, 0xc0000100, 0xc0000101, 0xc0000102, 0x40000000, 0x174, 0x176,
					 0x1d9, 0x3a, 0xc0010000 };
	return one_in(4) ? (uint32_t)g_int() : msrs[below(ARRAY_SIZE(msrs))] + (one_in(8) ? (uint32_t)below(4) : 0);
}

static uint64_t g_reg(void)
{
	switch (below(6)) {
	case 0: return g_selector();
	case 1: return g_msr();
	case 2: return g_ptr(T.arena, 16);
	case 3: return (uint16_t)g_int();               /* a port */
	default: return g_int();
	}
}

/* n instruction bytes for one probe; returns how many. */
static unsigned make_insn(uint8_t *b)
{
	unsigned n = 0;
	if (one_in(32)) {               /* these may loop, or move the stack anywhere */
		unsigned len = 1 + (unsigned)below(15);
		for (unsigned i = 0; i < len; i++) {
			b[n] = (uint8_t)rnd();
			b[n] = b[n] == 0xf0 ? 0x90 : b[n];
			n++;
		}
		return n;
	}
	for (unsigned p = (unsigned)(one_in(2) ? 0 : 1 + below(3)); p; p--)
		b[n++] = prefixes[below(ARRAY_SIZE(prefixes))];
	const struct form *f = &forms[below(ARRAY_SIZE(forms))];
	for (unsigned i = 0; i < f->len; i++)
		b[n++] = f->b[i];
	for (unsigned i = 0; i < f->tail; i++) {
		uint8_t m = (uint8_t)(one_in(2) ? 0xc0 | below(64) : rnd());  /* mostly register forms */
		if ((m & 0xc7) == 0xc4)
			m ^= 1;                 /* not %rsp: the stack is what a trap is delivered on */
		b[n++] = m;
	}
	return n;
}

/* An entry of one of its own page tables, through their read-only mapping
 * (an L1 mostly): a store there is emulated under writable_pagetables. */
static uint64_t pt_entry_va(void)
{
	unsigned i = (unsigned)below(T.nr_pt);
	for (unsigned k = 0; k < 4 && !one_in(4); k++) {     /* prefer L1s */
		bool l1 = false;
		for (unsigned j = 0; j < MAX_PT_FRAMES && T.l1_mfn[j]; j++)
			l1 |= T.l1_mfn[j] == T.pt_mfn[i];
		if (l1)
			break;
		i = (unsigned)below(T.nr_pt);
	}
	return T.pt_va[i] + below(512) * 8;
}

void run_probe(bool trace)
{
	uint8_t insn[20];
	unsigned n = make_insn(insn);
	bool ptwr = one_in(6);
	if (ptwr) {                     /* mov %rax, (%rdi) */
		insn[0] = 0x48, insn[1] = 0x89, insn[2] = 0x07;
		n = 3;
	}
	uint8_t *code = (uint8_t *)T.code_va, *end = code + 4096;
	if (one_in(8))
		code = end - 1 - below(n);      /* ends in the guard page */
	memcpy(code, insn, MIN(n, (size_t)(end - code)));
	if (code + n < end)
		code[n] = 0xc3;                 /* ret */
	uint64_t regs[16];
	for (unsigned i = 0; i < 16; i++)
		regs[i] = g_reg();
	regs[1] = one_in(4) ? g_int() : below(64);                       /* rcx: a rep count */
	regs[6] = one_in(2) ? g_ptr(arena_random(64), 64) : regs[6];     /* rsi, rdi: string I/O */
	regs[7] = one_in(2) ? g_ptr(arena_alloc(64), 64) : regs[7];
	if (ptwr) {
		regs[0] = g_pte();
		regs[7] = pt_entry_va();
	}
	for (unsigned i = 0; i + 1 < n; i++)
		if (insn[i] == 0x0f && insn[i + 1] == 0x23)     /* a mov to %drN: see qemu_safe_dr7 */
			for (unsigned r = 0; r < 16; r++)
				regs[r] = qemu_safe_dr7(regs[r]);
	uint64_t flags = 0x202 | (one_in(4) ? X86_EFLAGS_DF : 0) | (one_in(8) ? X86_EFLAGS_TF : 0);
	if (trace)
		printf("probe at %lx: %u bytes %02x %02x %02x %02x %02x %02x, flags %lx, rax %lx rcx %lx rdx %lx rsi %lx rdi %lx\n",
		       (uint64_t)code, n, insn[0], insn[1], insn[2], insn[3], insn[4], insn[5], flags, regs[0],
		       regs[1], regs[2], regs[6], regs[7]);
	probe_active = true;
	fuzz_probe(regs, (uint64_t)code, flags);
	probe_active = false;
}
