/*
 * GNTMAP_device_map as Xen 4.17 gives it to a PV guest without an IOMMU.
 *
 * The test kernel is the initial domain (domain 0 on Umbra and on Xen) and
 * grants pages of its own to itself, so it gives the same verdict booted as
 * Xen's dom0.  It checks:
 *   - a device mapping hands back the frame's machine address in
 *     dev_bus_addr and pins the grant (GTF_reading, and GTF_writing unless
 *     read-only), so the granter cannot revoke it;
 *   - its unmap: dev_bus_addr 0 leaves it (okay); any other address than
 *     the frame's is bad_dev_addr; the right one ends it and frees the
 *     handle (then bad_handle);
 *   - a writable device mapping of a read-only grant or of a page table is
 *     refused (general_error), a read-only one allowed and setting only
 *     GTF_reading;
 *   - a writable device mapping holds the frame's writable type: it cannot
 *     become a page table until the mapping goes; a read-only one does not;
 *   - host and device parts together: each is removed by its own address
 *     and holds its own pin; a host_addr that does not hold the grant fails
 *     the whole unmap (general_error) before the device part is touched.
 */
#include "gnttab.h"
#include "pt.h"
#include "test.h"

#define SELF 0
#define REF GNTTAB_FIRST_FREE_REF
static uint8_t page[4096] __attribute__((aligned(4096)));

static uint16_t flags(grant_ref_t ref)
{
	return __atomic_load_n(&grant_table[ref].flags, __ATOMIC_SEQ_CST);
}

static struct gnttab_map_grant_ref dmap(grant_ref_t ref, uint32_t fl, uint64_t host)
{
	struct gnttab_map_grant_ref m = { .host_addr = host, .flags = fl | GNTMAP_device_map, .ref = ref,
					  .dom = SELF };
	CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &m, 1), 0);
	return m;
}

static int16_t unmap(uint64_t host, uint64_t dev, grant_handle_t h)
{
	struct gnttab_unmap_grant_ref u = { .host_addr = host, .dev_bus_addr = dev, .handle = h };
	CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1), 0);
	return u.status;
}

static void device_only(uint64_t mfn)
{
	uint64_t bus = mfn << 12;
	struct gnttab_map_grant_ref m = dmap(REF, 0, 0);
	CHECK_EQ(m.status, GNTST_okay);
	CHECK_EQ(m.dev_bus_addr, bus);
	CHECK_EQ(flags(REF), GTF_permit_access | GTF_reading | GTF_writing);
	CHECK(!gnttab_revoke(REF), "revoked a device-mapped grant");
	CHECK_EQ(unmap(grant_window(0), 0, m.handle), GNTST_okay);     /* no device address: kept */
	CHECK_EQ(unmap(0, bus + 4096, m.handle), GNTST_bad_dev_addr);
	CHECK_EQ(unmap(0, bus + 5, m.handle), GNTST_bad_dev_addr);
	CHECK_EQ(flags(REF), GTF_permit_access | GTF_reading | GTF_writing);
	CHECK_EQ(unmap(0, bus, m.handle), GNTST_okay);
	CHECK_EQ(flags(REF), GTF_permit_access);
	CHECK_EQ(unmap(0, bus, m.handle), GNTST_bad_handle);
}

static void readonly_rules(uint64_t mfn)
{
	gnttab_grant(REF + 1, SELF, mfn, true);
	CHECK_EQ(dmap(REF + 1, 0, 0).status, GNTST_general_error);
	CHECK_EQ(flags(REF + 1), GTF_permit_access | GTF_readonly);
	struct gnttab_map_grant_ref m = dmap(REF + 1, GNTMAP_readonly, 0);
	CHECK_EQ(m.status, GNTST_okay);
	CHECK_EQ(flags(REF + 1), GTF_permit_access | GTF_readonly | GTF_reading);
	CHECK_EQ(unmap(0, mfn << 12, m.handle), GNTST_okay);

	uint64_t l1 = pt_table_mfn((uint64_t)page, 1);
	gnttab_grant(REF + 2, SELF, l1, false);
	CHECK_EQ(dmap(REF + 2, 0, 0).status, GNTST_general_error);
	CHECK_EQ(flags(REF + 2), GTF_permit_access);
	m = dmap(REF + 2, GNTMAP_readonly, 0);
	CHECK_EQ(m.status, GNTST_okay);
	CHECK_EQ(unmap(0, l1 << 12, m.handle), GNTST_okay);
}

static void holds_writable_type(void)
{
	uint64_t frame = pt_mfn(pt_alloc());                 /* zeroed, mapped nowhere */
	gnttab_grant(REF + 3, SELF, frame, false);
	struct gnttab_map_grant_ref m = dmap(REF + 3, 0, 0);
	CHECK_EQ(m.status, GNTST_okay);
	CHECK_EQ(pt_pin(1, frame), -XEN_EINVAL);
	CHECK_EQ(unmap(0, frame << 12, m.handle), GNTST_okay);
	m = dmap(REF + 3, GNTMAP_readonly, 0);
	CHECK_EQ(m.status, GNTST_okay);
	CHECK_EQ(pt_pin(1, frame), 0);                       /* read-only: no type taken */
	CHECK_EQ(pt_unpin(frame), 0);
	CHECK_EQ(unmap(0, frame << 12, m.handle), GNTST_okay);
}

static void host_and_device(uint64_t mfn)
{
	uint64_t va = grant_window(1), bus = mfn << 12;
	struct gnttab_map_grant_ref m = dmap(REF, GNTMAP_host_map, va);
	CHECK_EQ(m.status, GNTST_okay);
	CHECK_EQ(m.dev_bus_addr, bus);
	CHECK(memcmp((const void *)va, "device", 7) == 0, "the host part shows other data");
	CHECK_EQ(unmap(grant_window(2), bus, m.handle), GNTST_general_error);
	CHECK(pt_entry(va, 1) & PT_P, "a failed unmap removed the host part");
	CHECK_EQ(unmap(va, 0, m.handle), GNTST_okay);
	CHECK_EQ(pt_entry(va, 1), 0);
	CHECK_EQ(flags(REF), GTF_permit_access | GTF_reading | GTF_writing);  /* the device pin */
	CHECK_EQ(unmap(va, 0, m.handle), GNTST_okay);                        /* nothing left there */
	CHECK_EQ(unmap(0, bus, m.handle), GNTST_okay);
	CHECK_EQ(flags(REF), GTF_permit_access);
	CHECK_EQ(unmap(va, bus, m.handle), GNTST_bad_handle);
	CHECK(gnttab_revoke(REF), "the grant stayed busy");
}

int main(void)
{
	pt_init();
	gnttab_setup(1);
	memcpy(page, "device", 7);
	uint64_t mfn = guest_va_to_mfn(page);
	gnttab_grant(REF, SELF, mfn, false);
	device_only(mfn);
	readonly_rules(mfn);
	holds_writable_type();
	host_and_device(mfn);
	test_pass();
}
