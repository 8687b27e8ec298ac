/* The back-end domain program (split-drivers/blkback-domain/): shared
 * declarations of its files. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "blkback.h"
#include "events.h"
#include "gnttab.h"
#include "vbd_nodes.h"
#include "xenbus.h"

struct bridge;
struct pci_dev;
struct plat;

#define BBD_MAX_VBDS 8
#define BBD_BLK_DEVS 8          /* virtio-blk functions driven: tools/umbra attaches at most 8 disks */
#define BBD_BUDGET   32         /* requests per device per round: one ring's worth */

struct bbd_vbd {
	bool used, seen;
	unsigned fe;
	unsigned long devid;
	char dir[64];                   /* backend/vbd/<fe>/<devid>, relative to our home */
	char fe_dir[VBD_PATH_MAX];      /* as the toolstack wrote it, checked */
	enum xenbus_state state;
	bool readonly;
	struct blk_ramdisk disk;
	struct blk_store *store;        /* &disk.store, or the virtio-blk device claimed */
	struct blk_store *device;       /* the virtio-blk device claimed (bbd_virtio.c), or NULL */
	uint8_t *mem, *bounce;
	bool connected;
	grant_handle_t ring_handle;
	evtchn_port_t port;
	struct blkback bb;
	uint64_t last_refused;          /* refusals already reported */
	uint64_t next_report;           /* system time before which no refusal is reported */
};

extern struct bbd_vbd bbd_vbds[BBD_MAX_VBDS];
extern uint64_t bbd_disk_sectors;

/* bbd_vbd.c: find new and vanished devices; act on every device's states. */
void bbd_scan(void);
/* A device whose front end broke the ring's rules: cut it off. */
void bbd_cut_off(struct bbd_vbd *v, const char *why);

/* bbd_virtio.c: enumerate PCI once; initialise every virtio-blk function
   this domain was given and hand the virtio-net ones to bbd_nic.c. */
void bbd_virtio_start(void);
/* The store of the device pci ("0000:00:10.0") names, for one vbd; NULL
   with *why when it is malformed, not ours, or already serving a vbd. */
struct blk_store *bbd_virtio_claim(const char *pci, const char **why);
void bbd_virtio_release(struct blk_store *s);
/* Add each claimed device's interrupt port to ports (room for
   BBD_BLK_DEVS); the new count. */
unsigned bbd_virtio_ports(evtchn_port_t *ports, unsigned n);
/* Take every device's finished requests (blkback answers them), and
   close a device that broke its ring or finished nothing for 30 s. */
void bbd_virtio_serve(void);
/* Wait up to 100 ms for s's interrupt, then bbd_virtio_serve. */
void bbd_virtio_wait(struct blk_store *s);

/* bbd_grant.c */
int bbd_copy(void *ctx, const struct blkback_seg *segs, unsigned n, bool to_front);
/* Map the front end's ring grant at slot i's window; the GNTST status. */
int16_t bbd_map_ring(unsigned i, domid_t fe, grant_ref_t ref, grant_handle_t *handle, void **va);
void bbd_unmap_ring(unsigned i, grant_handle_t handle);
/* The same at any window page of our image (page-aligned, kept for it). */
int16_t bbd_map_window(uint8_t *window, domid_t fe, grant_ref_t ref, grant_handle_t *handle);
void bbd_unmap_window(uint8_t *window, grant_handle_t handle);

/* bbd_list.c: call add for every backend/<kind>/<fe>/<devid> under our home. */
void bbd_list(const char *kind, void (*add)(unsigned fe, unsigned long devid));
/* The front end's state under fe_dir, Unknown while we are Initialising
 * (no front end yet) or when it is missing or malformed. */
enum xenbus_state bbd_frontend_state(enum xenbus_state own, const char *fe_dir);

/* bbd_vif.c: the vif devices (netback) and the bridge between them. */
void bbd_vif_scan(void);
/* Serve every connected vif once; true if one has more waiting. */
bool bbd_vif_serve(void);
/* Add each connected vif's port to ports (room for BBD_MAX_VIFS); the new count. */
unsigned bbd_vif_ports(evtchn_port_t *ports, unsigned n);
/* vifs known (connected or not). */
unsigned bbd_vif_count(void);
/* The bridge between the vifs and the NIC (initialised at first use). */
struct bridge *bbd_bridge(void);

/* bbd_nic.c: the first virtio-net function bbd_virtio_start finds goes
   onto the bridge as an unlocked port (later ones are left alone). */
void bbd_nic_attach(struct plat *p, const struct pci_dev *d);
/* Add the NIC's interrupt port to ports (room for one); the new count. */
unsigned bbd_nic_ports(evtchn_port_t *ports, unsigned n);
/* Take the NIC's interrupt and its received frames onto the bridge; true
   if more may be waiting. */
bool bbd_nic_serve(void);
#define BBD_MAX_VIFS 8
