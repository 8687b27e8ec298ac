/* dom0's XenStore service (d0_store.c). */
#pragma once
#include <stdbool.h>
#include <stdint.h>

/* Start the store; false if out of memory. */
bool d0_store_init(void);
/* Introduce every domain the hypervisor has that the store lacks, forget
 * those gone; the number of other domains alive. */
unsigned d0_store_sync(void);
/* The local ports to wait on (store rings), at most max; their count. */
unsigned d0_store_ports(uint32_t *ports, unsigned max);
/* An event came on local port p (or none: p = 0): serve the rings. */
void d0_store_serve(uint32_t p);
