/*
 * A learning Ethernet switch (bridge.h), as a Linux software bridge
 * behaves between netback's vifs and the physical interface
 * (design/driver-domain.md 4.2), with the anti-spoofing of Xen's
 * vif-bridge added: a guest's port is locked to the MAC its description
 * gives, its address is a fixed forwarding entry, and a frame from that
 * port with any other source is dropped, so no guest can draw another's
 * traffic to itself.  Unlocked ports (the NIC) teach the bridge the
 * addresses behind them; the table holds BRIDGE_FDB entries and replaces
 * the least recently seen learned one.
 * Invariant: a frame is never sent back out of the port it came in on,
 * and a unicast frame to a known address reaches only that address's port.
 * Portable C.
 */
#include "bridge.h"

static bool same(const uint8_t *a, const uint8_t *b)
{
	for (unsigned i = 0; i < 6; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

static struct bridge_fdb *lookup(struct bridge *b, const uint8_t *mac)
{
	for (unsigned i = 0; i < BRIDGE_FDB; i++)
		if (b->fdb[i].used && same(b->fdb[i].mac, mac))
			return &b->fdb[i];
	return 0;
}

/* A free entry, else the least recently seen learned one (NULL if all are fixed). */
static struct bridge_fdb *victim(struct bridge *b)
{
	struct bridge_fdb *old = 0;
	for (unsigned i = 0; i < BRIDGE_FDB; i++) {
		struct bridge_fdb *e = &b->fdb[i];
		if (!e->used)
			return e;
		if (!e->fixed && (!old || (uint32_t)(b->clock - e->stamp) > (uint32_t)(b->clock - old->stamp)))
			old = e;
	}
	return old;
}

void bridge_init(struct bridge *b)
{
	__builtin_memset(b, 0, sizeof(*b));
}

int bridge_add_port(struct bridge *b, const struct bridge_port_ops *ops, const uint8_t *mac)
{
	int p = -1;
	for (int i = 0; i < BRIDGE_PORTS && p < 0; i++)
		if (!b->port[i].used)
			p = i;
	if (p < 0)
		return -1;
	struct bridge_fdb *e = 0;
	if (mac) {
		e = lookup(b, mac);
		if (e && e->fixed)
			return -1;
		if (!e && !(e = victim(b)))
			return -1;
	}
	struct bridge_port *bp = &b->port[p];
	__builtin_memset(bp, 0, sizeof(*bp));
	bp->used = true;
	bp->ops = *ops;
	if (mac) {
		bp->locked = true;
		__builtin_memcpy(bp->mac, mac, 6);
		*e = (struct bridge_fdb){ .used = true, .fixed = true, .port = (uint8_t)p, .stamp = b->clock };
		__builtin_memcpy(e->mac, mac, 6);
	}
	return p;
}

void bridge_del_port(struct bridge *b, int port)
{
	if (port < 0 || port >= BRIDGE_PORTS)
		return;
	b->port[port].used = false;
	for (unsigned i = 0; i < BRIDGE_FDB; i++)
		if (b->fdb[i].used && b->fdb[i].port == port)
			b->fdb[i].used = false;
}

static void learn(struct bridge *b, int port, const uint8_t *src)
{
	if (src[0] & 1)
		return;                                 /* a group address is no station */
	struct bridge_fdb *e = lookup(b, src);
	if (!e && !(e = victim(b)))
		return;
	if (!e->used) {
		e->used = true;
		__builtin_memcpy(e->mac, src, 6);
	}
	e->port = (uint8_t)port;
	e->stamp = b->clock;
}

void bridge_input(struct bridge *b, int port, const uint8_t *frame, unsigned len)
{
	if (port < 0 || port >= BRIDGE_PORTS || !b->port[port].used)
		return;
	struct bridge_port *in = &b->port[port];
	if (len < 14) {
		b->runts++;
		return;
	}
	const uint8_t *dst = frame, *src = frame + 6;
	struct bridge_fdb *s = lookup(b, src);
	if (in->locked ? !same(src, in->mac) : s && s->fixed) {
		in->spoofed++;
		return;
	}
	in->in++;
	b->clock++;
	if (!in->locked)
		learn(b, port, src);
	struct bridge_fdb *d = dst[0] & 1 ? 0 : lookup(b, dst);
	if (d) {
		if (d->port == port) {
			b->filtered++;
			return;
		}
		struct bridge_port *out = &b->port[d->port];
		out->out++;
		out->ops.send(out->ops.ctx, frame, len);
		return;
	}
	b->flooded++;
	for (int i = 0; i < BRIDGE_PORTS; i++) {
		struct bridge_port *out = &b->port[i];
		if (i != port && out->used) {
			out->out++;
			out->ops.send(out->ops.ctx, frame, len);
		}
	}
}
