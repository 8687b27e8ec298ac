/* dom0's console back end (d0_console.c). */
#pragma once
#include <stdint.h>

/* Attach to the console ring of every domain that has one and is not yet
 * served; detach from those gone (their last partial line printed). */
void d0_console_sync(void);
/* The local ports to wait on, at most max; their count. */
unsigned d0_console_ports(uint32_t *ports, unsigned max);
/* An event came on local port p: drain that domain's output ring. */
void d0_console_serve(uint32_t p);
