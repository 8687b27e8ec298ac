/*
 * The rules a transmitted packet must pass before netback copies a byte of
 * it (public io/netif.h wire format; design/driver-domain.md 5.4; the
 * limits of Linux netback's xenvif_count_requests and xenvif_get_extras):
 *
 *   fatal (the front end is disconnected, nothing is answered):
 *   - the packet's slots (its extra-info and NETTXF_more_data chain) run
 *     past the requests the front end published: a front end publishes a
 *     packet whole, so a chain without an end is a broken ring;
 *   - more than 20 request slots in one packet (an endless chain);
 *   - more than 4 extra-info slots, or an extra-info type 0 or >= MAX;
 *   - a fragment whose offset + length passes the end of its page;
 *   dropped (every slot answered NETIF_RSP_ERROR, nothing sent on):
 *   - 19 or 20 request slots (a back end must accept 18);
 *   - later fragments larger than the packet's total size;
 *   - a GSO extra (not offered: no feature-gso-* is advertised);
 *   - a frame shorter than an Ethernet header or longer than 1514 bytes.
 * Multicast-control and hash extras are read and ignored (multicast
 * filtering is not offered, so multicast is flooded anyway).
 * Grant references are judged by the hypervisor at copy time.
 * Portable C.
 */
#include "netif_check.h"

static enum netif_tx_verdict verdict(enum netif_tx_verdict v, const char *rule, const char **why)
{
	*why = rule;
	return v;
}

/* Copy slot k of the packet (ring index cons + k) once. */
static void take(const union netif_tx_sring_entry *ring, uint32_t slots, RING_IDX cons,
		 struct netif_tx_packet *p, bool extra)
{
	unsigned k = p->nslots++;
	__builtin_memcpy(&p->slot[k], &ring[(cons + k) & (slots - 1)], sizeof(p->slot[k]));
	__asm__ volatile("" ::: "memory");              /* only the copy from here on */
	p->extra[k] = extra;
}

enum netif_tx_verdict netif_tx_take(const union netif_tx_sring_entry *ring, uint32_t slots, RING_IDX cons,
				    unsigned avail, struct netif_tx_packet *p, const char **why)
{
	p->nslots = p->nfrags = p->len = 0;
	p->csum_blank = false;
	const char *drop = 0;
	if (avail == 0)
		return verdict(NETIF_TX_FATAL, "no request published", why);
	take(ring, slots, cons, p, false);
	struct netif_tx_request first = p->slot[0].req;
	unsigned nreq = 1, nextra = 0;
	uint16_t flags = first.flags;
	if (flags & NETTXF_extra_info) {
		uint8_t more;
		do {
			if (p->nslots >= avail)
				return verdict(NETIF_TX_FATAL, "extra info runs past the published requests", why);
			if (nextra++ == NETIF_MAX_EXTRAS)
				return verdict(NETIF_TX_FATAL, "more than 4 extra-info slots", why);
			take(ring, slots, cons, p, true);
			struct netif_extra_info x = p->slot[p->nslots - 1].extra;
			if (x.type == XEN_NETIF_EXTRA_TYPE_NONE || x.type >= XEN_NETIF_EXTRA_TYPE_MAX)
				return verdict(NETIF_TX_FATAL, "bad extra-info type", why);
			if (x.type == XEN_NETIF_EXTRA_TYPE_GSO)
				drop = "GSO extra info (GSO is not offered)";
			more = x.flags & XEN_NETIF_EXTRA_FLAG_MORE;
		} while (more);
	}
	p->frag[0] = (struct netif_tx_frag){ first.gref, first.offset, 0 };
	p->csum_blank = first.flags & NETTXF_csum_blank;
	unsigned rest = 0;                              /* bytes of the later fragments */
	while (flags & NETTXF_more_data) {
		if (nreq == NETIF_FATAL_SLOTS)
			return verdict(NETIF_TX_FATAL, "more than 20 slots in one packet", why);
		if (p->nslots >= avail)
			return verdict(NETIF_TX_FATAL, "packet runs past the published requests", why);
		take(ring, slots, cons, p, false);
		struct netif_tx_request r = p->slot[p->nslots - 1].req;
		if ((unsigned)r.offset + r.size > 4096u)
			return verdict(NETIF_TX_FATAL, "fragment crosses the end of its page", why);
		p->frag[nreq++] = (struct netif_tx_frag){ r.gref, r.offset, r.size };
		rest += r.size;
		flags = r.flags;
	}
	p->nfrags = nreq;
	if (rest > first.size)
		return verdict(NETIF_TX_DROP, "fragments larger than the packet", why);
	p->frag[0].len = (uint16_t)(first.size - rest);
	if ((unsigned)first.offset + p->frag[0].len > 4096u)
		return verdict(NETIF_TX_FATAL, "fragment crosses the end of its page", why);
	p->len = first.size;
	if (nreq > NETIF_DROP_SLOTS)
		return verdict(NETIF_TX_DROP, "more than 18 slots in one packet", why);
	if (drop)
		return verdict(NETIF_TX_DROP, drop, why);
	if (p->len < NETIF_FRAME_MIN)
		return verdict(NETIF_TX_DROP, "frame shorter than an Ethernet header", why);
	if (p->len > NETIF_FRAME_MAX)
		return verdict(NETIF_TX_DROP, "frame longer than 1514 bytes (no GSO offered)", why);
	*why = 0;
	return NETIF_TX_OK;
}
