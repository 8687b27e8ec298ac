/*
 * dom0's XenStore service: the library in dom0/xenstore/ (Xen 4.17's
 * xenstored rules), run over newlib's malloc, with its hooks answered by
 * the hypervisor: a domain's store page mapped through d0_map, its store
 * port bound with bind_interdomain and signalled with send.
 *
 * Domains are found the way a toolstack that did not build them finds
 * them: each one the hypervisor lists (getdomaininfo) and the store does
 * not know is given its home (/local/domain/N, libxl's layout) and
 * introduced with the page and port the builder gave it (getinfo_ext);
 * each one known to the store and gone from the hypervisor is released
 * and forgotten (its nodes and watches go, @releaseDomain fires).  That
 * runs at start and on every VIRQ_DOM_EXC.
 *
 * dom0's own requests (the shell's xenstore-* commands, shutdown) go over
 * an in-process connection of domain 0, in the wire format, so they obey
 * the same rules as any client's.
 *
 * Invariant: the store knows exactly the live domains that have a store
 * page (the initial domain, served in-process, excepted).
 */
#include <stdlib.h>
#include <string.h>
#include "d0_devices.h"
#include "d0_map.h"
#include "d0_shell.h"
#include "d0_store.h"
#include "domctl.h"
#include "events.h"
#include "xenstore/xs_server.h"

#define MAX_DOMS 32

static struct xs_server *store;
static struct xs_conn *self;            /* dom0's own, in-process connection (the shell's) */
static struct {
	uint16_t domid;
	bool used;
	uint32_t local_port;
} known[MAX_DOMS];

static void *mem_alloc(void *ctx, size_t size)
{
	(void)ctx;
	return malloc(size);
}

static void mem_free(void *ctx, void *p, size_t size)
{
	(void)ctx, (void)size;
	free(p);
}

static struct xenstore_domain_interface *map_ring(void *ctx, uint32_t domid, uint64_t mfn)
{
	(void)ctx;
	return d0_map_foreign((uint16_t)domid, mfn);
}

static void unmap_ring(void *ctx, uint32_t domid, struct xenstore_domain_interface *ring)
{
	(void)ctx, (void)domid;
	d0_unmap_foreign(ring);
}

static int bind(void *ctx, uint32_t domid, uint32_t remote_port, uint32_t *local_port)
{
	(void)ctx;
	evtchn_port_t p;
	if (evtchn_bind_interdomain((domid_t)domid, remote_port, &p))
		return XS_EINVAL;
	events_mask(p);
	*local_port = p;
	for (unsigned i = 0; i < MAX_DOMS; i++)
		if (known[i].used && known[i].domid == domid)
			known[i].local_port = p;
	return 0;
}

static void unbind(void *ctx, uint32_t local_port)
{
	(void)ctx;
	evtchn_close(local_port);
}

static void notify(void *ctx, uint32_t local_port)
{
	(void)ctx;
	evtchn_send(local_port);
}

static const struct xs_alloc alloc = { mem_alloc, mem_free, NULL };
static const struct xs_hooks hooks = { NULL, map_ring, unmap_ring, bind, unbind, notify, NULL };

bool d0_store_init(void)
{
	store = xs_server_new(&alloc, &hooks);
	self = store ? xs_conn_new(store, 0, NULL, 0) : NULL;
	return self != NULL;
}

static bool alive(uint16_t domid)
{
	struct xen_domctl_getdomaininfo info;
	return domctl_getinfo(domid, &info) == 0 && info.domain == domid;
}

static void introduce(const struct xen_domctl_getdomaininfo *info, const struct umbra_domctl_getinfo_ext *x)
{
	unsigned slot = MAX_DOMS;
	for (unsigned i = 0; i < MAX_DOMS && slot == MAX_DOMS; i++)
		if (!known[i].used)
			slot = i;
	if (slot == MAX_DOMS) {
		d0_shell_hide();
		printf("xenstore: no room for d%u\n", x->domain);
		return;
	}
	known[slot].used = true;
	known[slot].domid = x->domain;
	known[slot].local_port = 0;
	struct xs_home_desc home = {
		.domid = x->domain, .name = x->name, .max_kb = info->max_pages * 4,
		.target_kb = info->tot_pages * 4, .vcpus = info->max_vcpu_id + 1,
		.store_mfn = x->store_mfn, .store_port = x->store_port,
		.console_mfn = x->console_mfn, .console_port = x->console_port,
	};
	/* Its devices' nodes before the introduction, as libxl adds devices
	 * before it unpauses a domain: a boot-time guest, already running,
	 * can reach the store only once introduced, and then finds them. */
	int rc = xs_domain_home(store, &home);
	if (rc == 0) {
		d0_devices_add(x->domain, x->name);
		rc = xs_introduce(store, x->domain, x->store_mfn, x->store_port);
	}
	d0_shell_hide();
	printf("xenstore: d%u (%s) %s\n", x->domain, x->name, rc ? "not introduced" : "introduced");
}

void d0_store_add(const struct umbra_domctl_getinfo_ext *x)
{
	struct xen_domctl_getdomaininfo info;
	if (domctl_getinfo(x->domain, &info) == 0 && info.domain == x->domain && !xs_domain_introduced(store, x->domain))
		introduce(&info, x);
	d0_store_serve(0);
}

unsigned d0_store_sync(void)
{
	for (unsigned i = 0; i < MAX_DOMS; i++)
		if (known[i].used && !alive(known[i].domid)) {
			xs_domain_gone(store, known[i].domid);
			d0_devices_gone(known[i].domid);
			d0_shell_hide();
			printf("xenstore: d%u released\n", known[i].domid);
			known[i].used = false;
		}
	unsigned others = 0;
	struct xen_domctl_getdomaininfo info;
	for (domid_t d = 1; domctl_getinfo(d, &info) == 0; d = (domid_t)(info.domain + 1)) {
		others++;
		struct umbra_domctl_getinfo_ext x;
		if (domctl_getinfo_ext(info.domain, &x) || x.domain != info.domain || !x.store_mfn ||
		    xs_domain_introduced(store, x.domain))
			continue;
		introduce(&info, &x);
	}
	d0_store_serve(0);
	return others;
}

unsigned d0_store_ports(uint32_t *ports, unsigned max)
{
	unsigned n = 0;
	for (unsigned i = 0; i < MAX_DOMS && n < max; i++)
		if (known[i].used && known[i].local_port)
			ports[n++] = known[i].local_port;
	return n;
}

void d0_store_serve(uint32_t p)
{
	bool more = p ? xs_server_event(store, p) : xs_server_poll(store);
	while (more)
		more = xs_server_poll(store);
}

int d0_store_request(uint32_t type, const void *payload, uint32_t len, char *reply, uint32_t max, uint32_t *rlen)
{
	return d0_store_request_tx(0, type, payload, len, reply, max, rlen);
}

int d0_store_request_tx(uint32_t tx, uint32_t type, const void *payload, uint32_t len, char *reply, uint32_t max,
			uint32_t *rlen)
{
	static uint32_t req_id;
	struct xsd_sockmsg h = { .type = type, .req_id = ++req_id, .tx_id = tx, .len = len };
	if (len > XENSTORE_PAYLOAD_MAX || max == 0)
		return -1;
	xs_conn_write(self, &h, sizeof(h));
	xs_conn_write(self, payload, len);
	struct xsd_sockmsg r;
	if (xs_conn_read(self, &r, sizeof(r)) != sizeof(r) || r.len > XENSTORE_PAYLOAD_MAX)
		return -1;
	char body[XENSTORE_PAYLOAD_MAX + 1];
	size_t got = xs_conn_read(self, body, r.len);
	uint32_t keep = got < max - 1 ? (uint32_t)got : max - 1;
	memcpy(reply, body, keep);
	reply[keep] = 0;
	*rlen = keep;
	d0_store_serve(0);                      /* watch events for the domains' rings */
	return got == r.len && r.type == type ? 0 : -1;
}
