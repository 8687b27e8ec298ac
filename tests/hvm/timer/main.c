/*
 * hvm-timer: the guest's timer interrupt, from the hypervisor's emulated
 * 8254 PIT through its emulated 8259 PIC, counted against the TSC (its
 * frequency from Xen's CPUID leaf 0x40000003 sub-leaf 0).
 *
 * The PIT is programmed for 100 Hz (reload 11932) on IRQ 0, remapped to
 * vector 0x20.  Phase 1 halts between ticks (HLT blocks the vCPU until
 * the next tick is due); phase 2 spins without halting while a PV domain
 * spins too (tests/guests/hvm-companion), so the credit scheduler shares
 * the CPU and this guest sees gaps in its TSC.  In each phase the ticks
 * counted must match the TSC time that passed (10 ms each, within 10%
 * or 3 ticks: no tick lost, none invented).  A latched read of counter 0
 * must lie within the reload value.
 */
#include "hvm_guest.h"

#define RELOAD   11932                  /* 1193182 Hz / 100 */
#define TICK_US  10000
#define GAP_TSC  10000000ull            /* a TSC jump this large: another domain ran */

static volatile uint64_t ticks;

static void on_irq(unsigned vector)
{
	if (vector == 0x20)
		ticks++;
	hvm_pic_eoi();
}

static void check(const char *phase, uint64_t counted, uint64_t tsc, uint64_t khz)
{
	uint64_t us = tsc * 1000 / khz, expected = us / TICK_US;
	uint64_t slack = expected / 10 > 3 ? expected / 10 : 3;
	printf("hvm-timer: %s: %lu ticks in %lu us (%lu expected)\n", phase, counted, us, expected);
	if (counted + slack < expected || counted > expected + slack)
		hvm_fail("%s: %lu ticks in %lu us, expected %lu +- %lu", phase, counted, us, expected, slack);
}

void hvm_main(const char *cmdline, const struct hvm_start_info *si)
{
	(void)cmdline, (void)si;
	uint32_t r[4];
	cpuid(0x40000003, 0, r);
	uint64_t khz = r[2];
	if (!khz)
		hvm_fail("CPUID 0x40000003 gives no TSC frequency");
	hvm_set_irq_handler(on_irq);
	hvm_pic_init(0x20, 0x01);
	hvm_pit_periodic(RELOAD);
	outb(0x43, 0x00);                       /* latch counter 0 */
	uint16_t latched = inb(0x40);
	latched |= (uint16_t)(inb(0x40) << 8);
	if (latched == 0 || latched > RELOAD)
		hvm_fail("latched count %u outside 1..%u", latched, RELOAD);
	__asm__ volatile("sti");

	while (ticks == 0)
		__asm__ volatile("hlt");
	uint64_t t0 = rdtsc(), n0 = ticks;
	while (ticks - n0 < 20)
		__asm__ volatile("hlt");
	check("halting", ticks - n0, rdtsc() - t0, khz);

	uint64_t n1 = ticks, t1 = rdtsc(), last = t1, gaps = 0;
	while (ticks - n1 < 100) {
		uint64_t now = rdtsc();
		if (now - last >= GAP_TSC)
			gaps++;
		last = now;
	}
	check("spinning", ticks - n1, rdtsc() - t1, khz);
	printf("hvm-timer: preempted %lu times while spinning\n", gaps);
	if (!gaps)
		hvm_fail("never preempted while spinning beside a PV domain");
	printf("TEST PASS\n");
}
