/*
 * netif_csum.h: the transport checksum of a NETTXF_csum_blank frame.
 *
 * The checksum field the front end left holds the folded sum of the
 * pseudo-header (addresses, protocol, transport length), as Linux's
 * CHECKSUM_PARTIAL leaves it; whatever it holds, the back end sets the
 * field to zero and sums the pseudo-header and the whole transport
 * segment itself, so the result does not depend on what the front end
 * put there.  Every offset is checked against the frame's length before
 * it is read: the frame is the back end's private copy, but its contents
 * are the guest's.
 */
#include "netif_csum.h"
#include <stdint.h>

#define ETH_HLEN      14u
#define ETHERTYPE_IP  0x0800u
#define ETHERTYPE_IP6 0x86ddu
#define PROTO_TCP     6u
#define PROTO_UDP     17u

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t sum(uint32_t acc, const unsigned char *p, unsigned n)
{
	for (; n > 1; p += 2, n -= 2)
		acc += be16(p);
	if (n)
		acc += (uint32_t)p[0] << 8;
	return acc;
}

static unsigned fold(uint32_t acc)
{
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return acc;
}

/* Sum the segment at seg (n bytes) with the pseudo-header sum ph and store
 * the result in its checksum field. */
static bool finish(unsigned char *seg, unsigned n, unsigned proto, uint32_t ph)
{
	unsigned at = proto == PROTO_TCP ? 16 : 6;
	if (n < (proto == PROTO_TCP ? 20u : 8u))
		return false;
	seg[at] = seg[at + 1] = 0;
	unsigned c = 0xffff & ~fold(sum(ph + proto + n, seg, n));
	if (proto == PROTO_UDP && c == 0)
		c = 0xffff;                     /* UDP's "no checksum" is 0: send all ones */
	seg[at] = (unsigned char)(c >> 8);
	seg[at + 1] = (unsigned char)c;
	return true;
}

bool netif_csum_complete(unsigned char *f, unsigned len)
{
	if (len < ETH_HLEN)
		return false;
	unsigned char *ip = f + ETH_HLEN;
	unsigned room = len - ETH_HLEN;
	unsigned type = be16(f + 12);
	if (type == ETHERTYPE_IP) {
		if (room < 20 || ip[0] >> 4 != 4)
			return false;
		unsigned ihl = (ip[0] & 15u) * 4, total = be16(ip + 2);
		if (ihl < 20 || total < ihl || total > room || (be16(ip + 6) & 0x3fff))
			return false;           /* short, or a fragment */
		unsigned proto = ip[9];
		if (proto != PROTO_TCP && proto != PROTO_UDP)
			return false;
		return finish(ip + ihl, total - ihl, proto, sum(0, ip + 12, 8));
	}
	if (type == ETHERTYPE_IP6) {
		if (room < 40 || ip[0] >> 4 != 6)
			return false;
		unsigned payload = be16(ip + 4), proto = ip[6];
		if (payload > room - 40 || (proto != PROTO_TCP && proto != PROTO_UDP))
			return false;
		return finish(ip + 40, payload, proto, sum(0, ip + 8, 32));
	}
	return false;
}
