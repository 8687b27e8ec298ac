/*
 * Rule: the hypercall census counts exactly what a domain asked for
 * (kernel/common/hc_census.c): 1,000 xen_version(XENVER_pagesize) calls
 * plus two more inside one multicall (the multicall counted once, its
 * entries as their own calls), three xenpmu_op(XENPMU_init) calls that
 * fail with -EOPNOTSUPP (three failures, the last error -95), and one
 * mmuext_op batch of four MMUEXT_TLB_FLUSH_LOCAL (four ops, and four
 * local flushes in the flush count).  The
 * hypervisor is booted with `census` (test.spec) and prints the tally when
 * the domain goes; test.spec finds each line with its exact count.
 */
#include "test.h"
#include "public/version.h"
#include "public/xenpmu.h"

int main(void)
{
	for (unsigned i = 0; i < 1000; i++)
		CHECK_EQ(HYPERVISOR_xen_version(XENVER_pagesize, NULL), 4096);
	struct multicall_entry mc[2] = {
		{ .op = __HYPERVISOR_xen_version, .args = { XENVER_pagesize, 0 } },
		{ .op = __HYPERVISOR_xen_version, .args = { XENVER_pagesize, 0 } },
	};
	CHECK_EQ(HYPERVISOR_multicall(mc, 2), 0);
	CHECK_EQ(mc[0].result, 4096);
	for (unsigned i = 0; i < 3; i++)
		CHECK_EQ(hypercall2(__HYPERVISOR_xenpmu_op, XENPMU_init, 0), -XEN_EOPNOTSUPP);
	struct mmuext_op flush[4];
	for (unsigned i = 0; i < 4; i++)
		flush[i] = (struct mmuext_op){ .cmd = MMUEXT_TLB_FLUSH_LOCAL };
	unsigned done = 0;
	CHECK_EQ(HYPERVISOR_mmuext_op(flush, 4, &done, DOMID_SELF), 0);
	CHECK_EQ(done, 4);
	printf("census: the calls are made; the hypervisor counts them when this domain goes\n");
	test_pass();
}
