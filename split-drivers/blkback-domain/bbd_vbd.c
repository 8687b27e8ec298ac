/*
 * The back-end domain's vbd devices and their xenbus state machine
 * (design/driver-domain.md 4.3 and 4.6; the decisions are
 * split-drivers/xenbus.c's).  The toolstack creates
 * backend/vbd/<fe>/<devid> under our home; every scan lists that
 * directory, probes the new devices, releases the vanished ones, and acts
 * on each device's own state and its front end's:
 *
 *   probe:      frontend-id must equal <fe>, frontend must be the path
 *               Xen's layout gives, mode `r` or `w`; the store: the
 *               virtio-blk device the `pci-device` node names (which must
 *               be one this domain drives and serving no other vbd; it is
 *               read-only when mode is `r` or the device is), or without
 *               that node a RAM disk of bbd_disk_sectors (zeroed);
 *               feature-flush-cache = 1,
 *               feature-barrier = 1 (no indirect descriptors, no
 *               persistent grants, one page ring); state InitWait;
 *   connect:    the front end's ring-ref and event-channel (decimal, in
 *               range), protocol absent or x86_64-abi; map the ring, bind
 *               the port; sectors, info, sector-size, physical-sector-size;
 *               state Connected;
 *   disconnect: wait until the device has finished every request blkback
 *               gave it (answered on the ring still mapped), then unbind,
 *               unmap; state Closing or Closed.
 * A value that fails a check sends that device alone to Closing.
 */
#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include "bbd.h"
#include "xb_dir.h"
#include "xs_client.h"

#define XS_TIMEOUT 5000000000ull

struct bbd_vbd bbd_vbds[BBD_MAX_VBDS];
static char reply[1024];

static void set_state(struct bbd_vbd *v, enum xenbus_state s)
{
	v->state = s;
	xb_write_u(v->dir, "state", s);
}

static void disconnect(struct bbd_vbd *v)
{
	if (!v->connected)
		return;
	while (blkback_in_flight(&v->bb))      /* the ring and the bounce buffer stay till then */
		bbd_virtio_wait(v->device);
	evtchn_close(v->port);
	bbd_unmap_ring((unsigned)(v - bbd_vbds), v->ring_handle);
	v->connected = false;
}

static void refuse(struct bbd_vbd *v, const char *why)
{
	printf("blkback: d%u vbd %lu: %s: closing it\n", v->fe, v->devid, why);
	disconnect(v);
	set_state(v, XenbusStateClosing);
}

void bbd_cut_off(struct bbd_vbd *v, const char *why)
{
	printf("blkback: d%u vbd %lu: front end cut off: %s (%lu requests answered, %lu refused)\n", v->fe,
	       v->devid, why, (unsigned long)v->bb.answered, (unsigned long)v->bb.refused);
	disconnect(v);
	set_state(v, XenbusStateClosing);
}

static void probe(struct bbd_vbd *v)
{
	uint64_t fe_id;
	char mode[8], expect[VBD_PATH_MAX];
	if (!xb_read_max(v->dir, "frontend-id", DOMID_FIRST_RESERVED - 1, &fe_id) || fe_id != v->fe ||
	    !xb_read(v->dir, "frontend", v->fe_dir, sizeof(v->fe_dir)) ||
	    !vbd_frontend_dir(expect, v->fe, v->devid) || strcmp(expect, v->fe_dir) != 0)
		return refuse(v, "frontend-id or frontend is not this device's");
	if (!xb_read(v->dir, "mode", mode, sizeof(mode)) || (strcmp(mode, "r") && strcmp(mode, "w")))
		return refuse(v, "mode is neither r nor w");
	v->readonly = mode[0] == 'r';
	char pci[32];
	const char *why;
	if (!v->device && xb_read(v->dir, VBD_PCI_DEVICE_KEY, pci, sizeof(pci)) &&
	    !(v->device = bbd_virtio_claim(pci, &why))) {
		printf("blkback: d%u vbd %lu: pci-device %s: %s\n", v->fe, v->devid, pci, why);
		return refuse(v, "no device for it");
	}
	if (!v->bounce && !(v->bounce = memalign(4096, BLKBACK_BOUNCE_BYTES)))
		return refuse(v, "no memory for its bounce buffer");
	if (v->device) {
		v->readonly |= v->device->readonly;
		v->store = v->device;
	} else {
		if (!v->mem && !(v->mem = calloc(bbd_disk_sectors, 512)))
			return refuse(v, "no memory for its RAM disk");
		blk_ramdisk_init(&v->disk, v->mem, bbd_disk_sectors, v->readonly);
		v->store = &v->disk.store;
	}
	xb_write(v->dir, "feature-flush-cache", "1");
	xb_write(v->dir, "feature-barrier", "1");
	set_state(v, XenbusStateInitWait);
	printf("blkback: d%u vbd %lu: %lu sectors of %s%s, waiting for the front end\n", v->fe, v->devid,
	       (unsigned long)v->store->sectors, v->device ? "its virtio-blk disk" : "RAM",
	       v->readonly ? ", read-only" : "");
}

static void connect(struct bbd_vbd *v)
{
	uint64_t ref, port;
	char proto[32];
	if (!xb_read_max(v->fe_dir, "ring-ref", UINT32_MAX, &ref) || !xb_read_max(v->fe_dir, "event-channel", UINT32_MAX, &port))
		return refuse(v, "ring-ref or event-channel missing or malformed");
	if (xb_read(v->fe_dir, "protocol", proto, sizeof(proto)) && strcmp(proto, "x86_64-abi") != 0)
		return refuse(v, "protocol is not x86_64-abi");
	void *va;
	unsigned i = (unsigned)(v - bbd_vbds);
	int16_t st = bbd_map_ring(i, (domid_t)v->fe, (grant_ref_t)ref, &v->ring_handle, &va);
	if (st != GNTST_okay) {
		printf("blkback: d%u vbd %lu: ring-ref %lu: map status %d\n", v->fe, v->devid, (unsigned long)ref, st);
		return refuse(v, "cannot map the ring");
	}
	if (evtchn_bind_interdomain((domid_t)v->fe, (evtchn_port_t)port, &v->port)) {
		bbd_unmap_ring(i, v->ring_handle);
		return refuse(v, "cannot bind the event channel");
	}
	events_mask(v->port);
	v->connected = true;
	struct blkback_io io = { bbd_copy, (void *)(uintptr_t)v->fe };
	blkback_init(&v->bb, va, v->store, &io, v->bounce);
	v->last_refused = v->next_report = 0;
	xb_write_u(v->dir, "sectors", v->store->sectors);
	xb_write_u(v->dir, "info", v->readonly ? VDISK_READONLY : 0);
	xb_write(v->dir, "sector-size", "512");
	xb_write(v->dir, "physical-sector-size", "512");
	set_state(v, XenbusStateConnected);
	printf("blkback: d%u vbd %lu: connected (ring-ref %lu, port %lu)\n", v->fe, v->devid, (unsigned long)ref,
	       (unsigned long)port);
}

static void step(struct bbd_vbd *v)
{
	enum xenbus_state fe = bbd_frontend_state(v->state, v->fe_dir);
	switch (vbd_back_next(v->state, fe)) {
	case VBD_INIT_WAIT:
	case VBD_REWAIT:
		probe(v);
		break;
	case VBD_CONNECT:
		connect(v);
		break;
	case VBD_CLOSING:
		disconnect(v);
		set_state(v, XenbusStateClosing);
		break;
	case VBD_CLOSED:
		disconnect(v);
		set_state(v, XenbusStateClosed);
		printf("blkback: d%u vbd %lu: closed\n", v->fe, v->devid);
		break;
	case VBD_WAIT:
		break;
	}
}

static struct bbd_vbd *find(unsigned fe, unsigned long devid)
{
	for (unsigned i = 0; i < BBD_MAX_VBDS; i++)
		if (bbd_vbds[i].used && bbd_vbds[i].fe == fe && bbd_vbds[i].devid == devid)
			return &bbd_vbds[i];
	return NULL;
}

static void add(unsigned fe, unsigned long devid)
{
	struct bbd_vbd *v = find(fe, devid);
	if (v) {
		v->seen = true;
		return;
	}
	for (unsigned i = 0; i < BBD_MAX_VBDS && !v; i++)
		if (!bbd_vbds[i].used)
			v = &bbd_vbds[i];
	if (!v) {
		printf("blkback: d%u vbd %lu: no room (at most %u devices)\n", fe, devid, BBD_MAX_VBDS);
		return;
	}
	memset(v, 0, sizeof(*v));              /* a freed slot: no RAM disk, no bounce buffer, no device */
	v->used = v->seen = true;
	v->fe = fe;
	v->devid = devid;
	v->state = XenbusStateInitialising;
	snprintf(v->dir, sizeof(v->dir), "backend/vbd/%u/%lu", fe, devid);
	char w[VBD_PATH_MAX + 16];
	int n = snprintf(w, sizeof(w), "/local/domain/%u/device/vbd/%lu/state", fe, devid) + 1;
	n += snprintf(w + n, sizeof(w) - (size_t)n, "fe") + 1;
	xs_client_request(XS_WATCH, w, (uint32_t)n, reply, sizeof(reply), XS_TIMEOUT);
}

/* A device whose directory is gone: let go of everything it held. */
static void drop(struct bbd_vbd *v)
{
	disconnect(v);
	printf("blkback: d%u vbd %lu: removed by the toolstack\n", v->fe, v->devid);
	free(v->mem);
	free(v->bounce);
	v->mem = v->bounce = NULL;
	if (v->device)
		bbd_virtio_release(v->device);
	v->device = v->store = NULL;
	v->used = false;
}

void bbd_scan(void)
{
	for (unsigned i = 0; i < BBD_MAX_VBDS; i++)
		bbd_vbds[i].seen = false;
	bbd_list("vbd", add);
	for (unsigned i = 0; i < BBD_MAX_VBDS; i++) {
		struct bbd_vbd *v = &bbd_vbds[i];
		if (v->used && !v->seen)
			drop(v);
		else if (v->used)
			step(v);
	}
}
