/*
 * The virtio device model (fake_virtio.h).  BAR 4 layout as QEMU's:
 * common configuration at 0x0000, ISR at 0x1000, device configuration at
 * 0x2000, notifications at 0x3000 + 4 * queue.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fake_machine.h"
#include "fake_virtio.h"

#define ST_ACK 1
#define ST_DRIVER 2
#define ST_DRIVER_OK 4
#define ST_FEATURES_OK 8
#define ST_FAILED 0x80
#define VERSION_1 (1ull << 32)
#define CHAIN_MAX 64

static void fault(struct fake_virtio *d, const char *fmt, ...)
{
	va_list ap;
	if (d->error[0])
		return;
	va_start(ap, fmt);
	vsnprintf(d->error, sizeof(d->error), fmt, ap);
	va_end(ap);
}

static void reset_queues(struct fake_virtio *d)
{
	for (unsigned i = 0; i < FV_QUEUES; i++) {
		uint16_t max = d->q[i].max;
		d->q[i] = (struct fv_queue){ .max = max, .size = max, .notify_off = (uint16_t)i };
	}
}

static void init_common(struct fake_virtio *d, unsigned type, unsigned nqueues, uint64_t offered)
{
	memset(d, 0, sizeof(*d));
	d->type = type;
	d->nqueues = nqueues;
	d->offered = offered;
	for (unsigned i = 0; i < nqueues; i++)
		d->q[i].max = 256;
	reset_queues(d);
	d->status = 0x0F;               /* left running by "firmware" */
}

void fv_init_blk(struct fake_virtio *d, uint64_t sectors, uint64_t offered)
{
	init_common(d, 2, 1, offered);
	d->disk_bytes = sectors * 512;
	d->disk = calloc(1, d->disk_bytes ? d->disk_bytes : 1);
	for (int i = 0; i < 8; i++)
		d->config[i] = (uint8_t)(sectors >> (8 * i));
	d->config[12] = 254;            /* seg_max */
	d->config[21] = 2;              /* blk_size 512 */
}

void fv_init_net(struct fake_virtio *d, const uint8_t mac[6], uint16_t status, uint64_t offered)
{
	init_common(d, 1, 3, offered);
	memcpy(d->config, mac, 6);
	d->config[6] = (uint8_t)status;
	d->config[7] = (uint8_t)(status >> 8);
}

void fv_free(struct fake_virtio *d)
{
	free(d->disk);
	d->disk = NULL;
}

static struct fv_queue *selected(struct fake_virtio *d)
{
	return d->qsel < d->nqueues ? &d->q[d->qsel] : NULL;
}

static uint32_t common_read(struct fake_virtio *d, uint32_t off, unsigned width)
{
	struct fv_queue *q = selected(d);
	switch (off) {
	case 0: return d->dfsel;
	case 4: return d->dfsel < 2 ? (uint32_t)(d->offered >> (32 * d->dfsel)) : 0;
	case 8: return d->gfsel;
	case 12: return d->gfsel < 2 ? (uint32_t)(d->accepted >> (32 * d->gfsel)) : 0;
	case 16: return 0xFFFF;
	case 18: return d->nqueues;
	case 20: return d->status;
	case 21: return d->unstable_generation ? d->generation++ : d->generation;
	case 22: return d->qsel;
	case 24: return q ? q->size : 0;
	case 26: return 0xFFFF;
	case 28: return q ? q->enabled : 0;
	case 30: return q ? q->notify_off : 0;
	case 32: return q ? (uint32_t)q->desc : 0;
	case 36: return q ? (uint32_t)(q->desc >> 32) : 0;
	case 40: return q ? (uint32_t)q->avail : 0;
	case 44: return q ? (uint32_t)(q->avail >> 32) : 0;
	case 48: return q ? (uint32_t)q->used : 0;
	case 52: return q ? (uint32_t)(q->used >> 32) : 0;
	}
	fault(d, "read of common config offset %u width %u", off, width);
	return 0;
}

static void set_status(struct fake_virtio *d, uint8_t v)
{
	if (d->nstatus < sizeof(d->status_log))
		d->status_log[d->nstatus++] = v;
	if (v == 0) {
		d->status = 0;
		d->accepted = 0;
		d->isr = 0;
		d->npending = 0;
		d->resets++;
		reset_queues(d);
		return;
	}
	if ((v & d->status) != d->status)
		fault(d, "status 0x%x clears bits of 0x%x", v, d->status);
	if (v & ST_FAILED) {
		d->status = v;
		return;
	}
	if (((v & ST_DRIVER) && !(v & ST_ACK)) || ((v & ST_FEATURES_OK) && !(v & ST_DRIVER)) ||
	    ((v & ST_DRIVER_OK) && !(v & ST_FEATURES_OK)))
		fault(d, "status 0x%x out of order", v);
	if ((v & ST_FEATURES_OK) && !(d->status & ST_FEATURES_OK)) {
		if (d->accepted & ~d->offered)
			fault(d, "accepted 0x%llx beyond offered", (unsigned long long)d->accepted);
		if (!(d->accepted & VERSION_1) || (d->accepted & d->refuse))
			v &= (uint8_t)~ST_FEATURES_OK;
	}
	d->status = v;
}

static void enable_queue(struct fake_virtio *d, struct fv_queue *q)
{
	if (!(d->status & ST_FEATURES_OK) || (d->status & ST_DRIVER_OK))
		fault(d, "queue enabled outside FEATURES_OK..DRIVER_OK");
	if (!fake_mem(q->desc, 16u * q->size) || q->desc % 16 || !fake_mem(q->avail, 6u + 2 * q->size) ||
	    q->avail % 2 || !fake_mem(q->used, 6u + 8 * q->size) || q->used % 4)
		fault(d, "queue rings at addresses the driver does not own");
	q->enabled = true;
}

static void set64(uint64_t *f, uint32_t off, uint32_t val)
{
	if (off % 8)
		*f = (*f & 0xFFFFFFFFull) | (uint64_t)val << 32;
	else
		*f = (*f & ~0xFFFFFFFFull) | val;
}

static void common_write(struct fake_virtio *d, uint32_t off, unsigned width, uint32_t val)
{
	struct fv_queue *q = selected(d);
	if (off >= 24 && !q) {
		fault(d, "queue register written with no queue selected");
		return;
	}
	if (off >= 24 && q->enabled) {
		fault(d, "queue register %u written after enable", off);
		return;
	}
	switch (off) {
	case 0: d->dfsel = val; return;
	case 8: d->gfsel = val; return;
	case 12:
		if (!(d->status & ST_DRIVER) || (d->status & ST_FEATURES_OK))
			fault(d, "features written in status 0x%x", d->status);
		if (d->gfsel < 2)
			d->accepted = (d->accepted & ~(0xFFFFFFFFull << (32 * d->gfsel))) |
			              (uint64_t)val << (32 * d->gfsel);
		return;
	case 16: return;
	case 20: set_status(d, (uint8_t)val); return;
	case 22: d->qsel = (uint16_t)val; return;
	case 24:
		if (val == 0 || val > q->max || (val & (val - 1)))
			fault(d, "queue size %u", val);
		q->size = (uint16_t)val;
		return;
	case 26: return;
	case 28: if (val == 1) enable_queue(d, q); return;
	case 32: case 36: set64(&q->desc, off, val); return;
	case 40: case 44: set64(&q->avail, off, val); return;
	case 48: case 52: set64(&q->used, off, val); return;
	}
	fault(d, "write of common config offset %u width %u", off, width);
}

/* --- queues ---------------------------------------------------------- */

struct seg {
	uint8_t *p;
	uint32_t len;
	bool writable;
};

static void put_used(struct fake_virtio *d, unsigned qi, uint32_t id, uint32_t len, uint16_t advance)
{
	struct fv_queue *q = &d->q[qi];
	uint8_t *used = fake_mem(q->used, 6u + 8 * q->size);
	if (!used) {
		fault(d, "used ring vanished");
		return;
	}
	uint8_t *e = used + 4 + 8 * (q->used_idx % q->size);
	memcpy(e, &id, 4);
	memcpy(e + 4, &len, 4);
	q->used_idx = (uint16_t)(q->used_idx + advance);
	memcpy(used + 2, &q->used_idx, 2);
	d->isr |= 1;
}

void fv_push_used(struct fake_virtio *d, unsigned q, uint32_t id, uint32_t len, uint16_t advance)
{
	put_used(d, q, id, len, advance);
}

/* The chain at head, or -1 (a fault is recorded). */
static int walk(struct fake_virtio *d, struct fv_queue *q, uint16_t head, struct seg *segs)
{
	uint8_t *desc = fake_mem(q->desc, 16u * q->size);
	uint16_t i = head;
	bool seen_writable = false;
	for (int n = 0; n < CHAIN_MAX && n < q->size; n++) {
		if (i >= q->size) {
			fault(d, "descriptor index %u past queue size %u", i, q->size);
			return -1;
		}
		uint64_t addr;
		uint32_t len;
		uint16_t flags, next;
		memcpy(&addr, desc + 16 * i, 8);
		memcpy(&len, desc + 16 * i + 8, 4);
		memcpy(&flags, desc + 16 * i + 12, 2);
		memcpy(&next, desc + 16 * i + 14, 2);
		segs[n] = (struct seg){ fake_mem(addr, len), len, flags & 2 };
		if (!segs[n].p) {
			fault(d, "descriptor %u: buffer 0x%llx+%u not the driver's", i,
			      (unsigned long long)addr, len);
			return -1;
		}
		if (seen_writable && !(flags & 2)) {
			fault(d, "readable descriptor after a writable one");
			return -1;
		}
		seen_writable |= flags & 2;
		if (!(flags & 1))
			return n + 1;
		i = next;
	}
	fault(d, "chain longer than the queue");
	return -1;
}

static uint32_t do_block(struct fake_virtio *d, struct seg *s, int n)
{
	if (n < 2 || s[0].writable || s[0].len != 16 || !s[n - 1].writable || s[n - 1].len != 1) {
		fault(d, "block request of a bad shape");
		return 0;
	}
	uint32_t type;
	uint64_t sector;
	memcpy(&type, s[0].p, 4);
	memcpy(&sector, s[0].p + 8, 8);
	uint8_t status = 0;
	uint32_t written = 0;
	uint64_t at = sector * 512;
	if (type == 0 || type == 1) {
		for (int i = 1; i < n - 1; i++) {
			if ((type == 0) != s[i].writable) {
				fault(d, "data direction wrong for type %u", type);
				return 0;
			}
			if (at > d->disk_bytes || s[i].len > d->disk_bytes - at) {
				status = 1;
				break;
			}
			if (type == 0) {
				memcpy(s[i].p, d->disk + at, s[i].len);
				written += s[i].len;
			} else {
				memcpy(d->disk + at, s[i].p, s[i].len);
			}
			at += s[i].len;
		}
	} else if (type == 4) {
		d->flushes++;
	} else {
		status = 2;
	}
	if (d->skip_status)
		return written;
	*s[n - 1].p = status;
	return written + 1;
}

static uint32_t do_tx(struct fake_virtio *d, struct seg *s, int n)
{
	uint8_t buf[1700];
	uint32_t len = 0;
	for (int i = 0; i < n; i++) {
		if (s[i].writable || s[i].len > sizeof(buf) - len) {
			fault(d, "transmit chain bad");
			return 0;
		}
		memcpy(buf + len, s[i].p, s[i].len);
		len += s[i].len;
	}
	static const uint8_t zero[12];
	if (len < 12 || memcmp(buf, zero, 12) != 0) {
		fault(d, "transmit header missing or not zero");
		return 0;
	}
	if (d->ntx < FV_FRAMES) {
		memcpy(d->tx[d->ntx], buf + 12, len - 12);
		d->tx_len[d->ntx++] = len - 12;
	}
	return 0;
}

static bool next_avail(struct fake_virtio *d, struct fv_queue *q, uint16_t *head)
{
	uint8_t *avail = fake_mem(q->avail, 6u + 2 * q->size);
	uint16_t idx;
	memcpy(&idx, avail + 2, 2);
	if (idx == q->last_avail)
		return false;
	if ((uint16_t)(idx - q->last_avail) > q->size) {
		fault(d, "available index %u runs %u ahead", idx, (uint16_t)(idx - q->last_avail));
		return false;
	}
	memcpy(head, avail + 4 + 2 * (q->last_avail % q->size), 2);
	q->last_avail++;
	return true;
}

static void notified(struct fake_virtio *d, unsigned qi)
{
	struct fv_queue *q = &d->q[qi];
	struct seg segs[CHAIN_MAX];
	uint16_t head;

	q->notifies++;
	if (!(d->status & ST_DRIVER_OK) || !q->enabled) {
		fault(d, "queue %u notified before DRIVER_OK or enable", qi);
		return;
	}
	if (d->type == 1 && qi == 0)
		return;                         /* receive buffers wait for fv_inject */
	while (next_avail(d, q, &head)) {
		int n = walk(d, q, head, segs);
		if (n < 0)
			return;
		uint32_t len = d->type == 2 ? do_block(d, segs, n) : do_tx(d, segs, n);
		if (d->defer && d->npending < FV_PENDING)
			d->pending[d->npending++] = (struct fv_done){ (uint16_t)qi, head, len };
		else
			put_used(d, qi, head, len, 1);
	}
}

void fv_complete(struct fake_virtio *d, unsigned i)
{
	struct fv_done c = d->pending[i];
	d->pending[i] = d->pending[--d->npending];
	put_used(d, c.queue, c.head, c.len, 1);
}

bool fv_inject(struct fake_virtio *d, const void *frame, uint32_t len, uint32_t used_len_override)
{
	struct fv_queue *q = &d->q[0];
	struct seg segs[CHAIN_MAX];
	uint16_t head;
	if (!q->enabled || !next_avail(d, q, &head))
		return false;
	int n = walk(d, q, head, segs);
	if (n != 1 || !segs[0].writable || segs[0].len < 12 + len) {
		fault(d, "receive buffer of a bad shape");
		return false;
	}
	memset(segs[0].p, 0, 12);
	segs[0].p[10] = 1;                      /* num_buffers */
	memcpy(segs[0].p + 12, frame, len);
	put_used(d, 0, head, used_len_override ? used_len_override : 12 + len, 1);
	return true;
}

/* --- register dispatch ----------------------------------------------- */

uint32_t fv_read(struct fake_virtio *d, uint32_t off, unsigned width)
{
	if (off < 0x1000)
		return common_read(d, off, width);
	if (off == 0x1000) {
		uint8_t isr = d->isr;
		d->isr = 0;
		return isr;
	}
	if (off >= 0x2000 && off < 0x3000) {
		uint32_t v = 0;
		for (unsigned i = 0; i < width; i++) {
			uint32_t at = off - 0x2000 + i;
			v |= (uint32_t)(at < sizeof(d->config) ? d->config[at] : 0xFF) << (8 * i);
		}
		return v;
	}
	fault(d, "read at BAR offset 0x%x", off);
	return 0;
}

void fv_write(struct fake_virtio *d, uint32_t off, unsigned width, uint32_t val)
{
	if (off < 0x1000) {
		common_write(d, off, width, val);
	} else if (off >= 0x3000 && off < 0x3000 + 4 * FV_QUEUES && width == 2) {
		unsigned qi = (off - 0x3000) / 4;
		if (val != qi || qi >= d->nqueues)
			fault(d, "notify at 0x%x with %u", off, val);
		else
			notified(d, qi);
	} else {
		fault(d, "write at BAR offset 0x%x width %u", off, width);
	}
}
