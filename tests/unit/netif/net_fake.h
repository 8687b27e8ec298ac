/*
 * A fake front end for host tests of netback (tests/unit/netif and
 * tests/fuzz/netif): TX and RX ring pages, a grant table of NET_GRANTS
 * pages a test offers or withholds, and a grant copy that refuses, as the
 * hypervisor does, a reference out of range, not offered, or read-only
 * when the back end writes into it, or a piece past its page.  Frames
 * netback delivers are logged.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "netback.h"

#define NET_GRANTS 64
#define NET_LOG    64

struct net_fake {
	union {
		struct netif_tx_sring txs;
		uint8_t tx_page[4096];
	};
	union {
		struct netif_rx_sring rxs;
		uint8_t rx_page[4096];
	};
	uint8_t pages[NET_GRANTS][4096];
	bool offered[NET_GRANTS], readonly[NET_GRANTS];
	uint8_t mem[NETBACK_MEM_BYTES] __attribute__((aligned(4096)));
	struct netback nb;
	struct ring_front tx, rx;
	unsigned delivered;
	unsigned log_len[NET_LOG];
	uint8_t log[NET_LOG][1514];
	uint64_t copies;
};

void net_fake_init(struct net_fake *f);
/* The next TX slot (not yet pushed). */
union netif_tx_sring_entry *net_fake_tx(struct net_fake *f);
