/*
 * The split virtqueue, driver side (virtio_ring.h).
 *
 * Adding a request: take n descriptors off the private free list, fill
 * them (addr, len, WRITE for device-written buffers, NEXT and next to
 * chain), write the head into avail.ring[avail_idx mod size], then, after
 * a release barrier, publish avail_idx + 1.  The device may now read the
 * chain; it answers by writing {head, bytes written} into the used ring and
 * advancing used.idx.  Both indices are free-running 16-bit counters.
 *
 * Taking a completion reads used.idx once; the number of new entries,
 * used.idx - last_used (mod 2^16), can never exceed the chains outstanding,
 * so anything more is the device lying.  The entry's id and len are read
 * once into locals and checked: id < size, chain[id].token set (a real,
 * outstanding head, so a repeated or invented id is caught), len <= the
 * chain's writable bytes.  Only then is the chain returned to the free list
 * by following the private links, never the shared table's next fields.
 *
 * Notifications: this driver does not negotiate VIRTIO_F_EVENT_IDX, so the
 * device's hint is used.flags bit 0 (NO_NOTIFY), read after a full barrier
 * so the published avail.idx is ordered before it; avail.flags stays 0
 * (interrupts wanted).
 */
#include <errno.h>
#include <string.h>
#include "virtio_ring.h"

#define USED_IDX   2
#define USED_RING  4

int vq_init(struct virtq *vq, uint16_t size, const struct plat_dma_page page[3])
{
	if (size == 0 || size > VQ_MAX || (size & (size - 1)))
		return -EINVAL;
	uint16_t index = vq->index;
	uint32_t notify_off = vq->notify_off;
	memset(vq, 0, sizeof(*vq));
	vq->index = index;
	vq->notify_off = notify_off;
	vq->size = size;
	memcpy(vq->page, page, sizeof(vq->page));
	vq->desc = page[0].va;
	vq->avail = page[1].va;
	vq->used = page[2].va;
	vq->nfree = size;
	for (uint16_t i = 0; i < size; i++)
		vq->next[i] = (uint16_t)(i + 1);
	return 0;
}

int vq_add(struct virtq *vq, const struct vq_buf *bufs, unsigned n, void *token)
{
	uint32_t writable = 0;

	if (vq->broken)
		return -EIO;
	if (n == 0 || !token)
		return -EINVAL;
	for (unsigned i = 0; i < n; i++) {
		if (bufs[i].len == 0)
			return -EINVAL;
		if (i > 0 && bufs[i - 1].device_writes && !bufs[i].device_writes)
			return -EINVAL;
		if (bufs[i].device_writes) {
			if (bufs[i].len > UINT32_MAX - writable)
				return -EINVAL;
			writable += bufs[i].len;
		}
	}
	if (n > vq->nfree)
		return -ENOSPC;

	uint16_t head = vq->free_head, d = head;
	for (unsigned i = 0; i < n; i++) {
		uint16_t after = vq->next[d];
		vq->desc[d].addr = bufs[i].maddr;
		vq->desc[d].len = bufs[i].len;
		vq->desc[d].flags = (uint16_t)((bufs[i].device_writes ? VQ_DESC_WRITE : 0) |
		                               (i + 1 < n ? VQ_DESC_NEXT : 0));
		vq->desc[d].next = i + 1 < n ? after : 0;
		if (i + 1 < n)
			d = after;
		else
			vq->free_head = after;
	}
	vq->nfree = (uint16_t)(vq->nfree - n);
	vq->chain[head] = (struct vq_chain){ .token = token, .writable = writable, .ndesc = (uint16_t)n };
	vq->in_flight++;

	vq->avail[2 + (vq->avail_idx & (vq->size - 1))] = head;
	plat_wmb();
	vq->avail_idx++;
	vq->avail[1] = vq->avail_idx;
	return 0;
}

bool vq_should_notify(struct virtq *vq)
{
	plat_mb();
	return !(*(volatile uint16_t *)vq->used & VQ_USED_NO_NOTIFY);
}

/* Give head's chain back to the free list. */
static void *release(struct virtq *vq, uint16_t head)
{
	struct vq_chain c = vq->chain[head];
	uint16_t last = head;
	for (unsigned i = 1; i < c.ndesc; i++)
		last = vq->next[last];
	vq->next[last] = vq->free_head;
	vq->free_head = head;
	vq->nfree = (uint16_t)(vq->nfree + c.ndesc);
	vq->chain[head].token = NULL;
	vq->in_flight--;
	return c.token;
}

int vq_get(struct virtq *vq, void **token, uint32_t *len)
{
	if (vq->broken)
		return -EIO;
	uint16_t used_idx = *(volatile uint16_t *)(vq->used + USED_IDX);
	uint16_t fresh = (uint16_t)(used_idx - vq->last_used);
	if (fresh == 0)
		return 0;
	if (fresh > vq->in_flight)
		goto broken;
	plat_rmb();
	volatile uint8_t *e = vq->used + USED_RING + 8u * (vq->last_used & (vq->size - 1));
	uint32_t id = *(volatile uint32_t *)e;
	uint32_t n = *(volatile uint32_t *)(e + 4);
	if (id >= vq->size || !vq->chain[id].token || n > vq->chain[id].writable)
		goto broken;
	vq->last_used++;
	*len = n;
	*token = release(vq, (uint16_t)id);
	return 1;
broken:
	vq->broken = true;
	return -EIO;
}

int vq_reclaim(struct virtq *vq, void **token)
{
	for (uint16_t h = 0; h < vq->size; h++) {
		if (vq->chain[h].token) {
			*token = release(vq, h);
			return 1;
		}
	}
	/* Nothing outstanding: start the rings afresh, as after vq_init. */
	struct plat_dma_page page[3];
	memcpy(page, vq->page, sizeof(page));
	for (int i = 0; i < 3; i++)
		memset(page[i].va, 0, 4096);
	return vq_init(vq, vq->size, page);
}
