/*
 * The XenStore layout of one vif, as Xen's toolstack (libxl_nic.c)
 * writes it before either end starts (design/driver-domain.md 4.1,
 * xen-pv-abi.md 15.5), and the MAC address text both ends read.  Used by
 * dom0 (dom0/d0_devices.c), the back-end domain and host tests.
 * Portable C.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "vbd_nodes.h"

struct vif_desc {
	unsigned frontend, backend;     /* domain ids */
	unsigned long devid;            /* the interface's index among its domain's (libxl's devid) */
	uint8_t mac[6];
};

/* "aa:bb:cc:dd:ee:ff" (lower-case hex) into out (at least 18 bytes). */
void vif_fmt_mac(char *out, const uint8_t mac[6]);
/* Exactly six two-digit hex bytes separated by ':' (either case). */
bool vif_parse_mac(const char *text, uint8_t mac[6]);

/* The nodes the toolstack writes for d, in libxl's order: frontend
 * backend, backend-id, state 1, handle, mac, trusted, then mtu (ro_front),
 * then the backend's frontend, frontend-id, online 1, state 1, mac,
 * bridge, handle, type vif.  No script and no hotplug-status: there is no
 * hotplug stage, the back end connects its port to the bridge itself.
 * Their number, or 0 if max is too small or a path does not fit. */
#define VIF_TOOLSTACK_NODES 15
#define VIF_BRIDGE_NAME "xenbr0"
unsigned vif_toolstack_nodes(const struct vif_desc *d, struct vbd_node *out, unsigned max);
