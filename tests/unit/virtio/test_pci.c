/*
 * PCI enumeration, BAR decoding, capability walks and q35 INTx routing
 * (drivers/pci_enum.c, drivers/pci_cap.c).
 */
#include "virtio_test.h"

static void finds_the_virtio_functions(struct unit *u)
{
	struct pci_dev d[8];
	UNIT_CHECK_EQ(u, pci_enumerate(&fm.plat, d, 8), 2);
	UNIT_CHECK_EQ(u, d[0].bdf, BLK_BDF);
	UNIT_CHECK_EQ(u, d[0].vendor, 0x1AF4);
	UNIT_CHECK_EQ(u, d[0].device, 0x1042);
	UNIT_CHECK_EQ(u, virtio_pci_type(&d[0]), VIRTIO_TYPE_BLOCK);
	UNIT_CHECK_EQ(u, virtio_pci_type(&d[1]), VIRTIO_TYPE_NET);
	UNIT_CHECK_EQ(u, d[1].int_pin, 1);
}

static void transitional_ids_take_the_type_from_the_subsystem(struct unit *u)
{
	struct pci_dev d = { .vendor = 0x1AF4, .device = 0x1001, .subsys_id = 2 };
	UNIT_CHECK_EQ(u, virtio_pci_type(&d), VIRTIO_TYPE_BLOCK);
	d.device = 0x1080;
	UNIT_CHECK_EQ(u, virtio_pci_type(&d), 0);
	d = (struct pci_dev){ .vendor = 0x8086, .device = 0x1000 };
	UNIT_CHECK_EQ(u, virtio_pci_type(&d), 0);
}

static void multifunction_only_when_function_0_says_so(struct unit *u)
{
	fake_add_function(PCI_BDF(0, 0x1F, 0), 0x8086, 0x2918, 0x80);
	fake_add_function(PCI_BDF(0, 0x1F, 3), 0x8086, 0x2930, 0);
	fake_add_function(PCI_BDF(0, 0x05, 0), 0x8086, 0x1111, 0);
	fake_add_function(PCI_BDF(0, 0x05, 2), 0x8086, 0x2222, 0);  /* hidden: fn 0 is single */
	struct pci_dev d[8];
	UNIT_CHECK_EQ(u, pci_enumerate(&fm.plat, d, 8), 5);
	UNIT_CHECK_EQ(u, d[2].bdf, PCI_BDF(0, 5, 0));
	UNIT_CHECK_EQ(u, d[3].bdf, PCI_BDF(0, 0x1F, 0));
	UNIT_CHECK_EQ(u, d[4].bdf, PCI_BDF(0, 0x1F, 3));
}

static void bridges_are_followed_once(struct unit *u)
{
	uint8_t *b = fake_add_function(PCI_BDF(0, 0x1E, 0), 0x8086, 0x244E, 1);
	b[0x19] = 1;
	uint8_t *loop = fake_add_function(PCI_BDF(1, 0, 0), 0x8086, 0x244E, 1);
	loop[0x19] = 0;                         /* names bus 0 again */
	fake_add_function(PCI_BDF(1, 4, 0), 0x1234, 0x5678, 0);
	struct pci_dev d[2];
	UNIT_CHECK_EQ(u, pci_enumerate(&fm.plat, d, 2), 5);   /* counted past max, stored 2 */
	UNIT_CHECK_EQ(u, d[1].bdf, NET_BDF);
}

static void bars_as_the_firmware_left_them(struct unit *u)
{
	struct pci_bar bar;
	uint8_t *cfg = fm.func[0].cfg;
	cfg_put32(cfg, 0x10, 0xC041);                       /* I/O */
	cfg_put32(cfg, 0x14, 0xFEBC0000);                   /* 32-bit memory */
	UNIT_CHECK_EQ(u, pci_bar(&fm.plat, &blk_pci, 0, &bar), 0);
	UNIT_CHECK(u, bar.io);
	UNIT_CHECK_EQ(u, bar.addr, 0xC040);
	UNIT_CHECK_EQ(u, pci_bar(&fm.plat, &blk_pci, 1, &bar), 0);
	UNIT_CHECK(u, !bar.io && !bar.is64);
	UNIT_CHECK_EQ(u, pci_bar(&fm.plat, &blk_pci, 4, &bar), 0);
	UNIT_CHECK(u, bar.is64 && bar.prefetch);
	UNIT_CHECK_EQ(u, bar.addr, FAKE_BAR4(0));
	UNIT_CHECK_EQ(u, pci_bar(&fm.plat, &blk_pci, 5, &bar), -EINVAL);  /* BAR4's upper half */
	UNIT_CHECK_EQ(u, pci_bar(&fm.plat, &blk_pci, 2, &bar), -EINVAL);  /* unassigned */
	UNIT_CHECK_EQ(u, pci_bar(&fm.plat, &blk_pci, 6, &bar), -EINVAL);
	cfg_put32(cfg, 0x24, 0);
	cfg_put32(cfg, 0x20, 0);
	cfg_put32(cfg, 0x24, 0x4);                          /* a 64-bit BAR in slot 5 */
	UNIT_CHECK_EQ(u, pci_bar(&fm.plat, &blk_pci, 5, &bar), -EINVAL);
}

static void capability_walk_survives_loops_and_wild_pointers(struct unit *u)
{
	uint8_t *cfg = fm.func[0].cfg;
	UNIT_CHECK_EQ(u, pci_cap_find(&fm.plat, &blk_pci, PCI_CAP_VENDOR, 0), 0x40);
	UNIT_CHECK_EQ(u, pci_cap_find(&fm.plat, &blk_pci, PCI_CAP_VENDOR, 0x70), 0);
	UNIT_CHECK_EQ(u, pci_cap_find(&fm.plat, &blk_pci, 0x11, 0), 0);
	cfg[0x71] = 0x40;                                   /* 0x70 -> 0x40: a loop */
	UNIT_CHECK_EQ(u, pci_cap_find(&fm.plat, &blk_pci, 0x11, 0), 0);
	cfg[0x71] = 0x13;                                   /* below 0x40 once masked */
	UNIT_CHECK_EQ(u, pci_cap_find(&fm.plat, &blk_pci, 0x11, 0), 0);
	cfg[0x71] = 0xFF;                                   /* 0xFC: read, id 0 */
	UNIT_CHECK_EQ(u, pci_cap_find(&fm.plat, &blk_pci, 0x11, 0), 0);
	UNIT_CHECK_EQ(u, pci_cap_find(&fm.plat, &blk_pci, 0x11, 0xFE), 0);
	cfg_put16(cfg, 0x06, 0);                            /* no capability list */
	UNIT_CHECK_EQ(u, pci_cap_find(&fm.plat, &blk_pci, PCI_CAP_VENDOR, 0), 0);
}

static void intx_routing_on_q35(struct unit *u)
{
	struct pci_dev d = { .bdf = PCI_BDF(0, 1, 0), .int_pin = 1 };
	UNIT_CHECK_EQ(u, pci_intx_gsi_q35(&d), 21);
	d.bdf = PCI_BDF(0, 3, 0);
	UNIT_CHECK_EQ(u, pci_intx_gsi_q35(&d), 23);
	d.bdf = PCI_BDF(0, 4, 0);
	UNIT_CHECK_EQ(u, pci_intx_gsi_q35(&d), 20);
	d.int_pin = 2;
	UNIT_CHECK_EQ(u, pci_intx_gsi_q35(&d), 21);
	d.int_pin = 0;
	UNIT_CHECK_EQ(u, pci_intx_gsi_q35(&d), -ENODEV);
	d = (struct pci_dev){ .bdf = PCI_BDF(1, 0, 0), .int_pin = 1 };
	UNIT_CHECK_EQ(u, pci_intx_gsi_q35(&d), -EOPNOTSUPP);
	d = (struct pci_dev){ .bdf = PCI_BDF(0, 25, 0), .int_pin = 1 };
	UNIT_CHECK_EQ(u, pci_intx_gsi_q35(&d), -EOPNOTSUPP);
}

const struct unit_case pci_cases[] = {
	{ "virtio/pci-finds-virtio-functions", finds_the_virtio_functions },
	{ "virtio/pci-transitional-ids", transitional_ids_take_the_type_from_the_subsystem },
	{ "virtio/pci-multifunction", multifunction_only_when_function_0_says_so },
	{ "virtio/pci-bridges-followed-once", bridges_are_followed_once },
	{ "virtio/pci-bars", bars_as_the_firmware_left_them },
	{ "virtio/pci-capability-walk-bounded", capability_walk_survives_loops_and_wild_pointers },
	{ "virtio/pci-intx-q35", intx_routing_on_q35 },
};
const size_t pci_ncases = sizeof(pci_cases) / sizeof(pci_cases[0]);
