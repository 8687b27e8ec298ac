/*
 * libFuzzer target for the virtio drivers' handling of what a device
 * writes (drivers/virtio_ring.c, virtio_blk.c, virtio_net.c), on the host
 * tests' simulated machine and device models (tests/unit/virtio/).
 *
 * The first byte picks the device.  Block: the input is a sequence of
 * requests submitted (reads, writes, flushes of random sectors and
 * segments), honest completions released in any order, raw used entries
 * with arbitrary id, length and index advance, polls, and re-initialisation
 * after the driver gave the device up.  Network: frames sent, frames
 * received with arbitrary used lengths into a caller buffer of arbitrary
 * size (allocated to that size, so ASan sees any overrun), raw used
 * entries on either queue.
 *
 * Checked after every step: a block callback runs only for a request that
 * was accepted and at most once; the driver's in-flight count equals
 * accepted minus called back; a received length never exceeds the caller's
 * buffer or VNET_FRAME_MAX; the device model saw no driver-side protocol
 * error.  Memory errors are ASan's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fake_machine.h"
#include "fake_virtio.h"
#include "fuzz_input.h"
#include "pci.h"
#include "virtio_blk.h"
#include "virtio_net.h"

#define REQS 4096

static struct fake_virtio dev;
static struct vblk blk;
static struct vnet net;
static unsigned char called[REQS];
static unsigned accepted, callbacks;

static void die(const char *why)
{
	fprintf(stderr, "virtio fuzz: %s (model: %s)\n", why, dev.error);
	abort();
}

static void done(void *arg, int status)
{
	unsigned i = (unsigned)(uintptr_t)arg;
	(void)status;
	if (i >= accepted || called[i])
		die("callback for a request not outstanding");
	called[i] = 1;
	callbacks++;
}

static struct pci_dev setup(const uint8_t mac[6], bool block)
{
	static const uint8_t zero[6];
	fv_free(&dev);
	fake_reset();
	if (block)
		fv_init_blk(&dev, 64, 0x0000010130006E54ull);
	else
		fv_init_net(&dev, mac ? mac : zero, 1, 0x0000010130BF8024ull);
	fake_add_virtio(PCI_BDF(0, 2, 0), &dev);
	struct pci_dev d;
	if (pci_enumerate(&fm.plat, &d, 1) != 1)
		die("no device");
	return d;
}

static void push_raw(struct input *in, unsigned q)
{
	uint32_t id = (uint32_t)next_le(in, 2) % 300, len = next32(in);
	uint16_t advance = next8(in) % 4;
	if (dev.q[q].enabled)
		fv_push_used(&dev, q, id, len, advance);
}

static void fuzz_block(struct input *in)
{
	struct pci_dev d = setup(NULL, true);
	struct plat_dma_page page;
	accepted = callbacks = 0;
	memset(called, 0, sizeof(called));
	if (vblk_init(&blk, &fm.plat, &d) < 0 || fm.plat.dma_alloc(&fm.plat, &page) < 0)
		die("init");
	dev.defer = true;
	while (in->n) {
		switch (next8(in) % 6) {
		case 0: case 1: {
			struct vblk_seg segs[3];
			unsigned op = next8(in) % 3, nseg = op == 2 ? 0 : 1 + next8(in) % 3;
			for (unsigned i = 0; i < nseg; i++)
				segs[i] = (struct vblk_seg){ page.maddr + 512 * (next8(in) % 8), 512 };
			if (accepted < REQS &&
			    vblk_submit(&blk, op == 2 ? VBLK_FLUSH : (enum vblk_op)op, next8(in) % 70, segs,
			                nseg, done, (void *)(uintptr_t)accepted) == 0)
				accepted++;
			break;
		}
		case 2:
			if (dev.npending)
				fv_complete(&dev, next8(in) % dev.npending);
			break;
		case 3:
			push_raw(in, 0);
			break;
		case 4:
			vblk_wait(&blk, 0);
			vblk_poll(&blk);
			break;
		case 5:
			if (blk.dead) {
				if (blk.in_flight)
					die("a dead device kept requests");
				vblk_close(&blk);
				if (fm.pages_live != 1)
					die("pages left after vblk_close");
				if (vblk_init(&blk, &fm.plat, &d) < 0)
					die("re-init");
				dev.defer = true;
			}
			break;
		}
		if (blk.in_flight != accepted - callbacks)
			die("in-flight count wrong");
		if (dev.error[0])
			die("device model error");
	}
}

static void fuzz_net(struct input *in)
{
	uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
	struct pci_dev d = setup(mac, false);
	uint8_t frame[VNET_FRAME_MAX];
	if (vnet_init(&net, &fm.plat, &d) < 0)
		die("init");
	while (in->n) {
		switch (next8(in) % 5) {
		case 0: {
			size_t len = next_le(in, 2) % (VNET_FRAME_MAX + 2);
			memset(frame, 0xA5, sizeof(frame));
			vnet_send(&net, frame, len);
			break;
		}
		case 1: {
			uint32_t len = (uint32_t)next_le(in, 2) % 1600, used = next8(in) & 1 ? next32(in) % 5000 : 0;
			memset(frame, 0x5A, sizeof(frame));
			fv_inject(&dev, frame, len > VNET_FRAME_MAX ? VNET_FRAME_MAX : len, used);
			break;
		}
		case 2: {
			size_t cap = next_le(in, 2) % 1600;
			uint8_t *buf = malloc(cap ? cap : 1);
			int got = vnet_recv(&net, buf, cap);
			free(buf);
			if (got > 0 && ((size_t)got > cap || got > VNET_FRAME_MAX || got < VNET_FRAME_MIN))
				die("received length out of bounds");
			break;
		}
		case 3:
			push_raw(in, next8(in) % 2);
			break;
		case 4:
			vnet_wait(&net, 0);
			vnet_link_up(&net);
			break;
		}
		if (dev.error[0])
			die("device model error");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	if (next8(&in) & 1)
		fuzz_net(&in);
	else
		fuzz_block(&in);
	return 0;
}
