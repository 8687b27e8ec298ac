/*
 * Source routing for a guest with several interfaces
 * (LWIP_HOOK_IP4_ROUTE_SRC, guest/lwip/lwipopts.h): a packet whose source
 * address belongs to an interface that is up leaves through that
 * interface.  lwIP alone routes by destination only, first matching
 * subnet first, so a reply could leave through an interface that does not
 * own its source address, and on a shared subnet ask ARP for one of the
 * guest's own addresses.  With one interface the answer is the one lwIP
 * would give; with none owning src (or no src: lwIP asks with NULL when it
 * routes by destination) lwIP's route stands.
 */
#include "lwip/netif.h"
#include "lwip_hooks.h"

struct netif *lwip_guest_route_src(const ip4_addr_t *src, const ip4_addr_t *dest)
{
	(void)dest;
	if (src == NULL || ip4_addr_isany(src))
		return NULL;
	struct netif *n;
	NETIF_FOREACH(n)
		if (netif_is_up(n) && netif_is_link_up(n) && ip4_addr_cmp(src, netif_ip4_addr(n)))
			return n;
	return NULL;
}
