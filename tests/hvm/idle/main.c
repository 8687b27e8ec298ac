/*
 * An HVM guest that stays a while: it halts between the ticks of its PIT
 * (100 Hz) for the number of seconds its command line gives (default 5),
 * then powers off.  tests/systems/hvm-debug-key presses 'v' meanwhile.
 */
#include "hvm_guest.h"

static volatile uint64_t ticks;

static void on_irq(unsigned vector)
{
	if (vector == 0x20)
		ticks++;
	hvm_pic_eoi();
}

void hvm_main(const char *cmdline, const struct hvm_start_info *si)
{
	(void)si;
	uint64_t seconds = 0;
	for (const char *c = cmdline; *c >= '0' && *c <= '9'; c++)
		seconds = seconds * 10 + (uint64_t)(*c - '0');
	if (!seconds)
		seconds = 5;
	hvm_set_irq_handler(on_irq);
	hvm_pic_init(0x20, 0x01);
	hvm_pit_periodic(11932);
	__asm__ volatile("sti");
	printf("hvm-idle: waiting %lu s\n", seconds);
	while (ticks < seconds * 100)
		__asm__ volatile("hlt");
	printf("hvm-idle: %lu ticks, done\n", ticks);
	printf("TEST PASS\n");
}
