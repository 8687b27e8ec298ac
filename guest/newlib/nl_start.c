/*
 * Start of day of a newlib guest: map shared_info and register the event
 * callback (events_init: time and event channels need them), lay out the
 * heap, pick the console, then run main() and exit() with what it returns,
 * which flushes stdio, runs atexit handlers and ends in _exit (nl_proc.c).
 * No constructors run: the link has no init arrays.
 */
#include <stdlib.h>
#include "events.h"
#include "nl.h"

noreturn void guest_libc_start(void)
{
	events_init();
	nl_heap_init();
	nl_console_init();
	exit(main());
}
