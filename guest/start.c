/*
 * Guest start of day, console output and shutdown: the part of the runtime
 * every guest kernel shares, whichever C library it links with.
 * guest_start() keeps the start_info pointer, installs the trap table and
 * hands over to the C library layer (guest_libc_start: the freestanding one
 * in guest/freestanding/, newlib's system layer in guest/newlib/), which
 * runs main().  puts_raw() writes through console_io, one hypercall per
 * call; shutdown is final (the hypervisor never returns from it).
 */
#include "guest.h"

struct start_info *start_info;

void guest_traps_init(void);

void puts_raw(const char *s, size_t n)
{
	HYPERVISOR_console_io(CONSOLEIO_write, (unsigned)n, s);
}

noreturn void guest_shutdown(unsigned reason)
{
	struct sched_shutdown s = { reason };
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_shutdown, &s);
}

noreturn void guest_start(struct start_info *si)
{
	start_info = si;
	guest_traps_init();
	guest_libc_start();
}
