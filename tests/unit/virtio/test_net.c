/*
 * virtio-net over the model: MAC and link status from the configuration,
 * transmit framing (a zero 12-byte header, then the frame), receive
 * buffers posted before DRIVER_OK and reposted, and receive lengths the
 * driver must not trust (drivers/virtio_net.c).
 */
#include <string.h>
#include "virtio_test.h"

static struct vnet n;

static void frame_of(uint8_t *f, unsigned len, unsigned seed)
{
	for (unsigned i = 0; i < len; i++)
		f[i] = (uint8_t)(seed + i * 13);
}

static void init_reads_mac_and_posts_buffers(struct unit *u)
{
	UNIT_CHECK_EQ(u, vnet_init(&n, &fm.plat, &net_pci), 0);
	UNIT_CHECK(u, n.has_mac);
	UNIT_CHECK(u, memcmp(n.mac, test_mac, 6) == 0);
	/* VERSION_1 + MAC + STATUS only: no offloads, no MRG_RXBUF, no CTRL_VQ. */
	UNIT_CHECK_EQ(u, netdev.accepted, (1ull << 32) | (1u << 5) | (1u << 16));
	UNIT_CHECK(u, netdev.q[0].enabled && netdev.q[1].enabled && !netdev.q[2].enabled);
	UNIT_CHECK(u, vnet_link_up(&n));
	netdev.config[6] = 0;
	UNIT_CHECK(u, !vnet_link_up(&n));
	UNIT_CHECK_EQ(u, fm.gsi_bound[0], 23);
	/* All receive buffers are already offered. */
	uint8_t f[60];
	frame_of(f, sizeof(f), 1);
	for (unsigned i = 0; i < VNET_RX_BUFS; i++)
		UNIT_CHECK(u, fv_inject(&netdev, f, sizeof(f), 0));
	UNIT_CHECK(u, !fv_inject(&netdev, f, sizeof(f), 0));
}

static void no_mac_or_status_offered(struct unit *u)
{
	netdev.offered &= ~((1ull << 5) | (1ull << 16));
	UNIT_CHECK_EQ(u, vnet_init(&n, &fm.plat, &net_pci), 0);
	UNIT_CHECK(u, !n.has_mac);
	netdev.config[6] = 0;
	UNIT_CHECK(u, vnet_link_up(&n));                    /* assumed up */
}

static void transmit_framing(struct unit *u)
{
	UNIT_CHECK_EQ(u, vnet_init(&n, &fm.plat, &net_pci), 0);
	uint8_t f[VNET_FRAME_MAX + 1];
	frame_of(f, sizeof(f), 5);
	UNIT_CHECK_EQ(u, vnet_send(&n, f, 60), 0);
	UNIT_CHECK_EQ(u, vnet_send(&n, f, VNET_FRAME_MAX), 0);
	UNIT_CHECK_EQ(u, vnet_send(&n, f, VNET_FRAME_MAX + 1), -EINVAL);
	UNIT_CHECK_EQ(u, vnet_send(&n, f, 13), -EINVAL);
	UNIT_CHECK_EQ(u, netdev.ntx, 2);
	UNIT_CHECK_EQ(u, netdev.tx_len[0], 60);
	UNIT_CHECK_EQ(u, netdev.tx_len[1], VNET_FRAME_MAX);
	UNIT_CHECK(u, memcmp(netdev.tx[1], f, VNET_FRAME_MAX) == 0);
	UNIT_CHECK_EQ(u, vnet_interrupt(&n), 1);            /* ISR queue bit; buffers back */
	UNIT_CHECK_EQ(u, vnet_interrupt(&n), 0);
}

static void transmit_buffers_run_out_and_come_back(struct unit *u)
{
	UNIT_CHECK_EQ(u, vnet_init(&n, &fm.plat, &net_pci), 0);
	netdev.defer = true;
	uint8_t f[64];
	frame_of(f, sizeof(f), 9);
	for (unsigned i = 0; i < VNET_TX_BUFS; i++)
		UNIT_CHECK_EQ(u, vnet_send(&n, f, sizeof(f)), 0);
	UNIT_CHECK_EQ(u, vnet_send(&n, f, sizeof(f)), -EAGAIN);
	fv_complete(&netdev, 7);
	fv_complete(&netdev, 0);
	UNIT_CHECK_EQ(u, vnet_send(&n, f, sizeof(f)), 0);
	UNIT_CHECK_EQ(u, vnet_send(&n, f, sizeof(f)), 0);
	UNIT_CHECK_EQ(u, vnet_send(&n, f, sizeof(f)), -EAGAIN);
}

static void receive_framing_and_reposting(struct unit *u)
{
	UNIT_CHECK_EQ(u, vnet_init(&n, &fm.plat, &net_pci), 0);
	uint8_t f[VNET_FRAME_MAX], got[VNET_FRAME_MAX];
	/* Three laps of the receive buffers: each is posted again after use. */
	for (unsigned i = 0; i < 3 * VNET_RX_BUFS; i++) {
		unsigned len = 14 + (i * 97) % (VNET_FRAME_MAX - 13);
		frame_of(f, len, i);
		UNIT_CHECK(u, fv_inject(&netdev, f, len, 0));
		UNIT_CHECK_EQ(u, vnet_recv(&n, got, sizeof(got)), len);
		UNIT_CHECK(u, memcmp(got, f, len) == 0);
	}
	UNIT_CHECK_EQ(u, vnet_recv(&n, got, sizeof(got)), 0);
	frame_of(f, 100, 3);
	UNIT_CHECK(u, fv_inject(&netdev, f, 100, 0));
	UNIT_CHECK_EQ(u, vnet_recv(&n, got, 99), -EMSGSIZE);
	UNIT_CHECK_EQ(u, n.rx_errors, 0);
}

static void receive_lengths_are_not_trusted(struct unit *u)
{
	UNIT_CHECK_EQ(u, vnet_init(&n, &fm.plat, &net_pci), 0);
	uint8_t f[60] = { 0 }, got[VNET_FRAME_MAX];
	UNIT_CHECK(u, fv_inject(&netdev, f, 60, 5));                /* shorter than the header */
	UNIT_CHECK(u, fv_inject(&netdev, f, 60, 12 + 13));          /* runt frame */
	UNIT_CHECK(u, fv_inject(&netdev, f, 60, 12 + VNET_FRAME_MAX + 1));  /* oversize */
	UNIT_CHECK(u, fv_inject(&netdev, f, 60, 0));                /* a good one */
	UNIT_CHECK_EQ(u, vnet_recv(&n, got, sizeof(got)), 60);
	UNIT_CHECK_EQ(u, n.rx_errors, 3);
	/* A length beyond the 4096-byte buffer breaks the ring: reset, -EIO. */
	UNIT_CHECK(u, fv_inject(&netdev, f, 60, 4097));
	UNIT_CHECK_EQ(u, vnet_recv(&n, got, sizeof(got)), -EIO);
	UNIT_CHECK(u, n.dead);
	UNIT_CHECK_EQ(u, netdev.status, 0);
	UNIT_CHECK_EQ(u, vnet_send(&n, f, 60), -EIO);
	UNIT_CHECK(u, !vnet_link_up(&n));
	vnet_close(&n);
	UNIT_CHECK_EQ(u, fm.pages_live, 0);                 /* every page back */
	UNIT_CHECK_EQ(u, vnet_init(&n, &fm.plat, &net_pci), 0);
	UNIT_CHECK(u, fv_inject(&netdev, f, 60, 0));
	UNIT_CHECK_EQ(u, vnet_recv(&n, got, sizeof(got)), 60);
}

const struct unit_case net_cases[] = {
	{ "virtio/net-init-mac-rx-posted", init_reads_mac_and_posts_buffers },
	{ "virtio/net-no-mac-no-status", no_mac_or_status_offered },
	{ "virtio/net-tx-framing", transmit_framing },
	{ "virtio/net-tx-buffers-recycled", transmit_buffers_run_out_and_come_back },
	{ "virtio/net-rx-framing-reposting", receive_framing_and_reposting },
	{ "virtio/net-rx-lengths-untrusted", receive_lengths_are_not_trusted },
};
const size_t net_ncases = sizeof(net_cases) / sizeof(net_cases[0]);
