/*
 * Guest time (time.h).  The wall clock comes from the CMOS RTC, read once at
 * boot; after that, the TSC is the only clock, so wall time = boot wall time
 * + system time, exactly what the guest computes from shared_info.
 * The TSC-to-ns scale is lapic.c's, stored as Xen does: a 32.32 multiplier
 * applied after shifting the TSC delta.  A vCPU's record is in its
 * vcpu_info (which the guest may have moved); a vCPU that registered a
 * second copy (VCPUOP_register_vcpu_time_memory_area) gets it rewritten
 * too, under the same version protocol, through copy_to_guest.
 */
#include "console.h"
#include "guest_access.h"
#include "time.h"
#include "../arch/x86_64/cpu.h"
#include "../arch/x86_64/lapic.h"

static uint64_t boot_wall_sec;

static uint8_t cmos(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static unsigned bcd(uint8_t v, bool is_bcd)
{
	return is_bcd ? (v & 15) + (v >> 4) * 10 : v;
}

static uint64_t days_from_civil(unsigned y, unsigned m, unsigned d)
{
	/* Days since 1970-01-01 for a Gregorian date (Howard Hinnant's algorithm). */
	y -= m <= 2;
	unsigned era = y / 400, yoe = y - era * 400;
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (uint64_t)era * 146097 + doe - 719468;
}

void time_init(void)
{
	while (cmos(0x0a) & 0x80)               /* update in progress */
		cpu_relax();
	bool is_bcd = !(cmos(0x0b) & 4);
	unsigned sec = bcd(cmos(0x00), is_bcd), min = bcd(cmos(0x02), is_bcd);
	unsigned hour = bcd(cmos(0x04) & 0x7f, is_bcd), day = bcd(cmos(0x07), is_bcd);
	unsigned mon = bcd(cmos(0x08), is_bcd), year = bcd(cmos(0x09), is_bcd) + 2000;
	boot_wall_sec = days_from_civil(year, mon, day) * 86400 + hour * 3600 + min * 60 + sec;
	log_info("time: wall clock %lu s since the epoch at boot", boot_wall_sec);
}

void time_init_domain(struct domain *d)
{
	struct shared_info *s = d->shared_info;
	s->wc_version++;
	s->wc_sec = (uint32_t)boot_wall_sec;
	s->wc_sec_hi = (uint32_t)(boot_wall_sec >> 32);
	s->wc_nsec = 0;
	s->wc_version++;
}

/* Xen's update_secondary_system_time: odd version, the record, even version. */
static void time_copy_to_area(struct vcpu *v, const struct vcpu_time_info *t)
{
	struct vcpu_time_info copy = *t;
	copy.version = t->version - 1;
	if (copy_to_guest(v->time_area, &copy.version, sizeof(copy.version)))
		return;
	__asm__ volatile("" ::: "memory");
	copy_to_guest(v->time_area, &copy, sizeof(copy));
	__asm__ volatile("" ::: "memory");
	copy.version = t->version;
	copy_to_guest(v->time_area, &copy.version, sizeof(copy.version));
}

void time_update_vcpu(struct vcpu *v)
{
	struct vcpu_time_info *t = &v->vcpu_info->time;
	t->version++;
	__asm__ volatile("" ::: "memory");
	uint64_t tsc = rdtsc();
	t->tsc_timestamp = tsc;
	t->system_time = (uint64_t)((((unsigned __int128)((tsc - tsc_at_boot) << time_shift)) * time_mul) >> 32);
	t->tsc_to_system_mul = time_mul;
	t->tsc_shift = time_shift;
	t->flags = 1;                           /* XEN_PVCLOCK_TSC_STABLE_BIT */
	__asm__ volatile("" ::: "memory");
	t->version++;
	if (v->time_area)
		time_copy_to_area(v, t);
}
