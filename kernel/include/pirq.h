/*
 * Physical IRQs delivered as event channels (pirq.c): Xen's PIRQ model for
 * PV domains, GSIs only (I/O APIC inputs; no MSI).
 */
#pragma once
#include "lib.h"

/* Xen's nr_pirqs for a PV domU on a machine with 24 GSIs: the GSIs plus
 * Xen's default 32 extra PIRQs (extra_domU_irqs). */
#define NR_PIRQS 56

struct pirq_table {
	uint8_t gsi_plus1[NR_PIRQS];    /* 0: not mapped; else the GSI + 1 */
	uint16_t port[NR_PIRQS];        /* bound event channel; 0: none */
	bool inflight[NR_PIRQS];        /* delivered, not yet EOIed */
};

struct domain;

/* PHYSDEVOP_map_pirq of a GSI into target's PIRQ space (after the caller's
 * rights were checked): the PIRQ, or -EINVAL / -EEXIST / -ENOSPC. */
int pirq_map_gsi(struct domain *target, unsigned gsi, int want);
/* The GSI d's pirq is mapped to, or -1. */
int pirq_gsi(const struct domain *d, unsigned pirq);
int pirq_unmap(struct domain *d, unsigned pirq);
/* EVTCHNOP_bind_pirq's checks and binding (port already allocated). */
int pirq_bind_check(struct domain *d, uint32_t pirq, uint32_t flags);
void pirq_bind(struct domain *d, uint32_t pirq, uint32_t flags, uint32_t port);
void pirq_unbind(struct domain *d, uint32_t pirq, uint32_t port);
int pirq_eoi(struct domain *d, uint32_t pirq);
int pirq_status(struct domain *d, uint32_t pirq, uint32_t *flags);
/* The interrupt of GSI gsi arrived (vector PIRQ_VECTOR_BASE + gsi). */
void pirq_irq(unsigned gsi);
/* Unbind and unmap everything d has (domain teardown). */
void pirq_domain_destroy(struct domain *d);
