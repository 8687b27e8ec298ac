/* dom0's toolstack side of split devices (d0_devices.c). */
#pragma once
#include <stdint.h>

/* Domain domid (named name) has its XenStore home and is about to be
 * introduced (so it cannot read the store yet): write the frontend and
 * backend directories of every disk and interface its description gives it. */
void d0_devices_add(uint16_t domid, const char *name);
/* Domain domid is gone: remove the backend directories that served it. */
void d0_devices_gone(uint16_t domid);
/* The live domain named name (as the shell names domains): its id, or -1. */
long d0_domid_of(const char *name);
