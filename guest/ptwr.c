/* Page-table stores through the writable-page-table assist (ptwr.h). */
#include "catch.h"
#include "ptwr.h"
#include "test.h"

uint64_t ptwr_last_rip;

long ptwr_assist(bool on)
{
	return HYPERVISOR_vm_assist(on ? VMASST_CMD_enable : VMASST_CMD_disable,
				    VMASST_TYPE_writable_pagetables);
}

/* Catch #PF, resuming len bytes past the faulting instruction. */
static void arm(unsigned len)
{
	if (catch_trap(14, len, 0))
		test_fail("cannot install the #PF catcher");
}

#define STORE(len, insn, ...) do {                                              \
	arm(len);                                                               \
	__asm__ volatile("lea 1f(%%rip), %%rdx\n\t"                             \
			 "mov %%rdx, %[rip]\n"                                  \
			 "1:\t" insn                                            \
			 : [rip] "=m"(ptwr_last_rip), __VA_ARGS__);             \
} while (0)

unsigned ptwr_mov(volatile uint64_t *e, uint64_t v)
{
	STORE(3, "mov %%rsi, (%%rdi)", "+D"(e), "+S"(v) : : "rdx", "memory");
	return caught.count;
}

unsigned ptwr_mov32(volatile uint64_t *e, bool high, uint32_t v)
{
	if (high)
		STORE(3, "movl %%esi, 4(%%rdi)", "+D"(e), "+S"(v) : : "rdx", "memory");
	else
		STORE(2, "movl %%esi, (%%rdi)", "+D"(e), "+S"(v) : : "rdx", "memory");
	return caught.count;
}

unsigned ptwr_or8(volatile uint64_t *e, uint8_t bits)
{
	STORE(2, "orb %%al, (%%rdi)", "+D"(e), "+a"(bits) : : "rdx", "cc", "memory");
	return caught.count;
}

unsigned ptwr_cmpxchg(volatile uint64_t *e, uint64_t *expected, uint64_t v, bool *equal)
{
	uint64_t rax = *expected;
	uint8_t zf = 0;
	STORE(5, "lock cmpxchg %%rsi, (%%rdi)\n\tsetz %[zf]", "+D"(e), "+S"(v), "+a"(rax),
	      [zf] "+r"(zf) : : "rdx", "cc", "memory");
	*expected = rax;
	*equal = zf;
	return caught.count;
}

unsigned ptwr_xchg(volatile uint64_t *e, uint64_t *v)
{
	uint64_t rsi = *v;
	STORE(3, "xchg %%rsi, (%%rdi)", "+D"(e), "+S"(rsi) : : "rdx", "memory");
	*v = rsi;
	return caught.count;
}

unsigned ptwr_btr(volatile uint64_t *e, uint64_t bit, bool *was_set)
{
	uint8_t cf = 0;
	STORE(5, "lock btr %%rsi, (%%rdi)\n\tsetc %[cf]", "+D"(e), "+S"(bit), [cf] "+r"(cf)
	      : : "rdx", "cc", "memory");
	*was_set = cf;
	return caught.count;
}

unsigned ptwr_bts(volatile uint64_t *e, uint64_t bit, bool *was_set)
{
	uint8_t cf = 0;
	STORE(5, "lock bts %%rsi, (%%rdi)\n\tsetc %[cf]", "+D"(e), "+S"(bit), [cf] "+r"(cf)
	      : : "rdx", "cc", "memory");
	*was_set = cf;
	return caught.count;
}

unsigned ptwr_rep_stos(volatile uint64_t *e, uint64_t v, uint64_t n, uint64_t *left)
{
	STORE(3, "rep stosq", "+D"(e), "+a"(v), "+c"(n) : : "rdx", "memory");
	*left = n;
	return caught.count;
}

unsigned ptwr_store16(volatile uint64_t *e)
{
	STORE(4, "movdqu %%xmm0, (%%rdi)", "+D"(e) : : "rdx", "xmm0", "memory");
	return caught.count;
}

void ptwr_expect_refused(const char *what, unsigned faults, volatile uint64_t *e, uint64_t at,
			 uint64_t before)
{
	if (faults != 1)
		test_fail("%s: %u page faults, expected 1 (the store emulated?)", what, faults);
	if (caught.vector != 14 || caught.error_code != 3)
		test_fail("%s: vector %lu error code 0x%lx, expected #PF 0x3", what, caught.vector,
			  caught.error_code);
	if (caught.cr2 != at || caught.rip != ptwr_last_rip)
		test_fail("%s: cr2 0x%lx rip 0x%lx, expected 0x%lx and 0x%lx", what, caught.cr2,
			  caught.rip, at, ptwr_last_rip);
	if (*e != before)
		test_fail("%s: the entry changed to 0x%lx (was 0x%lx)", what, *e, before);
}
