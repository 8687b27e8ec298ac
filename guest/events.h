/*
 * Guest side of event channels and time.
 *
 * events_init() maps shared_info (update_va_mapping onto a page reserved in
 * the image), registers the event callback and unmasks upcalls.  Handlers
 * are per port; the upcall scans the 2-level bitmaps the way the ABI
 * prescribes: clear upcall_pending, take the selector, then each pending and
 * unmasked port, clearing its pending bit before calling its handler.
 * system_time_ns() computes Xen system time from the TSC and vcpu_time_info.
 * The upcall and events_wait() act on the running vCPU's own vcpu_info
 * (guest/vcpu.h), and the upcall handles only the ports bound to that vCPU
 * (events_set_vcpu), so every vCPU of a domain can take its own events.
 */
#pragma once
#include "guest.h"
#include "public/event_channel.h"

typedef void event_handler(evtchn_port_t port, void *arg);

extern struct shared_info *shared_info;

void events_init(void);
void events_bind(evtchn_port_t port, event_handler *fn, void *arg);
void events_unmask(evtchn_port_t port);
/* The port notifies that vCPU now (bind_ipi, a per-vCPU VIRQ, bind_vcpu):
 * only that vCPU's upcall handles it. */
void events_set_vcpu(evtchn_port_t port, unsigned vcpu);
void events_mask(evtchn_port_t port);
uint64_t system_time_ns(void);
/* Block (SCHEDOP_block) until fn(arg) is true; events are delivered
 * meanwhile.  fn is checked with upcalls masked, so no wake-up is lost. */
void events_wait(bool (*fn)(void *arg), void *arg);

long evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port);
long evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port, evtchn_port_t *port);
long evtchn_bind_virq(unsigned virq, evtchn_port_t *port);
long evtchn_send(evtchn_port_t port);
long evtchn_close(evtchn_port_t port);
/* The port's pending bit in shared_info; clear it (atomically). */
bool events_pending(evtchn_port_t port);
void events_clear(evtchn_port_t port);
/* SCHEDOP_poll: sleep until a listed port is pending (even masked) or the
 * absolute system time deadline_ns passes (0: no timeout). */
long evtchn_poll(const evtchn_port_t *ports, unsigned nr_ports, uint64_t deadline_ns);
/* EVTCHNOP_status of dom's port (DOMID_SELF, or another domain if privileged). */
long evtchn_status_of(domid_t dom, evtchn_port_t port, struct evtchn_status *st);
