/*
 * Serial input for the initial domain, the Xen way: VIRQ_CONSOLE says
 * characters arrived, CONSOLEIO_read takes them (console_in.c).  The port
 * is kept masked and polled, so no upcall handler is involved.
 */
#pragma once
#include "events.h"

extern evtchn_port_t console_in_port;
extern unsigned console_in_virqs;       /* VIRQ_CONSOLE notifications seen */

void console_in_init(void);             /* events_init() first; binds VIRQ_CONSOLE */
/* Wait until VIRQ_CONSOLE is pending or system time passes deadline_ns;
 * clears it and returns true if it was pending. */
bool console_in_wait(uint64_t deadline_ns);
/* One line typed for us, without its end (a carriage return or newline),
 * NUL-terminated; reads `chunk` characters per CONSOLEIO_read.  Returns its
 * length, or -1 if no line end came within timeout_ns.  Characters after
 * the line end are kept for the next call. */
long console_in_line(char *buf, size_t size, unsigned chunk, uint64_t timeout_ns);
