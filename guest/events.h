/*
 * Guest side of event channels and time.
 *
 * events_init() maps shared_info (update_va_mapping onto a page reserved in
 * the image), registers the event callback and unmasks upcalls.  Handlers
 * are per port; the upcall scans the 2-level bitmaps the way the ABI
 * prescribes: clear upcall_pending, take the selector, then each pending and
 * unmasked port, clearing its pending bit before calling its handler.
 * system_time_ns() computes Xen system time from the TSC and vcpu_time_info.
 */
#pragma once
#include "guest.h"
#include "public/event_channel.h"

typedef void event_handler(evtchn_port_t port, void *arg);

extern struct shared_info *shared_info;

void events_init(void);
void events_bind(evtchn_port_t port, event_handler *fn, void *arg);
void events_unmask(evtchn_port_t port);
void events_mask(evtchn_port_t port);
uint64_t system_time_ns(void);
/* Block until fn(arg) is true; events are delivered meanwhile. */
void events_wait(bool (*fn)(void *arg), void *arg);

long evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port);
long evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port, evtchn_port_t *port);
long evtchn_bind_virq(unsigned virq, evtchn_port_t *port);
long evtchn_send(evtchn_port_t port);
long evtchn_close(evtchn_port_t port);
