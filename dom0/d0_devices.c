/*
 * The toolstack's part of split devices, in libxl's role: when a domain
 * gets its XenStore home (before it is introduced, as libxl writes a
 * domain's devices before it unpauses it), each <disk> its description
 * gives it becomes a vbd and each <interface> a vif (devid: its index
 * among the domain's interfaces, MAC from the description), its frontend
 * directory /local/domain/<F>/device/<kind>/<devid> and backend directory
 * /local/domain/<B>/backend/<kind>/<F>/<devid> written in one transaction
 * with libxl's keys (split-drivers/vbd_nodes.c, vif_nodes.c) and
 * permissions: the frontend directory owned by F and readable by B, the
 * backend directory owned by B and readable by F (design/driver-domain.md
 * 4.1).  A vbd's devid is Xen's number for its target name (xvda = 51712).
 * When a domain goes, the backend directories that served it go too, so
 * its back end lets go of the rings, the disk and the bridge port.
 *
 * When the back-end domain is given the virtio-blk function tools/umbra
 * attaches for the disk (config/manifest.h, manifest_disk_device), the
 * backend directory also gets Umbra's key `pci-device` = "0000:00:SS.0",
 * and the back end serves the vbd from that device, so from the image file;
 * without it the back end serves a RAM disk.  (Xen's hotplug script writes
 * `physical-device` = major:minor for its blkback; that key is not used.)
 *
 * A disk whose back end is the control domain is reported and left
 * unconnected: dom0 runs no blkback.  A back end that is not running is
 * reported too.
 * Invariant: the two directories of a device appear together or not at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../config/manifest.h"
#include "d0_cmds.h"
#include "d0_devices.h"
#include "d0_shell.h"
#include "d0_store.h"
#include "domctl.h"
#include "vbd_nodes.h"
#include "vif_nodes.h"

static char reply[XENSTORE_PAYLOAD_MAX + 1];

static bool request(uint32_t tx, uint32_t type, const void *payload, uint32_t len)
{
	uint32_t rlen;
	return d0_store_request_tx(tx, type, payload, len, reply, sizeof(reply), &rlen) == 0;
}

static bool path_op(uint32_t tx, uint32_t type, const char *path)
{
	return request(tx, type, path, (uint32_t)strlen(path) + 1);
}

/* Owner `owner`, read access for `reader` (others none). */
static bool set_perms(uint32_t tx, const char *path, unsigned owner, unsigned reader)
{
	char p[VBD_PATH_MAX + 32];
	uint32_t n = (uint32_t)snprintf(p, sizeof(p), "%s", path) + 1;
	n += (uint32_t)snprintf(p + n, sizeof(p) - n, "n%u", owner) + 1;
	n += (uint32_t)snprintf(p + n, sizeof(p) - n, "r%u", reader) + 1;
	return request(tx, XS_SET_PERMS, p, n);
}

/* One node; a ro_front one (a vif's mtu) then belongs to dom0 and is only
 * readable by the front end. */
static bool write_node(uint32_t tx, const char *dir, const struct vbd_node *node, unsigned fe)
{
	char p[VBD_PATH_MAX + VBD_VALUE_MAX + 32];
	uint32_t n = (uint32_t)snprintf(p, sizeof(p), "%s/%s", dir, node->key) + 1;
	uint32_t v = (uint32_t)strlen(node->value);
	memcpy(p + n, node->value, v);
	return request(tx, XS_WRITE, p, n + v) && (!node->ro_front || set_perms(tx, p, 0, fe));
}

/* One transaction writing both directories of a device; true once it committed. */
static bool write_dev(const char *fe_dir, const char *be_dir, unsigned fe, unsigned be, const struct vbd_node *nodes,
		      unsigned count)
{
	for (int attempt = 0; attempt < 5; attempt++) {
		if (!request(0, XS_TRANSACTION_START, "", 1))
			return false;
		uint32_t tx = (uint32_t)strtoul(reply, NULL, 10);
		bool ok = path_op(tx, XS_MKDIR, fe_dir) && set_perms(tx, fe_dir, fe, be) &&
			  path_op(tx, XS_MKDIR, be_dir) && set_perms(tx, be_dir, be, fe);
		for (unsigned i = 0; ok && i < count; i++)
			ok = write_node(tx, nodes[i].backend ? be_dir : fe_dir, &nodes[i], fe);
		bool committed = request(tx, XS_TRANSACTION_END, ok ? "T" : "F", 2);
		if (ok && committed)
			return true;
		if (!ok || strcmp(reply, "EAGAIN") != 0)
			return false;
	}
	return false;
}

long d0_domid_of(const char *name)
{
	struct umbra_domctl_getinfo_ext x;
	for (domid_t d = 0; domctl_getinfo_ext(d, &x) == 0; d = (domid_t)(x.domain + 1)) {
		char have[32];
		d0_domain_name(x.domain, x.name, have);
		if (strcmp(have, name) == 0)
			return x.domain;
	}
	return -1;
}

static void add_disk(const struct manifest *m, uint16_t domid, const char *name, uint32_t domain, uint32_t k,
		     const struct manifest_disk *disk)
{
	struct manifest_domain be;
	if (!manifest_domain(m, disk->backend, &be))
		return;
	d0_shell_hide();
	if (be.role == MANIFEST_ROLE_CONTROL) {
		printf("devices: d%u (%s) %s: its back end is the control domain, which serves no disks: not connected\n",
		       domid, name, disk->target);
		return;
	}
	long b = d0_domid_of(be.name);
	if (b < 0) {
		printf("devices: d%u (%s) %s: back end %s is not running: not connected\n", domid, name, disk->target,
		       be.name);
		return;
	}
	struct vbd_desc d = { .frontend = domid, .backend = (unsigned)b, .target = disk->target,
			      .params = disk->source, .readonly = (disk->flags & MANIFEST_DISK_READONLY) != 0 };
	struct vbd_node nodes[VBD_TOOLSTACK_NODES + 1];
	unsigned n = vbd_toolstack_nodes(&d, nodes, VBD_TOOLSTACK_NODES);
	if (!n) {
		printf("devices: d%u (%s) %s: Xen gives this target no device number (or its path is too long)\n",
		       domid, name, disk->target);
		return;
	}
	uint8_t slot;
	bool device = manifest_disk_device(m, domain, k, &slot);
	if (device) {
		nodes[n] = (struct vbd_node){ .backend = true, .key = VBD_PCI_DEVICE_KEY };
		snprintf(nodes[n++].value, VBD_VALUE_MAX, "0000:00:%02x.0", slot);
	}
	char fe_dir[VBD_PATH_MAX], be_dir[VBD_PATH_MAX];
	vbd_frontend_dir(fe_dir, d.frontend, (unsigned long)vbd_devid(d.target));
	vbd_backend_dir(be_dir, d.backend, d.frontend, (unsigned long)vbd_devid(d.target));
	bool ok = write_dev(fe_dir, be_dir, d.frontend, d.backend, nodes, n);
	printf("devices: d%u (%s) vbd %ld (%s%s) served by d%ld (%s) from %s%s%s\n", domid, name,
	       vbd_devid(disk->target), disk->target, d.readonly ? ", read-only" : "", b, be.name,
	       device ? "PCI " : "a RAM disk", device ? nodes[n - 1].value : "",
	       ok ? "" : ": writing its nodes failed");
}

/* Interface number devid (its index in the description) of domain domid. */
static void add_nic(const struct manifest *m, uint16_t domid, const char *name, uint32_t devid,
		    const struct manifest_nic *nic)
{
	struct manifest_domain be;
	char mac[18];
	if (!manifest_domain(m, nic->backend, &be))
		return;
	d0_shell_hide();
	vif_fmt_mac(mac, nic->mac);
	if (be.role == MANIFEST_ROLE_CONTROL) {
		printf("devices: d%u (%s) vif %u (%s): its back end is the control domain, which runs no netback: not connected\n",
		       domid, name, devid, mac);
		return;
	}
	long b = d0_domid_of(be.name);
	if (b < 0) {
		printf("devices: d%u (%s) vif %u (%s): back end %s is not running: not connected\n", domid, name, devid,
		       mac, be.name);
		return;
	}
	struct vif_desc d = { .frontend = domid, .backend = (unsigned)b, .devid = devid };
	memcpy(d.mac, nic->mac, 6);
	struct vbd_node nodes[VIF_TOOLSTACK_NODES];
	char fe_dir[VBD_PATH_MAX], be_dir[VBD_PATH_MAX];
	unsigned n = vif_toolstack_nodes(&d, nodes, VIF_TOOLSTACK_NODES);
	bool ok = n && dev_frontend_dir(fe_dir, "vif", domid, devid) &&
		  dev_backend_dir(be_dir, "vif", d.backend, domid, devid) &&
		  write_dev(fe_dir, be_dir, domid, d.backend, nodes, n);
	printf("devices: d%u (%s) vif %u (%s) served by d%ld (%s)%s\n", domid, name, devid, mac, b, be.name,
	       ok ? "" : ": writing its nodes failed");
}

void d0_devices_add(uint16_t domid, const char *name)
{
	uint64_t size;
	char probe[1];
	if (sysctl_boot_module(0, 0, probe, 0, &size) < 0)
		return;                 /* not booted with a description: nothing to add */
	void *desc = d0_load_module(0, &size);
	struct manifest m;
	struct manifest_domain md;
	const char *why;
	if (desc && manifest_open(&m, desc, size, &why) == 0) {
		char have[32];
		d0_domain_name(domid, name, have);
		for (uint32_t i = 0; manifest_domain(&m, i, &md); i++) {
			if (strcmp(md.name, have) != 0)
				continue;
			struct manifest_disk disk;
			for (uint32_t k = 0; manifest_disk(&m, i, k, &disk); k++)
				add_disk(&m, domid, have, i, k, &disk);
			struct manifest_nic nic;
			for (uint32_t k = 0; manifest_nic(&m, i, k, &nic); k++)
				add_nic(&m, domid, have, k, &nic);
		}
	}
	free(desc);
}

void d0_devices_gone(uint16_t domid)
{
	struct xen_domctl_getdomaininfo info;
	for (domid_t d = 0; domctl_getinfo(d, &info) == 0; d = (domid_t)(info.domain + 1)) {
		char p[64];
		snprintf(p, sizeof(p), "/local/domain/%u/backend/vbd/%u", info.domain, domid);
		path_op(0, XS_RM, p);
		snprintf(p, sizeof(p), "/local/domain/%u/backend/vif/%u", info.domain, domid);
		path_op(0, XS_RM, p);
	}
}
