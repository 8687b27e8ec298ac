/*
 * Rule: grant references and handles are range-checked before anything is
 * touched: a reference beyond the granter's table is bad_gntref (also a huge
 * one), an unknown domain bad_domain (DOMID_SELF names no granter, as in
 * Xen), a handle never handed out bad_handle, a map without GNTMAP_host_map
 * bad_gntref, and a host address in the hypervisor's range or outside the
 * canonical space general_error (Xen's answer for any host address it cannot
 * use).  Nothing is left mapped or pinned.  The test kernel is the initial
 * domain, domain 0, and grants to itself.
 */
#include "gnttab.h"
#include "test.h"

#define REF GNTTAB_FIRST_FREE_REF
static uint8_t page[4096] __attribute__((aligned(4096)));

int main(void)
{
	gnttab_setup(1);
	gnttab_grant(REF, 0, guest_va_to_mfn(page), false);    /* to ourselves */
	uint64_t va = grant_window(0);
	grant_handle_t h;
	static const grant_ref_t bad[] = { 512, 4096, 0x7fffffff, 0xffffffff };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_EQ(gnttab_map(0, bad[i], va, 0, &h), GNTST_bad_gntref);
	CHECK_EQ(gnttab_map(0x7000, REF, va, 0, &h), GNTST_bad_domain);
	CHECK_EQ(gnttab_map(DOMID_SELF, REF, va, 0, &h), GNTST_bad_domain);
	CHECK_EQ(gnttab_map(DOMID_SELF, 0xffffffff, va, 0, &h), GNTST_bad_domain);
	CHECK_EQ(gnttab_unmap(va, 0), GNTST_bad_handle);
	CHECK_EQ(gnttab_unmap(va, 511), GNTST_bad_handle);
	CHECK_EQ(gnttab_unmap(va, 0xffffffff), GNTST_bad_handle);
	struct gnttab_map_grant_ref op = { .host_addr = va, .flags = 0, .ref = REF, .dom = 0 };
	CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &op, 1), 0);
	CHECK_EQ(op.status, GNTST_bad_gntref);
	CHECK_EQ(gnttab_map(0, REF, 0xFFFF830000000000ull, 0, &h), GNTST_general_error);
	CHECK_EQ(gnttab_map(0, REF, 0x0000800000000000ull, 0, &h), GNTST_general_error);
	CHECK_EQ(grant_table[REF].flags, GTF_permit_access);     /* never marked in use */
	CHECK(gnttab_revoke(REF), "the grant stayed busy after refused maps");
	/* the hypercall itself: an unknown op and a negative count */
	CHECK_EQ(HYPERVISOR_grant_table_op(99, &op, 1), -XEN_ENOSYS);
	CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_dump_table, &op, 1), -XEN_ENOSYS);
	/* the command's upper bits are a continuation argument, cache_flush's alone */
	CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref | 0x1000, &op, 1), -XEN_EINVAL);
	CHECK_EQ(HYPERVISOR_grant_table_op(99 | 0x1000, &op, 1), -XEN_EINVAL);
	CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &op, 0xffffffffu), -XEN_EINVAL);
	test_pass();
}
