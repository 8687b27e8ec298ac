/*
 * The back-end domain's physical NIC on the bridge: the first virtio-net
 * function the hypervisor gave this domain (a <hostdev> naming the slot
 * tools/umbra put an <interface>'s virtio-net-pci at; QEMU's user network
 * behind it) joins the vifs' bridge (bbd_vif.c) as an unlocked port: the
 * bridge learns the MACs behind it (QEMU's gateway) instead of fixing one.
 *
 * At start bbd_virtio_start() (bbd_virtio.c) brings up the PV driver
 * platform and enumerates PCI; it hands the first virtio-net function to
 * bbd_nic_attach(), which initialises it (drivers/virtio_net.c).  The main loop polls the NIC's interrupt port
 * with the others (nic_ports); each round bbd_nic_serve() reads the
 * ISR and ends the interrupt when the port fired, then hands every frame
 * the device received to the bridge.  The bridge's send callback copies a
 * frame into a transmit buffer (vnet_send); with all 32 in flight it waits
 * up to 20 ms for the device to finish some, then drops the frame, as a
 * full wire would (TCP sends it again).
 *
 * Invariant: the NIC is touched from the main loop only, and everything
 * it wrote is checked by the driver (drivers/virtio_ring.c) before the
 * bridge sees it: a frame of 14..1514 bytes.  What the device may do by
 * DMA is not confined (no IOMMU: docs/driver-domain.md).
 */
#include <errno.h>
#include <stdio.h>
#include "bbd.h"
#include "bridge.h"
#include "pci.h"
#include "vif_nodes.h"
#include "virtio_net.h"

#define NIC_BUDGET 64                   /* received frames per round */
#define NIC_TX_TRIES 20
#define NIC_TX_WAIT_NS 1000000ull

static struct plat *plat;            /* bbd_virtio.c's */
static struct vnet nic;
static pci_bdf_t nic_bdf;
static int nic_port;
static bool up;
static uint64_t next_report;
static unsigned long tx_dropped, last_dropped;

/* With every transmit buffer in flight, wait a little for the device to
 * finish some (its interrupt, or the used ring looked at again) before
 * dropping the frame. */
static void to_nic(void *ctx, const uint8_t *frame, unsigned len)
{
	(void)ctx;
	int rc = vnet_send(&nic, frame, len);
	for (int tries = 0; rc == -EAGAIN && tries < NIC_TX_TRIES; tries++) {
		vnet_wait(&nic, NIC_TX_WAIT_NS);
		rc = vnet_send(&nic, frame, len);
	}
	if (rc < 0)
		tx_dropped++;
}

void bbd_nic_attach(struct plat *p, const struct pci_dev *d)
{
	if (up)
		return;                 /* one NIC per bridge */
	plat = p;
	nic_bdf = d->bdf;
	int rc = vnet_init(&nic, p, d);
	if (rc < 0) {
		printf("netback: virtio-net %02x:%02x.%u: cannot start it (%d)\n", PCI_BUS(nic_bdf), PCI_DEV(nic_bdf),
		       PCI_FN(nic_bdf), rc);
		return;
	}
	struct bridge_port_ops ops = { to_nic, NULL };
	nic_port = bridge_add_port(bbd_bridge(), &ops, NULL);
	if (nic_port < 0) {
		printf("netback: virtio-net %02x:%02x.%u: no room on the bridge\n", PCI_BUS(nic_bdf), PCI_DEV(nic_bdf),
		       PCI_FN(nic_bdf));
		vnet_close(&nic);
		return;
	}
	up = true;
	printf("netback: virtio-net %02x:%02x.%u (%02x:%02x:%02x:%02x:%02x:%02x, link %s) on bridge %s port %d\n",
	       PCI_BUS(nic_bdf), PCI_DEV(nic_bdf), PCI_FN(nic_bdf), nic.mac[0], nic.mac[1], nic.mac[2], nic.mac[3],
	       nic.mac[4], nic.mac[5], vnet_link_up(&nic) ? "up" : "down", VIF_BRIDGE_NAME, nic_port);
}

unsigned bbd_nic_ports(evtchn_port_t *ports, unsigned n)
{
	if (up)
		ports[n++] = nic.vd.irq.port;
	return n;
}

bool bbd_nic_serve(void)
{
	static uint8_t frame[VNET_FRAME_MAX];
	if (!up)
		return false;
	if (events_pending(nic.vd.irq.port)) {
		events_clear(nic.vd.irq.port);
		int rc = vnet_interrupt(&nic);
		plat->irq_eoi(plat, &nic.vd.irq);
		if (rc < 0) {
			printf("netback: virtio-net %02x:%02x.%u broke the ring's rules: off the bridge\n",
			       PCI_BUS(nic_bdf), PCI_DEV(nic_bdf), PCI_FN(nic_bdf));
			bridge_del_port(bbd_bridge(), nic_port);
			up = false;
			return false;
		}
	}
	unsigned got = 0;
	int len;
	while (got < NIC_BUDGET && (len = vnet_recv(&nic, frame, sizeof(frame))) != 0) {
		if (len == -EMSGSIZE)
			continue;       /* dropped by the driver */
		if (len < 0)
			break;          /* the device is dead: nothing more comes */
		bridge_input(bbd_bridge(), nic_port, frame, (unsigned)len);
		got++;
	}
	if (tx_dropped > last_dropped && system_time_ns() >= next_report) {
		next_report = system_time_ns() + 1000000000ull;
		printf("netback: virtio-net: dropped %lu frame(s) (transmit queue full)\n", tx_dropped - last_dropped);
		last_dropped = tx_dropped;
	}
	return got == NIC_BUDGET;
}
