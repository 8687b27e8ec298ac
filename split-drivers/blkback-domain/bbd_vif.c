/*
 * The back-end domain's vif devices (netback) and the bridge between them
 * (design/driver-domain.md 4.4 and 4.6; decisions in split-drivers/
 * xenbus.c, the engine split-drivers/netback.c, the switch
 * split-drivers/bridge.c).  The toolstack creates
 * backend/vif/<fe>/<devid> under our home; every scan lists that
 * directory, probes the new devices, releases the vanished ones and acts
 * on each device's own state and its front end's:
 *
 *   probe:      frontend-id must equal <fe>, frontend the path Xen's
 *               layout gives, handle <devid>, mac a MAC address; write
 *               feature-sg = 1 (multi-slot packets accepted),
 *               feature-rx-copy = 1, feature-rx-flip = 0,
 *               feature-split-event-channels = 0 (no GSO, no multi-queue,
 *               no control ring, no multicast control); state InitWait;
 *   connect:    only once the front end is Connected (4), as Linux
 *               netback: tx-ring-ref, rx-ring-ref, event-channel (decimal,
 *               in range), request-rx-copy = 1, multi-queue-num-queues
 *               absent or 1; map both rings, bind the port, join the
 *               bridge locked to the backend's mac; state Connected;
 *   disconnect: leave the bridge, unbind, unmap; state Closing or Closed.
 * A value that fails a check, or a front end that breaks the protocol,
 * sends that device alone to Closing.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bbd.h"
#include "bridge.h"
#include "netback.h"
#include "vif_nodes.h"
#include "xb_dir.h"
#include "xs_client.h"

#define XS_TIMEOUT 5000000000ull
#define VIF_BUDGET 64           /* packets per vif per round */

struct bbd_vif {
	bool used, seen;
	unsigned fe;
	unsigned long devid;
	char dir[64];                   /* backend/vif/<fe>/<devid>, relative to our home */
	char fe_dir[VBD_PATH_MAX];
	enum xenbus_state state;
	uint8_t mac[6];
	uint8_t *mem;                   /* NETBACK_MEM_BYTES, page-aligned */
	bool connected;
	grant_handle_t tx_handle, rx_handle;
	evtchn_port_t port;
	int bport;                      /* our port on the bridge */
	struct netback nb;
	uint64_t last_dropped;          /* drops already reported */
	uint64_t last_rx_dropped;       /* frames for the front end dropped, already reported */
	uint64_t next_rx_report;        /* system time before which no RX drop is reported */
};

static struct bbd_vif vifs[BBD_MAX_VIFS];
static struct bridge br;
static bool br_ready;

struct bridge *bbd_bridge(void)
{
	if (!br_ready) {
		bridge_init(&br);
		br_ready = true;
	}
	return &br;
}
static uint8_t tx_win[BBD_MAX_VIFS][4096] __attribute__((aligned(4096)));
static uint8_t rx_win[BBD_MAX_VIFS][4096] __attribute__((aligned(4096)));
static char reply[1024];

static void set_state(struct bbd_vif *v, enum xenbus_state s)
{
	v->state = s;
	xb_write_u(v->dir, "state", s);
}

static void disconnect(struct bbd_vif *v)
{
	if (!v->connected)
		return;
	bridge_del_port(&br, v->bport);
	evtchn_close(v->port);
	unsigned i = (unsigned)(v - vifs);
	bbd_unmap_window(tx_win[i], v->tx_handle);
	bbd_unmap_window(rx_win[i], v->rx_handle);
	v->connected = false;
}

static void refuse(struct bbd_vif *v, const char *why)
{
	printf("netback: d%u vif %lu: %s: closing it\n", v->fe, v->devid, why);
	disconnect(v);
	set_state(v, XenbusStateClosing);
}

/* The bridge hands us a frame for this vif's front end. */
static void to_front(void *ctx, const uint8_t *frame, unsigned len)
{
	netback_rx_queue(&((struct bbd_vif *)ctx)->nb, frame, len);
}

/* The front end sent a frame: onto the bridge. */
static void from_front(void *arg, const uint8_t *frame, unsigned len)
{
	bridge_input(&br, ((struct bbd_vif *)arg)->bport, frame, len);
}

static void probe(struct bbd_vif *v)
{
	uint64_t fe_id, handle;
	char expect[VBD_PATH_MAX], mac[24];
	if (!xb_read_max(v->dir, "frontend-id", DOMID_FIRST_RESERVED - 1, &fe_id) || fe_id != v->fe ||
	    !xb_read(v->dir, "frontend", v->fe_dir, sizeof(v->fe_dir)) ||
	    !dev_frontend_dir(expect, "vif", v->fe, v->devid) || strcmp(expect, v->fe_dir) != 0)
		return refuse(v, "frontend-id or frontend is not this device's");
	if (!xb_read_max(v->dir, "handle", UINT32_MAX, &handle) || handle != v->devid)
		return refuse(v, "handle is not this device's number");
	if (!xb_read(v->dir, "mac", mac, sizeof(mac)) || !vif_parse_mac(mac, v->mac))
		return refuse(v, "mac is not a MAC address");
	if (!v->mem && !(v->mem = memalign(4096, NETBACK_MEM_BYTES)))
		return refuse(v, "no memory for its frame buffers");
	xb_write(v->dir, "feature-sg", "1");
	xb_write(v->dir, "feature-rx-copy", "1");
	xb_write(v->dir, "feature-rx-flip", "0");
	xb_write(v->dir, "feature-split-event-channels", "0");
	set_state(v, XenbusStateInitWait);
	printf("netback: d%u vif %lu: %s, waiting for the front end\n", v->fe, v->devid, mac);
}

static void connect(struct bbd_vif *v)
{
	uint64_t tx, rx, port, copy, queues;
	if (!xb_read_max(v->fe_dir, "tx-ring-ref", UINT32_MAX, &tx) || !xb_read_max(v->fe_dir, "rx-ring-ref", UINT32_MAX, &rx))
		return refuse(v, "tx-ring-ref or rx-ring-ref missing or malformed");
	if (!xb_read_max(v->fe_dir, "event-channel", UINT32_MAX, &port))
		return refuse(v, "event-channel missing or malformed (split event channels are not offered)");
	if (!xb_read_max(v->fe_dir, "request-rx-copy", 1, &copy) || copy != 1)
		return refuse(v, "request-rx-copy is not 1 (receive by page flipping is not offered)");
	if (xb_read_max(v->fe_dir, "multi-queue-num-queues", UINT32_MAX, &queues) && queues != 1)
		return refuse(v, "more than one queue asked for (multi-queue is not offered)");
	unsigned i = (unsigned)(v - vifs);
	int16_t st = bbd_map_window(tx_win[i], (domid_t)v->fe, (grant_ref_t)tx, &v->tx_handle);
	if (st != GNTST_okay) {
		printf("netback: d%u vif %lu: tx-ring-ref %lu: map status %d\n", v->fe, v->devid, (unsigned long)tx, st);
		return refuse(v, "cannot map the TX ring");
	}
	st = bbd_map_window(rx_win[i], (domid_t)v->fe, (grant_ref_t)rx, &v->rx_handle);
	if (st != GNTST_okay) {
		bbd_unmap_window(tx_win[i], v->tx_handle);
		printf("netback: d%u vif %lu: rx-ring-ref %lu: map status %d\n", v->fe, v->devid, (unsigned long)rx, st);
		return refuse(v, "cannot map the RX ring");
	}
	if (evtchn_bind_interdomain((domid_t)v->fe, (evtchn_port_t)port, &v->port)) {
		bbd_unmap_window(tx_win[i], v->tx_handle);
		bbd_unmap_window(rx_win[i], v->rx_handle);
		return refuse(v, "cannot bind the event channel");
	}
	events_mask(v->port);
	struct bridge_port_ops ops = { to_front, v };
	v->bport = bridge_add_port(bbd_bridge(), &ops, v->mac);
	v->connected = true;
	if (v->bport < 0)
		return refuse(v, "its MAC is already on the bridge (or the bridge is full)");
	struct blkback_io io = { bbd_copy, (void *)(uintptr_t)v->fe };
	netback_init(&v->nb, (struct netif_tx_sring *)tx_win[i], (struct netif_rx_sring *)rx_win[i], &io, v->mem,
		     from_front, v);
	v->last_dropped = 0;
	v->last_rx_dropped = v->nb.rx_dropped;
	set_state(v, XenbusStateConnected);
	printf("netback: d%u vif %lu: connected to bridge %s port %d (tx-ring-ref %lu, rx-ring-ref %lu, port %lu)\n",
	       v->fe, v->devid, VIF_BRIDGE_NAME, v->bport, (unsigned long)tx, (unsigned long)rx, (unsigned long)port);
}

static void cut_off(struct bbd_vif *v)
{
	printf("netback: d%u vif %lu: front end cut off: %s (%lu frames sent, %lu dropped)\n", v->fe, v->devid,
	       v->nb.broken, (unsigned long)v->nb.tx_packets, (unsigned long)v->nb.tx_dropped);
	disconnect(v);
	set_state(v, XenbusStateClosing);
}

bool bbd_vif_serve(void)
{
	bool more = false;
	for (unsigned i = 0; i < BBD_MAX_VIFS; i++) {
		struct bbd_vif *v = &vifs[i];
		if (!v->used || !v->connected)
			continue;
		events_clear(v->port);
		bool notify = false;
		int n = netback_tx(&v->nb, VIF_BUDGET, &notify);
		if (notify)
			evtchn_send(v->port);
		if (n < 0) {
			cut_off(v);
			continue;
		}
		if (v->nb.tx_dropped > v->last_dropped) {
			printf("netback: d%u vif %lu: dropped %lu packet(s), the last for: %s\n", v->fe, v->devid,
			       (unsigned long)(v->nb.tx_dropped - v->last_dropped), v->nb.last_drop);
			v->last_dropped = v->nb.tx_dropped;
		}
		more |= n == VIF_BUDGET;
	}
	for (unsigned i = 0; i < BBD_MAX_VIFS; i++) {
		struct bbd_vif *v = &vifs[i];
		if (!v->used || !v->connected)
			continue;
		if (v->nb.rx_dropped > v->last_rx_dropped && system_time_ns() >= v->next_rx_report) {
			v->next_rx_report = system_time_ns() + 1000000000ull;
			printf("netback: d%u vif %lu: dropped %lu frame(s) for the front end (no page posted, queue full)\n",
			       v->fe, v->devid, (unsigned long)(v->nb.rx_dropped - v->last_rx_dropped));
			v->last_rx_dropped = v->nb.rx_dropped;
		}
		bool notify = false;
		int n = netback_rx_flush(&v->nb, &notify);
		if (notify)
			evtchn_send(v->port);
		if (n < 0)
			cut_off(v);
	}
	return more;
}

unsigned bbd_vif_ports(evtchn_port_t *ports, unsigned n)
{
	for (unsigned i = 0; i < BBD_MAX_VIFS; i++)
		if (vifs[i].used && vifs[i].connected)
			ports[n++] = vifs[i].port;
	return n;
}

unsigned bbd_vif_count(void)
{
	unsigned n = 0;
	for (unsigned i = 0; i < BBD_MAX_VIFS; i++)
		n += vifs[i].used;
	return n;
}

static void step(struct bbd_vif *v)
{
	enum xenbus_state fe = bbd_frontend_state(v->state, v->fe_dir);
	switch (vif_back_next(v->state, fe)) {
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
		printf("netback: d%u vif %lu: closed\n", v->fe, v->devid);
		break;
	case VBD_WAIT:
		break;
	}
}

static void add(unsigned fe, unsigned long devid)
{
	struct bbd_vif *v = NULL;
	for (unsigned i = 0; i < BBD_MAX_VIFS && !v; i++)
		if (vifs[i].used && vifs[i].fe == fe && vifs[i].devid == devid)
			v = &vifs[i];
	if (v) {
		v->seen = true;
		return;
	}
	for (unsigned i = 0; i < BBD_MAX_VIFS && !v; i++)
		if (!vifs[i].used)
			v = &vifs[i];
	if (!v) {
		printf("netback: d%u vif %lu: no room (at most %u devices)\n", fe, devid, BBD_MAX_VIFS);
		return;
	}
	memset(v, 0, sizeof(*v));              /* a freed slot: no buffers */
	v->used = v->seen = true;
	v->fe = fe;
	v->devid = devid;
	v->state = XenbusStateInitialising;
	snprintf(v->dir, sizeof(v->dir), "backend/vif/%u/%lu", fe, devid);
	char w[VBD_PATH_MAX + 16];
	int n = snprintf(w, sizeof(w), "/local/domain/%u/device/vif/%lu/state", fe, devid) + 1;
	n += snprintf(w + n, sizeof(w) - (size_t)n, "fe") + 1;
	xs_client_request(XS_WATCH, w, (uint32_t)n, reply, sizeof(reply), XS_TIMEOUT);
}

static void drop(struct bbd_vif *v)
{
	disconnect(v);
	printf("netback: d%u vif %lu: removed by the toolstack\n", v->fe, v->devid);
	free(v->mem);
	v->mem = NULL;
	v->used = false;
}

void bbd_vif_scan(void)
{
	for (unsigned i = 0; i < BBD_MAX_VIFS; i++)
		vifs[i].seen = false;
	bbd_list("vif", add);
	for (unsigned i = 0; i < BBD_MAX_VIFS; i++) {
		struct bbd_vif *v = &vifs[i];
		if (v->used && !v->seen)
			drop(v);
		else if (v->used)
			step(v);
	}
}
