/*
 * virtio-net driver (virtio 1.x "Network Device"; design/driver-domain.md
 * 3.9): receive queue 0, transmit queue 1, no control queue, no offloads,
 * no mergeable receive buffers.
 *
 * Every frame in either direction is preceded by the 12-byte virtio 1.x
 * struct virtio_net_hdr {u8 flags, u8 gso_type, u16 hdr_len, u16 gso_size,
 * u16 csum_start, u16 csum_offset, u16 num_buffers}; with no offloads
 * negotiated the driver sends it all zero and ignores it on receive.
 * Frames are Ethernet without the FCS, 14 to VNET_FRAME_MAX bytes.
 *
 * Each posted receive buffer and each transmit buffer is one driver-owned
 * DMA page holding the header and a whole frame (12 + 1514 bytes fit), so a
 * frame is always one descriptor.  Sent frames are copied into a free
 * transmit page; received frames are copied out to the caller and the page
 * is posted again.
 *
 * Invariant: a receive completion is used only if the device's length
 * (checked by the ring against the page it was given) covers the header
 * and a frame of at least 14 and at most VNET_FRAME_MAX bytes; anything else
 * is counted in rx_errors, dropped and its page reposted.  A device that
 * breaks the ring rules (virtio_ring.h) is reset and vnet reports -EIO
 * until vnet_init is called again.
 */
#pragma once
#include "virtio_pci.h"

#define VNET_HDR_LEN    12
#define VNET_FRAME_MIN  14
#define VNET_FRAME_MAX  1514
#define VNET_RX_BUFS    32
#define VNET_TX_BUFS    32
#define VNET_QUEUE      256

#define VIRTIO_NET_F_MAC    (1ull << 5)
#define VIRTIO_NET_F_STATUS (1ull << 16)
#define VIRTIO_NET_S_LINK_UP 1

struct vnet {
	struct virtio_dev vd;
	struct virtq rx, tx;
	struct plat_dma_page rx_page[VNET_RX_BUFS];
	struct plat_dma_page tx_page[VNET_TX_BUFS];
	bool tx_busy[VNET_TX_BUFS];
	uint8_t mac[6];
	bool has_mac;                   /* VIRTIO_NET_F_MAC: mac is the device's */
	bool dead;
	uint64_t rx_errors;
};

/* Bring up the virtio-net function d and post the receive buffers. */
int vnet_init(struct vnet *n, struct plat *p, const struct pci_dev *d);

/* Stop the device (reset) and give back the driver's DMA pages;
   vnet_init may follow. */
void vnet_close(struct vnet *n);

/* Queue one frame for transmission (copied).  -EINVAL (length outside
   14..VNET_FRAME_MAX), -EAGAIN (every transmit buffer in flight), -EIO. */
int vnet_send(struct vnet *n, const void *frame, size_t len);

/* The next received frame, copied into buf: its length, 0 when none is
   waiting, -EMSGSIZE (the frame was longer than cap and is dropped), -EIO. */
int vnet_recv(struct vnet *n, void *buf, size_t cap);

/* Link state from the configuration (up when VIRTIO_NET_F_STATUS was not
   offered, as the specification says to assume). */
bool vnet_link_up(struct vnet *n);

/* After the device's interrupt: read the ISR (deasserting INTx) and take
   back finished transmit buffers; the ISR bits, or -EIO.  Received frames
   stay for vnet_recv. */
int vnet_interrupt(struct vnet *n);

/* Wait up to timeout_ns for the interrupt, handle it and end it:
   vnet_interrupt's result, 0 on timeout, or the platform's error. */
int vnet_wait(struct vnet *n, uint64_t timeout_ns);
