/*
 * Rule: GNTTABOP_cache_flush reaches another domain's frame only while the
 * caller holds a pin on a grant of it, and never beyond one page.  The
 * flusher (a peer) learns the granter's frame from a device mapping's
 * dev_bus_addr; while mapped, CLEAN on it works (0), while an offset or
 * length crosses the page end -EINVAL; after the unmap the same flush is
 * -EINVAL, and a frame nobody owns (the hypervisor's) -EPERM.
 */
#include "gnttab.h"
#include "peer.h"
#include "test.h"

#define REF GNTTAB_FIRST_FREE_REF

static long flush(uint64_t bus, uint16_t offset, uint16_t length)
{
	struct gnttab_cache_flush f = { .a.dev_bus_addr = bus, .offset = offset, .length = length,
					.op = GNTTAB_CACHE_CLEAN };
	return HYPERVISOR_grant_table_op(GNTTABOP_cache_flush, &f, 1);
}

static void flusher(void)
{
	peer_begin();
	CHECK_EQ(evtchn_send(PEER_PORT), 0);                    /* ready */
	peer_wait_signal();                                     /* granted */
	struct gnttab_map_grant_ref m = { .flags = GNTMAP_device_map | GNTMAP_readonly, .ref = REF, .dom = 0 };
	CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &m, 1), 0);
	CHECK_EQ(m.status, GNTST_okay);
	uint64_t bus = m.dev_bus_addr;
	CHECK_EQ(flush(bus, 0, 4096), 0);
	CHECK_EQ(flush(bus, 64, 64), 0);
	CHECK_EQ(flush(bus, 4000, 97), -XEN_EINVAL);
	CHECK_EQ(flush(bus, 4096, 1), -XEN_EINVAL);
	CHECK_EQ(flush(bus, 0, 4097), -XEN_EINVAL);
	struct gnttab_unmap_grant_ref u = { .dev_bus_addr = bus, .handle = m.handle };
	CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1), 0);
	CHECK_EQ(u.status, GNTST_okay);
	CHECK_EQ(flush(bus, 0, 64), -XEN_EINVAL);
	CHECK_EQ(flush(bus + 4096, 0, 64), -XEN_EINVAL);        /* nor its neighbour */
	CHECK_EQ(flush(0x1000, 0, 64), -XEN_EPERM);
	peer_report_ok();
}

int main(void)
{
	static uint8_t page[4096] __attribute__((aligned(4096)));
	if (!is_initial_domain())
		flusher();
	events_init();
	gnttab_setup(1);
	evtchn_port_t local;
	domid_t d = peer_start("flusher", &local);
	gnttab_grant(REF, d, guest_va_to_mfn(page), true);
	CHECK_EQ(evtchn_send(local), 0);
	CHECK(peer_wait_report(d, local, 2000000000ull), "the flusher failed");
	test_pass();
}
