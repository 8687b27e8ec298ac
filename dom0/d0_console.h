/* dom0's console back end (d0_console.c). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "domctl.h"

/* Attach to the console ring of every domain that has one and is not yet
 * served; detach from those gone (their last partial line printed). */
void d0_console_sync(void);
/* Serve the console page and port in x (a domain dom0 built), tagging
 * its lines with x->name. */
void d0_console_add(const struct umbra_domctl_getinfo_ext *x);
/* The local ports to wait on, at most max; their count. */
unsigned d0_console_ports(uint32_t *ports, unsigned max);
/* An event came on local port p: drain that domain's output ring. */
void d0_console_serve(uint32_t p);
/* Whether domid's console is served (attached, its ring sound). */
bool d0_console_serves(uint16_t domid);
/* Put typed input into domid's in ring and signal it: the bytes taken
 * (what does not fit is dropped), or -1 if its console is not served. */
long d0_console_input(uint16_t domid, const char *buf, size_t n);
