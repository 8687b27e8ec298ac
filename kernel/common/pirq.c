/*
 * Device interrupts for PV domains, as Xen delivers them: a GSI (an I/O
 * APIC input) is mapped to a PIRQ number of a domain (PHYSDEVOP_map_pirq),
 * the domain binds the PIRQ to an event channel (EVTCHNOP_bind_pirq), and
 * each interrupt sets that channel pending.  PCI INTx lines are
 * level-triggered, so Xen's "unmask" acknowledgement is used: on the
 * interrupt the I/O APIC pin is masked and the LAPIC EOI sent at once; the
 * pin is unmasked again only when every domain that received the interrupt
 * has issued PHYSDEVOP_eoi for its PIRQ.  Until then the line cannot fire
 * again, so a device that keeps its line asserted cannot storm the CPU.
 *
 * Invariants:
 *   - a PIRQ maps only a GSI that is in its domain's GSI set (iocap.c);
 *   - a line is unmasked only while at least one domain is bound to it and
 *     no bound domain has an interrupt in flight;
 *   - a line is shared by several bindings only if each asked for it
 *     (BIND_PIRQ__WILL_SHARE), else -EBUSY, as in Xen;
 *   - a dying domain leaves no binding behind (pirq_domain_destroy): its
 *     lines are masked when it was their last user, and an interrupt it
 *     never acknowledged no longer blocks the others.
 * Not done (Xen does): the 1 ms timer with which Xen EOIs for a domain that
 * does not, so a bound domain that never EOIs keeps a shared line masked
 * for the others; MSI and MSI-X; the pirq_eoi_gmfn bitmap.
 */
#include "console.h"
#include "domain.h"
#include "evtchn.h"
#include "iocap.h"
#include "pirq.h"
#include "public/event_channel.h"
#include "public/physdev.h"
#include "../arch/x86_64/ioapic.h"
#include "../arch/x86_64/layout.h"

#define LINE_SHARERS 4

struct binding {
	struct domain *d;
	uint16_t pirq;
	bool share;
};

static struct line {
	unsigned nbound;
	struct binding b[LINE_SHARERS];
} lines[IOCAP_NR_GSIS];

int pirq_gsi(const struct domain *d, unsigned pirq)
{
	if (pirq >= NR_PIRQS || !d->pirq.gsi_plus1[pirq])
		return -1;
	return d->pirq.gsi_plus1[pirq] - 1;
}

int pirq_map_gsi(struct domain *t, unsigned gsi, int want)
{
	if (gsi >= IOCAP_NR_GSIS)
		return -XEN_EINVAL;
	for (unsigned p = 0; p < NR_PIRQS; p++)
		if (pirq_gsi(t, p) == (int)gsi) {
			if (want >= 0 && (unsigned)want != p)
				return -XEN_EEXIST;
			return (int)p;
		}
	if (want >= NR_PIRQS)
		return -XEN_EINVAL;
	if (want >= 0) {
		if (t->pirq.gsi_plus1[want])
			return -XEN_EEXIST;
	} else {
		want = -1;
		for (unsigned p = 16; p < NR_PIRQS && want < 0; p++)
			if (!t->pirq.gsi_plus1[p])
				want = (int)p;
		if (want < 0)
			return -XEN_ENOSPC;
	}
	t->pirq.gsi_plus1[want] = (uint8_t)(gsi + 1);
	return want;
}

static bool line_in_flight(const struct line *l)
{
	for (unsigned i = 0; i < l->nbound; i++)
		if (l->b[i].d->pirq.inflight[l->b[i].pirq])
			return true;
	return false;
}

/* Unmask when someone listens and nobody still owes an EOI; else keep masked. */
static void line_update(unsigned gsi)
{
	struct line *l = &lines[gsi];
	if (l->nbound && !line_in_flight(l))
		ioapic_unmask(gsi);
	else
		ioapic_mask(gsi);
}

int pirq_bind_check(struct domain *d, uint32_t pirq, uint32_t flags)
{
	if (pirq >= NR_PIRQS)
		return -XEN_EINVAL;
	int gsi = pirq_gsi(d, pirq);
	if (gsi < 0 || !iocap_gsi_ok(d, (unsigned)gsi))
		return -XEN_EPERM;
	if (d->pirq.port[pirq])
		return -XEN_EEXIST;
	struct line *l = &lines[gsi];
	if (l->nbound == LINE_SHARERS)
		return -XEN_EBUSY;
	for (unsigned i = 0; i < l->nbound; i++)
		if (!l->b[i].share || !(flags & BIND_PIRQ__WILL_SHARE))
			return -XEN_EBUSY;
	return 0;
}

void pirq_bind(struct domain *d, uint32_t pirq, uint32_t flags, uint32_t port)
{
	unsigned gsi = (unsigned)pirq_gsi(d, pirq);
	struct line *l = &lines[gsi];
	if (!l->nbound)
		ioapic_route_level(gsi, (uint8_t)(VEC_GSI_BASE + gsi));
	l->b[l->nbound++] = (struct binding){ d, (uint16_t)pirq, flags & BIND_PIRQ__WILL_SHARE };
	d->pirq.port[pirq] = (uint16_t)port;
	d->pirq.inflight[pirq] = false;
	line_update(gsi);
}

/* Drop d's binding of pirq from its line, if it has one. */
static void line_unbind(struct domain *d, uint32_t pirq)
{
	int gsi = pirq_gsi(d, pirq);
	if (gsi < 0 || !d->pirq.port[pirq])
		return;
	struct line *l = &lines[gsi];
	for (unsigned i = 0; i < l->nbound; i++)
		if (l->b[i].d == d && l->b[i].pirq == pirq) {
			l->b[i] = l->b[--l->nbound];
			break;
		}
	d->pirq.port[pirq] = 0;
	d->pirq.inflight[pirq] = false;
	line_update((unsigned)gsi);
}

void pirq_unbind(struct domain *d, uint32_t pirq, uint32_t port)
{
	if (pirq < NR_PIRQS && d->pirq.port[pirq] == port)
		line_unbind(d, pirq);
}

int pirq_unmap(struct domain *d, unsigned pirq)
{
	if (pirq_gsi(d, pirq) < 0)
		return -XEN_EINVAL;
	line_unbind(d, pirq);
	d->pirq.gsi_plus1[pirq] = 0;
	return 0;
}

int pirq_eoi(struct domain *d, uint32_t pirq)
{
	int gsi = pirq_gsi(d, pirq);
	if (gsi < 0)
		return -XEN_EINVAL;
	if (d->pirq.inflight[pirq]) {
		d->pirq.inflight[pirq] = false;
		line_update((unsigned)gsi);
	}
	return 0;
}

int pirq_status(struct domain *d, uint32_t pirq, uint32_t *flags)
{
	if (pirq >= NR_PIRQS)
		return -XEN_EINVAL;
	*flags = XENIRQSTAT_needs_eoi;
	int gsi = pirq_gsi(d, pirq);
	if (gsi >= 0 && lines[gsi].nbound > 1)
		*flags |= XENIRQSTAT_shared;
	return 0;
}

void pirq_irq(unsigned gsi)
{
	ioapic_mask(gsi);
	struct line *l = &lines[gsi];
	for (unsigned i = 0; i < l->nbound; i++) {
		struct domain *d = l->b[i].d;
		d->pirq.inflight[l->b[i].pirq] = true;
		evtchn_raise(d, d->pirq.port[l->b[i].pirq]);
	}
}

void pirq_domain_destroy(struct domain *d)
{
	for (unsigned p = 0; p < NR_PIRQS; p++)
		if (d->pirq.gsi_plus1[p])
			pirq_unmap(d, p);
}
