/*
 * Local APIC timer and time base.
 *
 * The legacy PICs are masked; the interrupt sources are the LAPIC timer,
 * periodic at TICK_HZ, which drives preemption, and the serial port's input
 * through the I/O APIC (ioapic.c).  Both the LAPIC timer and the
 * TSC are calibrated once against PIT channel 2 (10 ms), so "ticks" and
 * nanoseconds mean the same under TCG and on hardware.  System time is kept
 * in Xen's scaled form (a 32-bit multiplier after a shift), the same numbers
 * guests get in vcpu_time_info, so guest and hypervisor agree exactly.
 */
#include "console.h"
#include "cpu.h"
#include "lapic.h"
#include "mm.h"

#define LAPIC_PHYS   0xFEE00000ull
#define LAPIC_ID     0x020
#define LAPIC_EOI    0x0B0
#define LAPIC_SVR    0x0F0
#define LAPIC_LVT_T  0x320
#define LAPIC_TICR   0x380
#define LAPIC_TCCR   0x390
#define LAPIC_TDCR   0x3E0

uint64_t tsc_khz;
uint64_t tsc_at_boot;
uint32_t time_mul;                      /* ns = ((ticks << time_shift) * time_mul) >> 32 */
int8_t time_shift;
static uint32_t lapic_ticks_per_tick;

static volatile uint32_t *lapic_reg(uint32_t off)
{
	return (volatile uint32_t *)(DIRECTMAP_BASE + LAPIC_PHYS + off);
}

void lapic_eoi(void)
{
	*lapic_reg(LAPIC_EOI) = 0;
}

uint32_t lapic_id(void)
{
	return *lapic_reg(LAPIC_ID) >> 24;
}

/* Busy-wait 10 ms on PIT channel 2; returns TSC and LAPIC counts elapsed. */
static void pit_calibrate(uint64_t *tsc_delta, uint32_t *apic_delta)
{
	const uint16_t count = 11932;           /* 1193182 Hz / 100 */
	outb(0x61, (uint8_t)((inb(0x61) & ~0x02) | 0x01));
	outb(0x43, 0xb0);                       /* channel 2, lobyte/hibyte, mode 0 */
	outb(0x42, count & 0xff);
	outb(0x42, count >> 8);
	*lapic_reg(LAPIC_TDCR) = 0x3;           /* divide by 16 */
	*lapic_reg(LAPIC_LVT_T) = 1u << 16;     /* masked, one-shot */
	*lapic_reg(LAPIC_TICR) = 0xffffffff;
	uint64_t t0 = rdtsc();
	while (!(inb(0x61) & 0x20))
		cpu_relax();
	*tsc_delta = rdtsc() - t0;
	*apic_delta = 0xffffffff - *lapic_reg(LAPIC_TCCR);
}

void lapic_init(void)
{
	outb(0x21, 0xff);                       /* mask both 8259s */
	outb(0xa1, 0xff);
	wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | (1u << 11));
	*lapic_reg(LAPIC_SVR) = 0x100 | VEC_SPURIOUS;
	uint64_t dt;
	uint32_t da;
	pit_calibrate(&dt, &da);
	tsc_khz = dt / 10;
	uint64_t mul = (1000000ull << 32) / tsc_khz;
	while (mul >= (1ull << 32)) {           /* TSC slower than 1 GHz */
		mul >>= 1;
		time_shift++;
	}
	time_mul = (uint32_t)mul;
	tsc_at_boot = rdtsc();
	lapic_ticks_per_tick = da * 100 / TICK_HZ;
	if (!lapic_ticks_per_tick)
		lapic_ticks_per_tick = 1;
	log_info("time: TSC %lu kHz, LAPIC timer %u counts per %u Hz tick", tsc_khz,
		 lapic_ticks_per_tick, TICK_HZ);
	*lapic_reg(LAPIC_TDCR) = 0x3;
	*lapic_reg(LAPIC_LVT_T) = VEC_TIMER | (1u << 17);   /* periodic */
	*lapic_reg(LAPIC_TICR) = lapic_ticks_per_tick;
}

uint64_t now_ns(void)
{
	uint64_t d = rdtsc() - tsc_at_boot;
	return (uint64_t)(((unsigned __int128)(d << time_shift) * time_mul) >> 32);
}
