/* Recording trap handler for test kernels (catch.h). */
#include "catch.h"
#include "test.h"

#define X86_EFLAGS_TF 0x100

volatile struct caught_trap caught;
static unsigned skip_bytes[256];
static void (*then[256])(void);

static void record(struct trap_frame *f, struct trap_info_view *t)
{
	(void)f;
	caught.count++;
	caught.vector = t->vector;
	caught.error_code = t->error_code;
	caught.rip = *t->rip;
	caught.cs = *t->cs;
	caught.rflags = *t->rflags;
	caught.rsp = *t->rsp;
	caught.ss = *t->ss;
	caught.cr2 = t->vector == 14 ? guest_cr2() : 0;
	*t->rip += skip_bytes[t->vector & 255];
	*t->rflags &= ~(uint64_t)X86_EFLAGS_TF;
	if (then[t->vector & 255])
		then[t->vector & 255]();
}

void catch_reset(void)
{
	caught.count = 0;
	caught.vector = caught.error_code = caught.rip = caught.cs = ~0ull;
	caught.rflags = caught.rsp = caught.ss = caught.cr2 = ~0ull;
}

long catch_trap_then(unsigned vector, unsigned skip, unsigned dpl, void (*fn)(void))
{
	catch_reset();
	skip_bytes[vector & 255] = skip;
	then[vector & 255] = fn;
	return guest_set_trap(vector, record, dpl);
}

long catch_trap(unsigned vector, unsigned skip, unsigned dpl)
{
	return catch_trap_then(vector, skip, dpl, NULL);
}

void expect_caught(const char *what, uint64_t vector, uint64_t error_code, uint64_t rip, uint64_t rsp)
{
	if (caught.count != 1)
		test_fail("%s: %u traps caught, expected 1", what, caught.count);
	if (caught.vector != vector)
		test_fail("%s: vector %lu, expected %lu", what, caught.vector, vector);
	if (caught.error_code != error_code)
		test_fail("%s: error code 0x%lx, expected 0x%lx", what, caught.error_code, error_code);
	if (caught.rip != rip)
		test_fail("%s: saved rip 0x%lx, expected 0x%lx", what, caught.rip, rip);
	if (caught.rsp != rsp)
		test_fail("%s: saved rsp 0x%lx, expected 0x%lx", what, caught.rsp, rsp);
	/*
	 * From guest-kernel mode the cs slot holds cs with RPL cleared and the
	 * saved upcall mask (0 or 1) in bits 32-39; the saved IF is its inverse.
	 */
	uint64_t mask = caught.cs >> 32;
	if ((caught.cs & 0xffffffff) != (FLAT_KERNEL_CS & ~3) || mask > 1)
		test_fail("%s: saved cs slot 0x%lx, expected 0x%x with the upcall mask in bits 32-39",
			  what, caught.cs, FLAT_KERNEL_CS & ~3);
	if ((uint64_t)!(caught.rflags & 0x200) != mask)
		test_fail("%s: saved rflags 0x%lx: IF does not match the saved upcall mask %lu",
			  what, caught.rflags, mask);
	if (caught.ss != FLAT_KERNEL_SS)
		test_fail("%s: saved ss 0x%lx, expected 0x%x", what, caught.ss, FLAT_KERNEL_SS);
}

void expect_probe(const char *what, const struct trap_probe *p, uint64_t vector, uint64_t error_code,
		  int64_t rip_delta, int64_t rsp_delta)
{
	static const uint64_t want[3] = { PROBE_RCX, PROBE_R11, PROBE_R12 };
	expect_caught(what, vector, error_code, p->rip + rip_delta, p->rsp + rsp_delta);
	if (p->rcx != want[0] || p->r11 != want[1] || p->r12 != want[2])
		test_fail("%s: after the trap rcx=0x%lx r11=0x%lx r12=0x%lx, expected 0x%lx 0x%lx 0x%lx",
			  what, p->rcx, p->r11, p->r12, want[0], want[1], want[2]);
}
