/*
 * memory_op (hypercall 12), shared by its files: hc_memory.c (dispatch and
 * the queries), hc_memory_reservation.c (increase, decrease, populate),
 * hc_memory_exchange.c and hc_memory_other.c (memory maps and Xen's answers
 * for what Umbra does not implement).  docs/domains.md explains the rules.
 */
#pragma once
#include "domain.h"
#include "public/memory.h"

/* Xen's largest extent order a caller may use: 18 for the control
   (privileged) domain, 9 for every other (x86 CONFIG_DOMU_MAX_ORDER). */
#define MEMOP_MAX_ORDER_CTL   18
#define MEMOP_MAX_ORDER_DOMU  9
unsigned memop_max_order(const struct domain *caller);

/* rcu_lock_domain_by_any_id: DOMID_SELF or any live domain's id, else NULL. */
struct domain *memop_domain(domid_t id);
/* Xen's XSM_TARGET default: the caller itself, or a privileged caller. */
bool memop_may_target(const struct domain *caller, const struct domain *d);

/* Xen's guest_handle_subrange_okay for an array of 8-byte elements: the
   element count does not overflow and the first element of the range
   [first, last] is at an address a guest may name.  Every element is then
   copied on its own, and each copy is checked again (guest_access.h). */
bool memop_array_ok(uint64_t base, uint64_t first, uint64_t last);

/* Frames for d: a zeroed, aligned run of 2^order frames with every MFN below
   `below`, assigned to d and counted in d->nr_pages, when d stays within
   max_pages (Xen's alloc_domheap_pages and assign_pages); 0 otherwise. */
uint64_t memop_alloc(struct domain *d, unsigned order, uint64_t below);
/* The MFN limit for XENMEMF address bits (0: none); 0 when no frame can
   satisfy them (Xen's allocator needs at least 14 bits). */
uint64_t memop_bits_limit(unsigned bits);

/* Preempt the loop at item i (not the first one done in this call)? */
bool memop_preempt(uint64_t i, uint64_t first);

long memop_reservation(unsigned op, uint64_t start, uint64_t arg);
long memop_exchange(uint64_t arg);
long memop_other(uint64_t cmd, uint64_t arg);
void memop_domain_destroy(struct domain *d);
