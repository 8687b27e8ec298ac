/*
 * The driver platform (plat.h) for a Xen-ABI PV driver domain built as a
 * newlib guest: see plat_pv.c.
 */
#pragma once
#include "plat.h"

/* PHYSDEVOP_set_iopl(1) and the function table; 0 or the hypervisor's
   error (a domain the hypervisor gives no ports cannot drive devices). */
int plat_pv_init(struct plat *p);
