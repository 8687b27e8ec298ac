/*
 * lwIP's configuration for Umbra's newlib guests (docs/guests.md, "TCP/IP
 * for guests").  lwIP reads this file (through lwip/opt.h) when it is
 * compiled, and so must every file that includes an lwIP header: the
 * library (mk/lwip.mk) and the guests that use it see the same options.
 *
 * The stack runs in mainloop mode: one context (the guest's main loop)
 * makes every lwIP call, feeds it received frames and runs its timers, so
 * there are no threads, no locks and only the raw (callback) API.  IPv4
 * over Ethernet with ARP, ICMP echo replies, UDP and TCP; no IPv6, DHCP,
 * DNS or IGMP (a guest's address is static, as Xen's vif "ip" key gives).
 *
 * TCP is sized for a few MB/s between guests and to the host: full-size
 * segments (MSS 1460 for a 1500-byte MTU) and a 44-segment window
 * (64,240 bytes, the largest multiple of the MSS that fits the 16-bit
 * window without scaling) on both the receive and the send side.  A
 * receive window lives in the pbuf pool, so the pool holds the windows of
 * two busy connections plus headroom; a send buffer lives in heap pbufs
 * (newlib's malloc) and its segments in the TCP_SEG pool.
 */
#pragma once

#define NO_SYS                      1
#define SYS_LIGHTWEIGHT_PROT        0      /* one context: nothing to protect */
#define LWIP_SOCKET                 0
#define LWIP_NETCONN                0
#define LWIP_NETIF_API              0

/* Memory: lwIP's heap is newlib's malloc; the pools are static. */
#define MEM_LIBC_MALLOC             1
#define MEM_ALIGNMENT               8
#define MEMP_NUM_TCP_PCB            16
#define MEMP_NUM_TCP_PCB_LISTEN     8
#define MEMP_NUM_UDP_PCB            8
#define MEMP_NUM_TCP_SEG            512
#define PBUF_POOL_SIZE              128

/* Protocols. */
#define LWIP_IPV4                   1
#define LWIP_IPV6                   0
#define LWIP_ARP                    1
#define LWIP_ETHERNET               1
#define ARP_QUEUEING                1      /* keep every packet sent while ARP asks */
#define LWIP_ICMP                   1
#define LWIP_RAW                    0
#define LWIP_UDP                    1
#define LWIP_TCP                    1
#define LWIP_DHCP                   0
#define LWIP_AUTOIP                 0
#define LWIP_IGMP                   0
#define LWIP_DNS                    0
#define IP_REASSEMBLY               1
#define IP_FRAG                     1

/* TCP. */
#define TCP_MSS                     1460
#define TCP_WND                     (44 * TCP_MSS)
#define TCP_SND_BUF                 (44 * TCP_MSS)
#define TCP_SND_QUEUELEN            (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_QUEUE_OOSEQ             1
#define LWIP_TCP_TIMESTAMPS         0

/* Frames: one pbuf per transmitted frame where lwIP can (a link's send
 * then takes it without a copy); checksums computed while data is copied
 * in; all checksums generated and checked in software, 8 bytes a step
 * (lwIP's algorithm 3; the default's 2 bytes a step cost a sixth of the
 * instructions of a segment sent to the host, make bench). */
#define LWIP_NETIF_TX_SINGLE_PBUF   1
#define LWIP_CHECKSUM_ON_COPY       1
#define LWIP_CHKSUM_ALGORITHM       3

/* A packet leaves through the interface that owns its source address
 * (guest/lwip/lwip_route.c). */
#define LWIP_HOOK_FILENAME          "lwip_hooks.h"
#define LWIP_HOOK_IP4_ROUTE_SRC(src, dest) lwip_guest_route_src(src, dest)

#define LWIP_STATS                  0
