/*
 * The XenStore layout of one vbd, as Xen's toolstack (libxl) writes it
 * before either end starts (design/driver-domain.md 4.1, xen-pv-abi.md
 * 13.9 and 14.3), and the device number Xen derives from a disk's target
 * name (libxl__device_disk_dev_number, docs/misc/vbd-interface).  Used by
 * dom0 (dom0/d0_devices.c) and checked by host tests.  Portable C.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define VBD_PATH_MAX  128
#define VBD_VALUE_MAX 160

struct vbd_desc {
	unsigned frontend, backend;     /* domain ids */
	const char *target;             /* "xvda", "hdc", "sdb", ... */
	const char *params;             /* the back end's store: the description's source path */
	bool readonly;
};

struct vbd_node {
	bool backend;                   /* in the back end's directory, else the front end's */
	bool ro_front;                  /* the toolstack's, only readable by the front end (vif mtu) */
	const char *key;
	char value[VBD_VALUE_MAX];
};

/* The device number of a target name, or -1 when Xen gives it none:
 * xvdX (X in a..z, aa.. : disk d) is 202 << 8 | d << 4 for d <= 15, else
 * 1 << 28 | d << 8; hda..hdd is 3 << 8 or 22 << 8 with 64 for the odd
 * ones; sda..sdp is 8 << 8 | d << 4.  xvda = 51712. */
long vbd_devid(const char *target);

/* /local/domain/<fe>/device/vbd/<devid> and
 * /local/domain/<be>/backend/vbd/<fe>/<devid>; false if they do not fit. */
bool vbd_frontend_dir(char *out, unsigned fe, unsigned long devid);
bool vbd_backend_dir(char *out, unsigned be, unsigned fe, unsigned long devid);

/* The same for any device kind ("vbd", "vif"). */
bool dev_frontend_dir(char *out, const char *kind, unsigned fe, unsigned long devid);
bool dev_backend_dir(char *out, const char *kind, unsigned be, unsigned fe, unsigned long devid);
/* Append node (key, value) to out at *n; false if the value does not fit. */
bool dev_node(struct vbd_node *out, unsigned *n, bool backend, const char *key, const char *value);
bool dev_node_u(struct vbd_node *out, unsigned *n, bool backend, const char *key, uint64_t u);

/* The nodes the toolstack writes for d, in libxl's order (frontend
 * directory, then backend), into out (at most max); their number, or 0 if
 * the target has no device number, the params do not fit, or max is too
 * small. */
#define VBD_TOOLSTACK_NODES 17
unsigned vbd_toolstack_nodes(const struct vbd_desc *d, struct vbd_node *out, unsigned max);

/* Umbra's backend key naming the PCI function (virtio-blk) that holds the
 * disk, "0000:00:10.0"; written by dom0 only when the back-end domain is
 * given that function (not a Xen key: Xen's hotplug writes
 * `physical-device` = major:minor instead). */
#define VBD_PCI_DEVICE_KEY "pci-device"

/* Parse "SSSS:BB:DD.F" (hex segment, bus, device 0-1f, function 0-7;
 * exactly that shape) into bus << 8 | device << 3 | function, segment 0
 * only; false otherwise. */
bool vbd_parse_pci(const char *s, uint16_t *bdf);

/* Decimal u into out (at least 21 bytes); its length. */
unsigned vbd_fmt_u(char *out, uint64_t u);
