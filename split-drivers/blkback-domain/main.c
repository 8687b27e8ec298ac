/*
 * The back-end domain: a newlib PV guest that serves the vbd devices
 * the toolstack (dom0/d0_devices.c) creates under its home
 * (backend/vbd/<fe>/<devid>) through blkback (split-drivers/blkback.c)
 * over each front end's shared ring, and the vif devices
 * (backend/vif/<fe>/<devid>) through netback and a bridge between them
 * (bbd_vif.c).  A vbd whose backend directory names a PCI function
 * (`pci-device`) is served from that virtio-blk device (bbd_virtio.c),
 * which QEMU backs with the disk's image file; any other from a RAM disk
 * of its own, zeroed at first and gone when this domain stops.
 *
 * Command line: "ramdisk-mib=N" sets every RAM disk's size (default 4
 * MiB, at most 64); "exit-when-idle" ends the program once every device it
 * served is gone (described systems that test it end that way).
 *
 * One loop, nothing in the upcall: every port (the store's, each
 * device's, each virtio device's interrupt) stays masked and is waited
 * on with SCHEDOP_poll; a round takes the virtio-blk devices' finished
 * requests (bbd_virtio_serve: blkback answers them), then takes at most one
 * ring's worth of requests per device (a front end flooding its ring
 * delays no other beyond that), then looks at XenStore
 * when a watch fired (or every second).
 * Invariant: a device is served only while Connected, and a front end
 * that breaks the ring's rules is disconnected alone; refusals are
 * reported at most once a second per device.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bbd.h"
#include "xs_client.h"

uint64_t bbd_disk_sectors = 4ull << 11;

/* Refusals are reported at most this often per device (a hostile front
 * end must not flood the console): the count since the last report, and
 * the rule the latest one broke. */
#define REPORT_EVERY_NS 1000000000ull

static void parse_cmdline(void)
{
	const char *p = strstr(start_info->cmd_line, "ramdisk-mib=");
	if (!p)
		return;
	unsigned long mib = strtoul(p + 12, NULL, 10);
	if (mib >= 1 && mib <= 64)
		bbd_disk_sectors = (uint64_t)mib << 11;
	else
		printf("blkback: ramdisk-mib=%lu out of 1..64: keeping %lu MiB\n", mib,
		       (unsigned long)(bbd_disk_sectors >> 11));
}

/* Serve every connected device once; true if one has more waiting. */
static bool serve(void)
{
	bool more = false;
	for (unsigned i = 0; i < BBD_MAX_VBDS; i++) {
		struct bbd_vbd *v = &bbd_vbds[i];
		if (!v->used || !v->connected)
			continue;
		events_clear(v->port);
		bool notify = false;
		int n = blkback_serve(&v->bb, BBD_BUDGET, &notify);
		if (notify)
			evtchn_send(v->port);
		if (n < 0) {
			bbd_cut_off(v, v->bb.broken);
			continue;
		}
		if (v->bb.refused > v->last_refused && system_time_ns() >= v->next_report) {
			v->next_report = system_time_ns() + REPORT_EVERY_NS;
			printf("blkback: d%u vbd %lu: refused %lu request(s), the last for: %s\n", v->fe, v->devid,
			       (unsigned long)(v->bb.refused - v->last_refused), v->bb.last_refusal);
			v->last_refused = v->bb.refused;
		}
		more |= n == BBD_BUDGET;
	}
	return more;
}

int main(void)
{
	char buf[256];
	events_init();
	parse_cmdline();
	bbd_virtio_start();
	static const char watch[] = "backend/vbd\0vbd", watch_vif[] = "backend/vif\0vif";
	if (xs_client_request(XS_WATCH, watch, sizeof(watch), buf, sizeof(buf), 20000000000ull) != XS_WATCH ||
	    xs_client_request(XS_WATCH, watch_vif, sizeof(watch_vif), buf, sizeof(buf), 20000000000ull) != XS_WATCH) {
		printf("blkback: cannot watch backend/vbd and backend/vif: %s\n", buf);
		return 1;
	}
	printf("blkback: serving vbd devices from their virtio-blk disks, the others from RAM disks of %lu MiB\n",
	       (unsigned long)(bbd_disk_sectors >> 11));
	uint64_t next_scan = 0;
	bool more = false, served_any = false;
	bool exit_when_idle = strstr(start_info->cmd_line, "exit-when-idle") != NULL;
	for (;;) {
		evtchn_port_t ports[BBD_MAX_VBDS + BBD_BLK_DEVS + BBD_MAX_VIFS + 2];
		unsigned n = 0;
		ports[n++] = start_info->store_evtchn;
		for (unsigned i = 0; i < BBD_MAX_VBDS; i++)
			if (bbd_vbds[i].used && bbd_vbds[i].connected)
				ports[n++] = bbd_vbds[i].port;
		n = bbd_virtio_ports(ports, n);
		n = bbd_vif_ports(ports, n);
		n = bbd_nic_ports(ports, n);
		if (!more)
			evtchn_poll(ports, n, system_time_ns() + 100000000ull);
		bbd_virtio_serve();
		more = serve();
		more |= bbd_nic_serve();
		more |= bbd_vif_serve();
		bool changed = false;
		events_clear(start_info->store_evtchn);
		while (xs_client_event(buf, sizeof(buf), 0) >= 0)
			changed = true;
		if (changed || system_time_ns() >= next_scan) {
			bbd_scan();
			bbd_vif_scan();
			next_scan = system_time_ns() + 1000000000ull;
			unsigned used = bbd_vif_count();
			for (unsigned i = 0; i < BBD_MAX_VBDS; i++)
				used += bbd_vbds[i].used;
			served_any |= used > 0;
			if (exit_when_idle && served_any && !used) {
				printf("blkback: every device is gone, exiting\n");
				return 0;
			}
		}
	}
}
