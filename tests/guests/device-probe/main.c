/*
 * The domains of tests/systems/device-ownership, one mode each (command
 * line).  The description gives the driver domain the virtio-blk-pci that
 * tools/umbra attaches at 0000:00:10.0 (the first <disk>'s slot).
 *
 *   driver   the owner: finds its device through 0xCF8/0xCFC (vendor 0x1af4,
 *            device 0x1001 or 0x1042) and nothing else on bus 0; reads the
 *            legacy I/O BAR's registers; maps, through mmu_update with
 *            DOMID_IO, the BAR frame holding the modern common configuration
 *            and reads num_queues there, the entry forced uncached (PCD|PWT);
 *            may not map the LAPIC or the I/O APIC (-EPERM); a BAR write is
 *            dropped; maps its INTx GSI to a PIRQ (= the GSI), binds it to an
 *            event channel (a second bind -EEXIST), sees needs_eoi, EOIs;
 *            then reads sector 0 through a legacy virtqueue and takes the
 *            completion as an event on that channel (INTx -> I/O APIC ->
 *            PIRQ -> event channel), lowers the line and EOIs.
 *   other    a guest without the device: its port I/O is #GP(0) at IOPL 0 and
 *            all ones at IOPL 1 across the I/O window the firmware gives
 *            devices (0xC000-0xC0FF); the device's configuration space reads
 *            all ones; no frame of the PCI MMIO window (0xFE000000-0xFEFFFFFF,
 *            where the firmware put the BARs) maps (-EPERM); map_pirq and
 *            unmap_pirq of the device's GSI -EPERM, bind_pirq -EPERM (-EINVAL
 *            beyond the PIRQ range), eoi -EINVAL; naming another domain
 *            (dom0, which is sure to be alive) in map_pirq or unmap_pirq -EPERM.
 *   control  dom0: waits for both to shut down; as Xen's hardware domain it
 *            reads every function's configuration space (the device's
 *            vendor id), but its writes to a device it was not given are
 *            dropped (the rule that drops the other guest's write too); the
 *            driver domain gone, its device neither decodes nor masters the
 *            bus (the hypervisor stopped it before freeing the domain's
 *            frames).
 * Each ends with TEST PASS, or TEST FAIL and the reason.
 */
#include "catch.h"
#include "domctl.h"
#include "events.h"
#include "pci.h"
#include "pt.h"
#include "public/event_channel.h"
#include "public/physdev.h"
#include "test.h"

#define DEV          0x10               /* the first <disk>'s slot */
#define VIRTIO       0x1af4
#define CAP_VENDOR   0x09
#define CFG_COMMON   1
#define PCI_COMMAND  0x04
#define PTE_PWT      (1ull << 3)
#define PTE_PCD      (1ull << 4)

static long map_pirq(domid_t dom, int gsi, int want, int *pirq)
{
	struct physdev_map_pirq m = { .domid = dom, .type = MAP_PIRQ_TYPE_GSI, .index = gsi, .pirq = want };
	long rc = HYPERVISOR_physdev_op(PHYSDEVOP_map_pirq, &m);
	*pirq = m.pirq;
	return rc;
}

static long bind_pirq(uint32_t pirq, uint32_t flags, uint32_t *port)
{
	struct evtchn_bind_pirq b = { .pirq = pirq, .flags = flags };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &b);
	*port = b.port;
	return rc;
}

static unsigned device_gsi(void)
{
	unsigned pin = cfg_read(DEV, 0x3d, 1);
	CHECK(pin >= 1 && pin <= 4, "interrupt pin %u", pin);
	return 20 + (DEV + pin - 1) % 4;
}

/* The BAR frame holding the modern common configuration, and its offset. */
static uint64_t common_cfg(unsigned *offset)
{
	for (unsigned at = cfg_read(DEV, 0x34, 1) & 0xfc, n = 0; at && n < 48; n++) {
		if (cfg_read(DEV, at, 1) == CAP_VENDOR && cfg_read(DEV, at + 3, 1) == CFG_COMMON) {
			unsigned bar = cfg_read(DEV, at + 4, 1);
			uint32_t off = cfg_read(DEV, at + 8, 4);
			uint64_t lo = cfg_read(DEV, 0x10 + 4 * bar, 4);
			uint64_t base = lo & ~0xfull;
			if (((lo >> 1) & 3) == 2)
				base |= (uint64_t)cfg_read(DEV, 0x14 + 4 * bar, 4) << 32;
			*offset = (off & 0xfff);
			return (base + off) >> 12;
		}
		at = cfg_read(DEV, at + 1, 1) & 0xfc;
	}
	test_fail("no virtio common configuration capability");
}

/* Legacy virtio over the I/O BAR (virtio spec, "Legacy Interface"). */
#define VIO_GUEST_FEATURES 4
#define VIO_QUEUE_PFN      8
#define VIO_QUEUE_SIZE     12
#define VIO_QUEUE_SELECT   14
#define VIO_QUEUE_NOTIFY   16
#define VIO_STATUS         18
#define VIO_ISR            19
#define QSIZE              256          /* QEMU's virtio-blk queue; legacy cannot shrink it */

struct vring_desc { uint64_t addr; uint32_t len; uint16_t flags, next; };
struct blk_req { uint32_t type, reserved; uint64_t sector; };

/* Desc table (page 0), avail ring (page 1), used ring (page 2): the legacy
 * layout for 256 entries, machine-contiguous as the device needs. */
static uint8_t ring[3][4096] __attribute__((aligned(4096)));
static uint8_t data[512] __attribute__((aligned(512)));
static struct blk_req req;
static volatile uint8_t status = 0xff;

static volatile unsigned interrupts;

static void on_interrupt(evtchn_port_t port, void *arg)
{
	(void)port, (void)arg;
	interrupts++;
}

static bool interrupted(void *arg)
{
	(void)arg;
	return interrupts != 0;
}

static uint64_t maddr(const void *p)
{
	return (pt_va_mfn(p) << 12) | ((uint64_t)p & 0xfff);
}

static void outb_(unsigned port, uint8_t v) { __asm__ volatile("outb %%al, %%dx" :: "a"(v), "d"(port)); }
static void outw_(unsigned port, uint16_t v) { __asm__ volatile("outw %%ax, %%dx" :: "a"(v), "d"(port)); }
static void outl_(unsigned port, uint32_t v) { __asm__ volatile("outl %%eax, %%dx" :: "a"(v), "d"(port)); }

/*
 * One read of sector 0 through the legacy queue, completed by the device's
 * INTx: the interrupt must arrive on the PIRQ's event channel, the ISR read
 * lowers the line, PHYSDEVOP_eoi re-enables it.  The image starts with
 * "UMBRA-DISK" (tests/systems/systems.mk).
 */
static void read_sector(unsigned io, uint32_t port, uint32_t pirq)
{
	CHECK(pt_va_mfn(ring[1]) == pt_va_mfn(ring[0]) + 1 && pt_va_mfn(ring[2]) == pt_va_mfn(ring[0]) + 2,
	      "the ring's pages are not machine-contiguous");
	cfg_write(DEV, PCI_COMMAND, 2, cfg_read(DEV, PCI_COMMAND, 2) | 4);     /* bus master */
	outb_(io + VIO_STATUS, 0);
	outb_(io + VIO_STATUS, 1 | 2);                  /* ACKNOWLEDGE | DRIVER */
	outl_(io + VIO_GUEST_FEATURES, 0);
	outw_(io + VIO_QUEUE_SELECT, 0);
	CHECK_EQ(port_in(io + VIO_QUEUE_SIZE, 2), QSIZE);
	outl_(io + VIO_QUEUE_PFN, (uint32_t)pt_va_mfn(ring[0]));
	outb_(io + VIO_STATUS, 1 | 2 | 4);              /* DRIVER_OK */
	struct vring_desc *d = (struct vring_desc *)ring[0];
	d[0] = (struct vring_desc){ maddr(&req), sizeof(req), 1, 1 };
	d[1] = (struct vring_desc){ maddr(data), sizeof(data), 1 | 2, 2 };
	d[2] = (struct vring_desc){ maddr((const void *)&status), 1, 2, 0 };
	volatile uint16_t *avail = (volatile uint16_t *)ring[1];
	avail[2] = 0;                                   /* ring[0] = head 0 */
	__sync_synchronize();
	avail[1] = 1;                                   /* idx */
	__sync_synchronize();
	events_init();
	events_bind(port, on_interrupt, NULL);
	events_unmask(port);
	outw_(io + VIO_QUEUE_NOTIFY, 0);
	events_wait(interrupted, NULL);                 /* the test's timeout ends a lost one */
	CHECK(port_in(io + VIO_ISR, 1) & 1, "ISR shows no queue interrupt");
	struct physdev_eoi e = { pirq };
	CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_eoi, &e), 0);
	volatile uint16_t *used = (volatile uint16_t *)ring[2];
	CHECK_EQ(used[1], 1);
	CHECK_EQ(status, 0);
	CHECK(!memcmp(data, "UMBRA-DISK", 10), "sector 0 does not start with the image's mark");
	outb_(io + VIO_STATUS, 0);                      /* reset: the queue is ours no longer */
	printf("driver: sector 0 read by DMA, completion interrupt on event channel %u, EOI done\n", port);
}

static void driver(void)
{
	CHECK_EQ(set_iopl(1), 0);
	for (unsigned d = 0; d < 32; d++)
		if (d != DEV)
			CHECK(cfg_read(d, 0, 4) == 0xffffffffu, "slot 0x%x is visible to the driver domain", d);
	uint32_t id = cfg_read(DEV, 0, 4);
	CHECK((id & 0xffff) == VIRTIO && ((id >> 16) == 0x1001 || (id >> 16) == 0x1042),
	      "00:%02x.0 is %08x, not virtio-blk", DEV, id);
	printf("driver: 00:%02x.0 is %04x:%04x\n", DEV, id & 0xffff, id >> 16);

	uint32_t bar0 = cfg_read(DEV, 0x10, 4);
	CHECK(bar0 & 1, "BAR0 0x%x is not an I/O BAR", bar0);
	cfg_write(DEV, 0x10, 4, 0x12340001u);
	CHECK_EQ(cfg_read(DEV, 0x10, 4), bar0);         /* BAR writes are dropped */
	unsigned io = bar0 & 0xfffc;
	cfg_write(DEV, PCI_COMMAND, 2, cfg_read(DEV, PCI_COMMAND, 2) | 3);
	uint32_t features = port_in(io, 4);
	__asm__ volatile("outw %%ax, %%dx" :: "a"(0), "d"(io + 14));
	uint32_t qsize = port_in(io + 12, 2);
	CHECK(features != 0xffffffffu && qsize && qsize != 0xffff,
	      "legacy registers: features 0x%x, queue size 0x%x", features, qsize);
	printf("driver: I/O BAR 0x%x: features 0x%x, queue 0 size %u\n", io, features, qsize);

	unsigned off;
	uint64_t mfn = common_cfg(&off);
	uint64_t va = pt_probe_va();
	CHECK_EQ(map_frame(va, mfn, DOMID_IO), 0);
	uint64_t pte = pt_entry(va, 1);
	CHECK((pte & (PTE_PCD | PTE_PWT)) == (PTE_PCD | PTE_PWT), "MMIO entry 0x%lx is not uncached", pte);
	uint16_t queues = *(volatile uint16_t *)(va + off + 0x12);
	CHECK(queues >= 1 && queues != 0xffff, "num_queues 0x%x", queues);
	printf("driver: common configuration at frame 0x%lx: %u queue(s), entry uncached\n", mfn, queues);
	CHECK_EQ(map_frame(va, 0xfee00, DOMID_IO), -XEN_EPERM);
	CHECK_EQ(map_frame(va, 0xfec00, DOMID_IO), -XEN_EPERM);
	CHECK_EQ(map_frame(va, 0xfee00, DOMID_SELF), -XEN_EPERM);

	unsigned gsi = device_gsi();
	int pirq;
	CHECK_EQ(map_pirq(DOMID_SELF, (int)gsi, -1, &pirq), 0);
	CHECK_EQ(pirq, gsi);
	uint32_t port, again;
	CHECK_EQ(bind_pirq((uint32_t)pirq, BIND_PIRQ__WILL_SHARE, &port), 0);
	CHECK_EQ(bind_pirq((uint32_t)pirq, BIND_PIRQ__WILL_SHARE, &again), -XEN_EEXIST);
	struct evtchn_status st = { .dom = DOMID_SELF, .port = port };
	CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_pirq);
	CHECK_EQ(st.u.pirq, pirq);
	struct physdev_irq_status_query q = { .irq = (uint32_t)pirq };
	CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_irq_status_query, &q), 0);
	CHECK(q.flags & XENIRQSTAT_needs_eoi, "irq status flags 0x%x", q.flags);
	struct physdev_eoi e = { (uint32_t)pirq };
	CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_eoi, &e), 0);
	printf("driver: GSI %u is PIRQ %d on event channel %u\n", gsi, pirq, port);
	read_sector(io, port, (uint32_t)pirq);
	test_pass();
}

static void other(void)
{
	CHECK_EQ(set_iopl(0), 0);
	CHECK_EQ(catch_trap(13, 1, 0), 0);              /* in %dx: one byte */
	uint32_t v;
	__asm__ volatile("inl %%dx, %%eax" : "=a"(v) : "d"(0xc000));
	CHECK(caught.count == 1 && caught.vector == 13 && caught.error_code == 0,
	      "in at IOPL 0 was not #GP(0)");
	catch_reset();
	CHECK_EQ(set_iopl(1), 0);
	for (unsigned port = 0xc000; port < 0xc100; port += 4)
		CHECK(port_in(port, 4) == 0xffffffffu, "port 0x%x is readable", port);
	CHECK_EQ(caught.count, 0);
	for (unsigned d = 0; d < 32; d++)
		CHECK(cfg_read(d, 0, 4) == 0xffffffffu, "slot 0x%x is visible to a guest", d);
	cfg_write(DEV, PCI_COMMAND, 2, 0);              /* dropped; the owner would see it */
	printf("other: ports and configuration space read all ones\n");

	uint64_t va = pt_probe_va();
	for (uint64_t mfn = 0xfe000; mfn < 0xff000; mfn++)
		CHECK(map_frame(va, mfn, DOMID_IO) == -XEN_EPERM, "frame 0x%lx was mappable", mfn);
	CHECK_EQ(map_frame(va, 0xfe000, DOMID_SELF), -XEN_EPERM);
	printf("other: no frame of 0xfe000-0xfefff maps\n");

	int pirq;
	CHECK_EQ(map_pirq(DOMID_SELF, 20 + DEV % 4, -1, &pirq), -XEN_EPERM);
	CHECK_EQ(map_pirq(0, 20 + DEV % 4, -1, &pirq), -XEN_EPERM);      /* dom0 outlives us */
	struct physdev_unmap_pirq u = { .domid = 0, .pirq = 20 + DEV % 4 };
	CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_unmap_pirq, &u), -XEN_EPERM);
	uint32_t port;
	CHECK_EQ(bind_pirq(20 + DEV % 4, BIND_PIRQ__WILL_SHARE, &port), -XEN_EPERM);
	CHECK_EQ(bind_pirq(56, 0, &port), -XEN_EINVAL);
	struct physdev_eoi e = { 20 + DEV % 4 };
	CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_eoi, &e), -XEN_EINVAL);
	printf("other: the device's GSI cannot be mapped, bound or EOIed\n");
	test_pass();
}

static bool finished(domid_t d)
{
	struct xen_domctl_getdomaininfo info;
	long rc = domctl_getinfo(d, &info);
	return rc || info.domain != d || (info.flags & XEN_DOMINF_shutdown);
}

static void control(void)
{
	while (!finished(1) || !finished(2))
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	CHECK_EQ(set_iopl(1), 0);
	uint32_t id = cfg_read(DEV, 0, 4);
	CHECK((id & 0xffff) == VIRTIO, "dom0 reads %08x at 00:%02x.0", id, DEV);
	uint32_t cmd = cfg_read(DEV, PCI_COMMAND, 2);
	cfg_write(DEV, PCI_COMMAND, 2, cmd ^ 3);
	CHECK_EQ(cfg_read(DEV, PCI_COMMAND, 2), cmd);
	CHECK((cmd & 7) == 0, "the dead driver domain's device still decodes or masters the bus: command 0x%x", cmd);
	printf("control: reads the device (%04x:%04x), cannot write it; its owner gone, it is stopped\n",
	       id & 0xffff, id >> 16);
	test_pass();
}

int main(void)
{
	const char *mode = start_info->cmd_line;
	if (!strcmp(mode, "driver"))
		driver();
	if (!strcmp(mode, "other"))
		other();
	if (!strcmp(mode, "control"))
		control();
	test_fail("unknown mode '%s'", mode);
}
