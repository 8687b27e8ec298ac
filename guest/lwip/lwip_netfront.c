/*
 * lwIP over netfront (lwip_netfront.h): the link of lwip_guest.h on a Xen
 * vif.  lwIP's transmit becomes netfront_send (the frame is copied into a
 * granted TX page before the call returns, as the link contract asks);
 * netfront_poll's receive callback is lwip_link_input.  Both run from the
 * guest's main loop only: netfront keeps its event channel masked and the
 * loop sleeps in netfront_wait (SCHEDOP_poll on that port) with lwIP's
 * next timer as the deadline, so no event handler ever touches lwIP.
 */
#include <string.h>
#include "lwip/timeouts.h"
#include "lwip_netfront.h"

static int link_send(void *ctx, const void *frame, size_t len)
{
	struct lwip_netfront *ln = ctx;
	if (netfront_send(ln->nf, frame, (unsigned)len) == 0)
		return 0;
	ln->tx_dropped++;
	return -1;
}

struct netif *lwip_netfront_add(struct lwip_netfront *ln, struct netfront *nf, const ip4_addr_t *ip,
				const ip4_addr_t *mask, const ip4_addr_t *gw)
{
	ln->nf = nf;
	ln->link.send = link_send;
	ln->link.ctx = ln;
	memcpy(ln->link.mac, nf->mac, sizeof(ln->link.mac));
	return lwip_link_add(&ln->nif, &ln->link, ip, mask, gw);
}

static void deliver(void *arg, const uint8_t *frame, unsigned len)
{
	lwip_link_input(arg, frame, len);       /* a refused frame is lost, as on a wire */
}

int lwip_netfront_poll(struct lwip_netfront *ln)
{
	return netfront_poll(ln->nf, deliver, &ln->nif);
}

void lwip_netfront_wait(struct lwip_netfront *ln)
{
	u32_t ms = sys_timeouts_sleeptime();
	uint64_t deadline = ms == SYS_TIMEOUTS_SLEEPTIME_INFINITE ? system_time_ns() + 1000000000ull
								   : system_time_ns() + (uint64_t)ms * 1000000u;
	netfront_wait(ln->nf, deadline);
}
