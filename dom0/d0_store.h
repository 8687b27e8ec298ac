/* dom0's XenStore service (d0_store.c). */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "domctl.h"
#include "public/io/xs_wire.h"

/* Start the store; false if out of memory. */
bool d0_store_init(void);
/* Introduce every domain the hypervisor has that the store lacks, forget
 * those gone; the number of other domains alive. */
unsigned d0_store_sync(void);
/* A domain dom0 built: give it its home and introduce it with the store
 * page and port in x (the store's answer is printed). */
void d0_store_add(const struct umbra_domctl_getinfo_ext *x);
/* The local ports to wait on (store rings), at most max; their count. */
unsigned d0_store_ports(uint32_t *ports, unsigned max);
/* An event came on local port p (or none: p = 0): serve the rings. */
void d0_store_serve(uint32_t p);
/* One request of dom0's own (type XS_*, payload as on the wire): 0 with
 * the reply's payload in reply (NUL-terminated, at most max - 1 bytes,
 * *rlen of them), or -1 with the error's name there (XS_ERROR's payload). */
int d0_store_request(uint32_t type, const void *payload, uint32_t len, char *reply, uint32_t max, uint32_t *rlen);
/* The same inside transaction tx (0: none). */
int d0_store_request_tx(uint32_t tx, uint32_t type, const void *payload, uint32_t len, char *reply, uint32_t max,
			uint32_t *rlen);
