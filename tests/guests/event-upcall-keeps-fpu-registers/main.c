/*
 * Rule: an event upcall leaves the interrupted code's x87/SSE state as it
 * found it (guest/trap_entry.S saves it with fxsave around the handlers),
 * so code that keeps floating-point values in registers can be interrupted
 * at any instruction.  The domain binds VIRQ_TIMER (Xen's 100 Hz periodic
 * timer runs from the start) to a handler that zeroes xmm0-xmm15, resets
 * MXCSR and the x87 (fninit).  Main loads sixteen distinct xmm values, an
 * MXCSR rounding down and an x87 control word truncating, then spins in
 * assembly, registers live, until 20 upcalls have come; every register
 * must still hold its value afterwards.
 */
#include "events.h"
#include "test.h"

#define UPCALLS 20
#define MXCSR_ROUND_DOWN 0x3f80u
#define FCW_TRUNCATE 0x0f7fu

static volatile unsigned upcalls;

static void on_timer(evtchn_port_t port, void *arg)
{
	(void)port, (void)arg;
	uint32_t mxcsr = 0x1f80;
	__asm__ volatile("pxor %%xmm0, %%xmm0; pxor %%xmm1, %%xmm1; pxor %%xmm2, %%xmm2; pxor %%xmm3, %%xmm3\n\t"
			 "pxor %%xmm4, %%xmm4; pxor %%xmm5, %%xmm5; pxor %%xmm6, %%xmm6; pxor %%xmm7, %%xmm7\n\t"
			 "pxor %%xmm8, %%xmm8; pxor %%xmm9, %%xmm9; pxor %%xmm10, %%xmm10; pxor %%xmm11, %%xmm11\n\t"
			 "pxor %%xmm12, %%xmm12; pxor %%xmm13, %%xmm13; pxor %%xmm14, %%xmm14; pxor %%xmm15, %%xmm15\n\t"
			 "ldmxcsr %0; fninit"
			 :: "m"(mxcsr)
			 : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",
			   "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
	upcalls++;
}

int main(void)
{
	static uint8_t in[16][16] __attribute__((aligned(16))), out[16][16] __attribute__((aligned(16)));
	for (unsigned r = 0; r < 16; r++)
		for (unsigned b = 0; b < 16; b++)
			in[r][b] = (uint8_t)(r * 16 + b + 1);
	uint32_t mxcsr_in = MXCSR_ROUND_DOWN, mxcsr_out = 0;
	uint16_t fcw_in = FCW_TRUNCATE, fcw_out = 0;

	events_init();
	evtchn_port_t port;
	CHECK_EQ(evtchn_bind_virq(VIRQ_TIMER, &port), 0);
	events_bind(port, on_timer, NULL);
	__asm__ volatile("ldmxcsr %[mi]; fldcw %[fi]\n\t"
			 "movdqa 0(%[in]), %%xmm0; movdqa 16(%[in]), %%xmm1; movdqa 32(%[in]), %%xmm2\n\t"
			 "movdqa 48(%[in]), %%xmm3; movdqa 64(%[in]), %%xmm4; movdqa 80(%[in]), %%xmm5\n\t"
			 "movdqa 96(%[in]), %%xmm6; movdqa 112(%[in]), %%xmm7; movdqa 128(%[in]), %%xmm8\n\t"
			 "movdqa 144(%[in]), %%xmm9; movdqa 160(%[in]), %%xmm10; movdqa 176(%[in]), %%xmm11\n\t"
			 "movdqa 192(%[in]), %%xmm12; movdqa 208(%[in]), %%xmm13; movdqa 224(%[in]), %%xmm14\n\t"
			 "movdqa 240(%[in]), %%xmm15\n"
			 "1:\tcmpl %[n], %[count]\n\t"
			 "jb 1b\n\t"
			 "movdqa %%xmm0, 0(%[out]); movdqa %%xmm1, 16(%[out]); movdqa %%xmm2, 32(%[out])\n\t"
			 "movdqa %%xmm3, 48(%[out]); movdqa %%xmm4, 64(%[out]); movdqa %%xmm5, 80(%[out])\n\t"
			 "movdqa %%xmm6, 96(%[out]); movdqa %%xmm7, 112(%[out]); movdqa %%xmm8, 128(%[out])\n\t"
			 "movdqa %%xmm9, 144(%[out]); movdqa %%xmm10, 160(%[out]); movdqa %%xmm11, 176(%[out])\n\t"
			 "movdqa %%xmm12, 192(%[out]); movdqa %%xmm13, 208(%[out]); movdqa %%xmm14, 224(%[out])\n\t"
			 "movdqa %%xmm15, 240(%[out])\n\t"
			 "stmxcsr %[mo]; fnstcw %[fo]"
			 : [mo] "=m"(mxcsr_out), [fo] "=m"(fcw_out)
			 : [mi] "m"(mxcsr_in), [fi] "m"(fcw_in), [in] "r"(in), [out] "r"(out),
			   [n] "i"(UPCALLS), [count] "m"(upcalls)
			 : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",
			   "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "memory", "cc");
	events_mask(port);
	for (unsigned r = 0; r < 16; r++)
		for (unsigned b = 0; b < 16; b++)
			CHECK(out[r][b] == in[r][b], "xmm%u byte %u is %u after %u upcalls, was %u", r, b, out[r][b],
			      upcalls, in[r][b]);
	CHECK(mxcsr_out == MXCSR_ROUND_DOWN, "MXCSR %#x after the upcalls, was %#x", mxcsr_out, MXCSR_ROUND_DOWN);
	CHECK(fcw_out == FCW_TRUNCATE, "x87 control word %#x after the upcalls, was %#x", fcw_out, FCW_TRUNCATE);
	printf("%u upcalls interrupted code with live x87/SSE registers: all kept\n", upcalls);
	test_pass();
}
