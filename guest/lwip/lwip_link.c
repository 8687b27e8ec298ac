/*
 * An lwIP interface over a link (guest/lwip/lwip_guest.h): the glue
 * between lwIP's netif and a driver that moves Ethernet frames.
 *
 * Transmit: lwIP hands linkoutput a pbuf chain holding one frame; the link
 * gets it as one contiguous buffer: the pbuf's own payload when the frame
 * is in one pbuf (lwipopts.h asks lwIP for single-pbuf frames), else a
 * copy in a bounce buffer.  A frame longer than LWIP_LINK_FRAME_MAX is
 * refused before the link sees it.  Receive: a frame is checked for length
 * (an Ethernet header at least, LWIP_LINK_FRAME_MAX at most), copied into
 * a pool pbuf and given to ethernet_input (ARP or IPv4), which owns the
 * pbuf from then on unless it refuses it.
 */
#include <string.h>
#include "lwip/etharp.h"
#include "lwip/pbuf.h"
#include "netif/ethernet.h"
#include "lwip_guest.h"

/* lwIP makes every call from the main loop: one bounce buffer serves all
 * interfaces. */
static uint8_t bounce[LWIP_LINK_FRAME_MAX];

static err_t link_output(struct netif *nif, struct pbuf *p)
{
	struct lwip_link *link = nif->state;
	const void *frame = p->payload;
	if (p->tot_len > LWIP_LINK_FRAME_MAX)
		return ERR_BUF;
	if (p->next != NULL)
		frame = bounce, pbuf_copy_partial(p, bounce, p->tot_len, 0);
	return link->send(link->ctx, frame, p->tot_len) == 0 ? ERR_OK : ERR_IF;
}

static err_t link_netif_init(struct netif *nif)
{
	struct lwip_link *link = nif->state;
	nif->name[0] = 'e';
	nif->name[1] = 't';
	nif->output = etharp_output;
	nif->linkoutput = link_output;
	nif->mtu = LWIP_LINK_MTU;
	nif->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(nif->hwaddr, link->mac, ETH_HWADDR_LEN);
	nif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
	return ERR_OK;
}

struct netif *lwip_link_add(struct netif *nif, struct lwip_link *link, const ip4_addr_t *ip,
			    const ip4_addr_t *mask, const ip4_addr_t *gw)
{
	if (netif_add(nif, ip, mask, gw, link, link_netif_init, ethernet_input) == NULL)
		return NULL;
	if (netif_default == NULL)
		netif_set_default(nif);
	netif_set_up(nif);
	netif_set_link_up(nif);
	return nif;
}

int lwip_link_input(struct netif *nif, const void *frame, size_t len)
{
	if (len < SIZEOF_ETH_HDR || len > LWIP_LINK_FRAME_MAX)
		return -1;
	struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);
	if (p == NULL)
		return -1;
	pbuf_take(p, frame, (u16_t)len);
	if (nif->input(p, nif) != ERR_OK) {
		pbuf_free(p);
		return -1;
	}
	return 0;
}
