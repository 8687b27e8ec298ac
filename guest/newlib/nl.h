/*
 * newlib's system layer for Umbra guests (docs/guests.md): what newlib
 * calls for its system calls, over hypercalls.  Internal interfaces between
 * its files; a newlib program uses the C library and guest/ headers only.
 *
 *   nl_start.c    start of day: shared_info, heap, console; exit(main())
 *   nl_console.c  the console: console_io or the PV console ring
 *   nl_fd.c       file descriptors 0-2 on the console, stubs for the rest
 *   nl_heap.c     sbrk over the domain's own memory
 *   nl_time.c     gettimeofday, clock_gettime from shared_info's time
 *   nl_proc.c     _exit (shutdown, status printed), kill, getpid
 */
#pragma once
#include <stddef.h>
#include <sys/types.h>

void nl_console_init(void);
/* Write all of buf to the console; 0, or -1 if the ring is corrupt. */
int nl_console_write(const char *buf, size_t len);
/* Read 1..len bytes, waiting for the first; -1 with errno when no input
 * can ever come. */
ssize_t nl_console_read(char *buf, size_t len);
/* Whether the console's last byte so far was a newline (or none yet). */
int nl_console_at_line_start(void);

void nl_heap_init(void);
