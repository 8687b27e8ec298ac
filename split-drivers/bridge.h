/*
 * The back-end domain's Ethernet bridge (bridge.c): a learning switch
 * between ports.  A port is anything that can take a frame and hand the
 * frames it receives to bridge_input: each guest's vif (netback) now, the
 * driver domain's virtio-net NIC later.  Portable C, host-tested
 * (tests/unit/netif).
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define BRIDGE_PORTS 16
#define BRIDGE_FDB   64         /* learned and fixed addresses */

/* How the bridge hands a port a frame (14..1514 bytes, only valid during
 * the call: copy it).  It must not call back into the bridge. */
struct bridge_port_ops {
	void (*send)(void *ctx, const uint8_t *frame, unsigned len);
	void *ctx;
};

struct bridge_port {
	bool used, locked;              /* locked: frames must come from mac */
	uint8_t mac[6];
	struct bridge_port_ops ops;
	uint64_t in, out, spoofed;      /* frames taken, given, refused for their source */
};

struct bridge_fdb {
	bool used, fixed;               /* fixed: a locked port's own address, never relearned */
	uint8_t mac[6];
	uint8_t port;
	uint32_t stamp;                 /* last seen (the oldest learned entry is replaced) */
};

struct bridge {
	struct bridge_port port[BRIDGE_PORTS];
	struct bridge_fdb fdb[BRIDGE_FDB];
	uint32_t clock;
	uint64_t flooded, filtered, runts;
};

void bridge_init(struct bridge *b);
/* A new port; mac non-NULL locks it to that source address (a guest's vif,
 * from its description).  The port number, or -1 when the bridge is full
 * or mac is already another locked port's. */
int bridge_add_port(struct bridge *b, const struct bridge_port_ops *ops, const uint8_t *mac);
/* The port goes away with every address learned on it. */
void bridge_del_port(struct bridge *b, int port);
/* A frame received on port: learn its source, forward it to the port that
 * has its destination, or flood it to every other port (broadcast,
 * multicast, unknown).  Frames shorter than 14 bytes, or from a locked
 * port with another source address, are dropped. */
void bridge_input(struct bridge *b, int port, const uint8_t *frame, unsigned len);
