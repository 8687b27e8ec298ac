/*
 * The lwIP hooks guest/lwip/lwipopts.h names (LWIP_HOOK_FILENAME): lwIP
 * includes this file in the sources that call them.
 */
#pragma once

struct netif;
struct ip4_addr;

/* LWIP_HOOK_IP4_ROUTE_SRC: the interface that owns address src, or NULL
 * (src NULL or unowned: lwIP's own route by destination). */
struct netif *lwip_guest_route_src(const struct ip4_addr *src, const struct ip4_addr *dest);
