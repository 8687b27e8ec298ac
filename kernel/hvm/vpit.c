/*
 * Counter 0 of an 8254 programmable interval timer, driving IRQ 0 of an
 * HVM guest's PIC; the hypervisor's own system time is its clock.
 *
 * The counter counts down at 1,193,182 Hz from its reload value.  Modes 2
 * and 3 (rate generator, square wave) tick every reload counts; mode 0
 * (interrupt on terminal count) ticks once.  The command port takes the
 * counter-0 commands (access mode, operating mode, counter latch);
 * counters 1 and 2 and read-back are not emulated (their commands are
 * ignored).  Reading port 0x40 gives the current count (or the latched
 * one), low byte then high byte as the access mode says.  No tick is lost
 * while the guest is descheduled: ticks due are counted and raised on
 * IRQ 0 one at a time, each once the previous one has been taken (at most
 * PIT_MAX_PENDING wait, so a long pause does not become a storm).
 */
#include "hvm_dev.h"

#define PIT_HZ 1193182ull
#define PIT_MAX_PENDING 100

static uint64_t reload_counts(const struct vpit *t)
{
	return t->reload ? t->reload : 65536;
}

static int64_t period_ns(const struct vpit *t)
{
	return (int64_t)(reload_counts(t) * 1000000000ull / PIT_HZ);
}

static uint16_t current_count(const struct vpit *t, int64_t now)
{
	if (!t->running)
		return t->reload;
	uint64_t elapsed = (uint64_t)(now - t->start_ns) * PIT_HZ / 1000000000ull;
	uint64_t n = reload_counts(t);
	if (t->mode == 0)
		return elapsed >= n ? 0 : (uint16_t)(n - elapsed);
	return (uint16_t)(n - elapsed % n);
}

static void load(struct vpit *t, int64_t now)
{
	t->running = true;
	t->start_ns = now;
	t->next_ns = now + period_ns(t);
	t->pending = 0;
}

uint8_t vpit_read(struct vpit *t, unsigned reg, int64_t now)
{
	if (reg != 0)
		return 0;                       /* counters 1, 2; the command port is write-only */
	uint16_t c = t->latched_valid ? t->latched : current_count(t, now);
	bool msb = t->access == 2 || (t->access == 3 && t->read_msb_next);
	if (t->access == 3)
		t->read_msb_next = !t->read_msb_next;
	if (t->latched_valid && (t->access != 3 || !t->read_msb_next))
		t->latched_valid = 0;
	return msb ? (uint8_t)(c >> 8) : (uint8_t)c;
}

void vpit_write(struct vpit *t, unsigned reg, uint8_t v, int64_t now)
{
	if (reg == 3) {
		if (v >> 6)
			return;                 /* counters 1, 2 and read-back */
		unsigned access = (v >> 4) & 3;
		if (!access) {                  /* counter latch */
			t->latched = current_count(t, now);
			t->latched_valid = 1;
			t->read_msb_next = 0;
			return;
		}
		t->access = (uint8_t)access;
		t->mode = (v >> 1) & 7;
		if (t->mode > 5)
			t->mode &= 3;           /* 6 and 7 alias 2 and 3 */
		t->running = false;
		t->lsb_written = false;
		t->read_msb_next = 0;
		return;
	}
	if (reg != 0)
		return;
	if (t->access == 1) {
		t->reload = v;
	} else if (t->access == 2) {
		t->reload = (uint16_t)(v << 8);
	} else if (!t->lsb_written) {
		t->lsb = v;
		t->lsb_written = true;
		return;
	} else {
		t->reload = (uint16_t)(t->lsb | (v << 8));
		t->lsb_written = false;
	}
	load(t, now);
}

void vpit_update(struct vpit *t, struct vpic *master, int64_t now)
{
	while (t->running && now >= t->next_ns) {
		if (t->pending < PIT_MAX_PENDING)
			t->pending++;
		if (t->mode == 0) {
			t->running = false;     /* one shot: the count stays at 0 */
			t->reload = 0;
			break;
		}
		t->next_ns += period_ns(t);
	}
	if (t->pending && !(master->irr & 1)) {
		t->pending--;
		t->ticks++;
		vpic_raise(master, 0);
	}
}
