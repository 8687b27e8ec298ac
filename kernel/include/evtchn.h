/*
 * Event channels, 2-level ABI (evtchn.c).
 *
 * A port is a small state machine per domain: free -> unbound (accepting one
 * remote domain) -> interdomain (joined to a peer port) -> back to unbound
 * when the peer closes; or bound to a VIRQ, an IPI or a PIRQ (a device
 * interrupt the domain was given, pirq.c).  Port 0 is reserved.
 * Each port notifies one vCPU of its domain (bind_vcpu moves it; VIRQ and
 * IPI ports are fixed to theirs).
 *
 * Ports exist in buckets of EVTCHN_BUCKET_PORTS, as in Xen: a domain starts
 * with the first bucket, and the next one is added when allocation needs a
 * port beyond it; only ports in existing buckets are valid, and every
 * operation checks a port against that before it touches anything
 * (XSA-221).  Allocation never returns a port above the domain's limit
 * (Xen's max_evtchn_port), at most 4095 in the 2-level ABI.  Raising a port
 * follows Xen's algorithm exactly: pending bit, then (if unmasked) the
 * notified vCPU's selector bit, then its upcall_pending, then wake it; the
 * upcall itself happens on that vCPU's next return to the guest
 * (pv_deliver_events).  The FIFO ABI is not offered (EVTCHNOP_init_control,
 * expand_array, set_priority answer as a Xen built without it).
 */
#pragma once
#include "public/event_channel.h"
#include "public/xen.h"
#include "lib.h"

struct domain;
struct vcpu;

#define EVTCHN_MAX_PORTS     EVTCHN_2L_NR_CHANNELS   /* 4096: the 2-level ABI on 64-bit */
#define EVTCHN_DEFAULT_PORTS 1024       /* ports 0-1023: xl's default max_evtchn_port of 1023 */
#define EVTCHN_BUCKET_PORTS  64         /* Xen's EVTCHNS_PER_BUCKET on x86-64 */

enum evtchn_state { ECS_FREE, ECS_RESERVED, ECS_UNBOUND, ECS_INTERDOMAIN, ECS_PIRQ, ECS_VIRQ, ECS_IPI };

struct evtchn {
	uint8_t state;
	uint8_t notify_vcpu;
	uint16_t virq;                          /* the VIRQ, or for ECS_PIRQ the PIRQ */
	domid_t remote_dom;                     /* unbound: who may bind; interdomain: the peer */
	uint16_t pad;
	uint32_t remote_port;
	uint32_t pad2;
};                                              /* 16 bytes */

#define EVTCHN_PER_FRAME (4096 / sizeof(struct evtchn))

struct evtchn_table {
	uint32_t max_port;                      /* the highest port allocation may return */
	uint32_t valid;                         /* ports [0, valid) exist: whole buckets */
	struct evtchn *frame[EVTCHN_MAX_PORTS / EVTCHN_PER_FRAME];     /* hypervisor frames */
};

/* Set d's limit to nr_ports ports (0: the default, all 4096 for a privileged
 * domain as for Xen's dom0, else EVTCHN_DEFAULT_PORTS), creating the first
 * bucket if d has none yet: 0 or -ENOMEM. */
int evtchn_init(struct domain *d, uint32_t nr_ports);
void evtchn_destroy(struct domain *d);          /* closes every port; peers see them unbound */
void evtchn_free(struct domain *d);             /* gives back the table's frames */
long evtchn_op(struct domain *d, unsigned cmd, uint64_t arg);
void evtchn_send_virq(struct vcpu *v, unsigned virq);
/* A global VIRQ (VIRQ_DOM_EXC...) goes to the initial domain's binding, Xen's
 * default handler (its hardware domain); nothing if unbound. */
void evtchn_send_global_virq(unsigned virq);
/* EVTCHNOP_alloc_unbound done by the hypervisor for d (the builder's store and
 * console ports): the port, or -errno. */
int evtchn_alloc_unbound_in(struct domain *d, domid_t remote);
/* SCHEDOP_poll's check of one port (Xen's evtchn_port_poll): -EINVAL for a
 * port that is not valid or not in use, else whether it is pending. */
int evtchn_poll_port(struct domain *d, uint32_t port);
uint32_t evtchn_ports_in_use(struct domain *d);
/* Raise d's port from the hypervisor (a device interrupt, pirq.c). */
void evtchn_raise(struct domain *d, uint32_t port);
/* Set v's upcall_pending and wake it, if it was clear (Xen's vcpu_mark_events_pending). */
void evtchn_mark_vcpu_pending(struct vcpu *v);
