/*
 * virtio-net driver (virtio_net.h).
 *
 * Device configuration (virtio 1.x "Network Device"): mac[6] @0 (with
 * MAC), status @6 (u16, with STATUS; bit 0 link up).  The ring tokens are
 * page numbers plus one (a token is never NULL): receive page i is token
 * i + 1 on the receive queue, transmit page i the same on the transmit
 * queue.
 */
#include <errno.h>
#include <string.h>
#include "virtio_net.h"

enum { RXQ = 0, TXQ = 1 };
enum { CFG_MAC = 0, CFG_STATUS = 6 };

#define PAGE 4096u

static void *token_of(unsigned i)
{
	return (void *)(uintptr_t)(i + 1);
}

static unsigned index_of(void *token)
{
	return (unsigned)((uintptr_t)token - 1);
}

static int post_rx(struct vnet *n, unsigned i)
{
	struct vq_buf buf = { n->rx_page[i].maddr, PAGE, true };
	return vq_add(&n->rx, &buf, 1, token_of(i));
}

static void free_pages(struct plat *p, struct plat_dma_page *pages, unsigned count)
{
	for (unsigned i = 0; i < count; i++)
		if (pages[i].va)
			p->dma_free(p, &pages[i]);
}

static int alloc_pages(struct plat *p, struct plat_dma_page *pages, unsigned count)
{
	for (unsigned i = 0; i < count; i++) {
		if (p->dma_alloc(p, &pages[i]) < 0) {
			free_pages(p, pages, i);
			memset(pages, 0, count * sizeof(*pages));
			return -ENOMEM;
		}
	}
	return 0;
}

static int read_mac(struct vnet *n)
{
	n->has_mac = n->vd.features & VIRTIO_NET_F_MAC;
	for (unsigned i = 0; n->has_mac && i < 6; i++) {
		uint64_t v;
		int rc = virtio_config(&n->vd, CFG_MAC + i, 1, &v);
		if (rc < 0)
			return rc;
		n->mac[i] = (uint8_t)v;
	}
	return 0;
}

static int setup_queues(struct vnet *n)
{
	struct plat *p = n->vd.plat;
	int rc = virtio_queue_setup(&n->vd, &n->rx, RXQ, VNET_QUEUE);
	if (rc < 0)
		return rc;
	if ((rc = virtio_queue_setup(&n->vd, &n->tx, TXQ, VNET_QUEUE)) < 0)
		goto free_rx;
	if ((rc = alloc_pages(p, n->rx_page, VNET_RX_BUFS)) < 0)
		goto free_tx;
	if ((rc = alloc_pages(p, n->tx_page, VNET_TX_BUFS)) < 0)
		goto free_rx_pages;
	return 0;
free_rx_pages:
	free_pages(p, n->rx_page, VNET_RX_BUFS);
free_tx:
	virtio_queue_free(&n->vd, &n->tx);
free_rx:
	virtio_queue_free(&n->vd, &n->rx);
	return rc;
}

int vnet_init(struct vnet *n, struct plat *p, const struct pci_dev *d)
{
	memset(n, 0, sizeof(*n));
	int rc = virtio_open(&n->vd, p, d);
	if (rc == 0 && n->vd.type != VIRTIO_TYPE_NET)
		rc = -ENODEV;
	if (rc < 0)
		return rc;
	rc = virtio_negotiate(&n->vd, VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS, 0);
	if (rc < 0)
		return rc;
	if ((rc = read_mac(n)) < 0 || (rc = setup_queues(n)) < 0) {
		virtio_fail(&n->vd);
		return rc;
	}
	/* Receive buffers go in before DRIVER_OK, so no frame finds none. */
	for (unsigned i = 0; i < VNET_RX_BUFS && i < n->rx.size; i++)
		post_rx(n, i);
	virtio_driver_ok(&n->vd);
	virtio_notify(&n->vd, &n->rx);
	return 0;
}

/* The device broke a ring rule: stop it; every buffer comes back to us. */
static int give_up(struct vnet *n)
{
	void *token;
	n->dead = true;
	virtio_reset(&n->vd);
	while (vq_reclaim(&n->rx, &token) == 1)
		;
	while (vq_reclaim(&n->tx, &token) == 1)
		n->tx_busy[index_of(token)] = false;
	return -EIO;
}

void vnet_close(struct vnet *n)
{
	struct plat *p = n->vd.plat;
	give_up(n);
	free_pages(p, n->rx_page, VNET_RX_BUFS);
	free_pages(p, n->tx_page, VNET_TX_BUFS);
	virtio_queue_free(&n->vd, &n->tx);
	virtio_queue_free(&n->vd, &n->rx);
}

static int reap_tx(struct vnet *n)
{
	void *token;
	uint32_t len;
	int rc;
	while ((rc = vq_get(&n->tx, &token, &len)) == 1)
		n->tx_busy[index_of(token)] = false;
	return rc < 0 ? give_up(n) : 0;
}

int vnet_send(struct vnet *n, const void *frame, size_t len)
{
	if (n->dead)
		return -EIO;
	if (len < VNET_FRAME_MIN || len > VNET_FRAME_MAX)
		return -EINVAL;
	int rc = reap_tx(n);
	if (rc < 0)
		return rc;
	unsigned i = 0;
	while (i < VNET_TX_BUFS && n->tx_busy[i])
		i++;
	if (i == VNET_TX_BUFS)
		return -EAGAIN;
	uint8_t *page = n->tx_page[i].va;
	memset(page, 0, VNET_HDR_LEN);
	memcpy(page + VNET_HDR_LEN, frame, len);
	struct vq_buf buf = { n->tx_page[i].maddr, (uint32_t)(VNET_HDR_LEN + len), false };
	rc = vq_add(&n->tx, &buf, 1, token_of(i));
	if (rc == -ENOSPC)
		return -EAGAIN;
	if (rc < 0)
		return rc == -EIO ? give_up(n) : rc;
	n->tx_busy[i] = true;
	if (vq_should_notify(&n->tx))
		virtio_notify(&n->vd, &n->tx);
	return 0;
}

int vnet_recv(struct vnet *n, void *buf, size_t cap)
{
	void *token;
	uint32_t len;

	/* At most one ring's worth of dropped frames per call, so a device
	   that floods bad frames cannot keep the caller here. */
	for (unsigned tries = 0; tries < n->rx.size; tries++) {
		if (n->dead)
			return -EIO;
		int rc = vq_get(&n->rx, &token, &len);
		if (rc == 0)
			return 0;
		if (rc < 0)
			return give_up(n);
		unsigned i = index_of(token);
		size_t frame = len >= VNET_HDR_LEN ? len - VNET_HDR_LEN : 0;
		int result;
		if (frame < VNET_FRAME_MIN || frame > VNET_FRAME_MAX) {
			n->rx_errors++;
			result = 0;
		} else if (frame > cap) {
			result = -EMSGSIZE;
		} else {
			memcpy(buf, (uint8_t *)n->rx_page[i].va + VNET_HDR_LEN, frame);
			result = (int)frame;
		}
		post_rx(n, i);
		if (vq_should_notify(&n->rx))
			virtio_notify(&n->vd, &n->rx);
		if (result != 0)
			return result;
	}
	return 0;
}

bool vnet_link_up(struct vnet *n)
{
	uint64_t status;
	if (n->dead)
		return false;
	if (!(n->vd.features & VIRTIO_NET_F_STATUS))
		return true;
	return virtio_config(&n->vd, CFG_STATUS, 2, &status) == 0 && (status & VIRTIO_NET_S_LINK_UP);
}

int vnet_interrupt(struct vnet *n)
{
	uint8_t isr = virtio_isr(&n->vd);
	if (n->dead)
		return -EIO;
	int rc = reap_tx(n);
	return rc < 0 ? rc : isr;
}

static int on_interrupt(void *arg)
{
	return vnet_interrupt(arg);
}

int vnet_wait(struct vnet *n, uint64_t timeout_ns)
{
	return virtio_wait(&n->vd, timeout_ns, on_interrupt, n);
}
