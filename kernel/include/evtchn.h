/*
 * Event channels, 2-level ABI (evtchn.c).
 *
 * A port is a small state machine per domain: free -> unbound (accepting one
 * remote domain) -> interdomain (joined to a peer port) -> back to unbound
 * when the peer closes; or bound to a VIRQ or an IPI.  Port 0 is reserved.
 * Every operation checks the port against the domain's limit before it
 * touches anything (XSA-221).  Raising a port follows Xen's algorithm
 * exactly: pending bit, then (if unmasked) selector bit, then upcall_pending,
 * then wake the vCPU; the upcall itself happens on the next return to the
 * guest (pv_deliver_events).
 */
#pragma once
#include "public/event_channel.h"
#include "lib.h"

struct domain;
struct vcpu;

#define EVTCHN_MAX_PORTS 1024           /* per domain in this build (the ABI allows 4096) */

enum evtchn_state { ECS_FREE, ECS_RESERVED, ECS_UNBOUND, ECS_INTERDOMAIN, ECS_PIRQ, ECS_VIRQ, ECS_IPI };

struct evtchn {
	uint8_t state;
	uint8_t notify_vcpu;
	uint16_t virq;
	domid_t remote_dom;                     /* unbound: who may bind; interdomain: the peer */
	uint32_t remote_port;
};

struct evtchn_table {
	uint32_t max_ports;                     /* ports [0, max_ports) exist */
	struct evtchn port[EVTCHN_MAX_PORTS];
};

void evtchn_init(struct domain *d, uint32_t max_ports);
void evtchn_destroy(struct domain *d);          /* closes every port; peers see them unbound */
long evtchn_op(struct domain *d, unsigned cmd, uint64_t arg);
void evtchn_send_virq(struct vcpu *v, unsigned virq);
bool evtchn_port_pending(struct domain *d, uint32_t port);
bool evtchn_port_valid(struct domain *d, uint32_t port);
uint32_t evtchn_ports_in_use(struct domain *d);
