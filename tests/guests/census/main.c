/*
 * Rule: the hypercall census counts exactly what a domain asked for
 * (kernel/common/hc_census.c): 1,000 xen_version(XENVER_pagesize) calls
 * plus two more inside one multicall (each multicall counted once, its
 * entries as their own calls), three xenpmu_op(XENPMU_init) calls that
 * fail with -EOPNOTSUPP (three failures, the last error -95), number 38,
 * which has no handler, once directly and once in a multicall (two calls,
 * both -ENOSYS, counted without a sub-op), and one
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
	CHECK_EQ(HYPERVISOR_multicall(mc, 2), 0);     /* multicalls: this one and the one below */
	CHECK_EQ(mc[0].result, 4096);
	for (unsigned i = 0; i < 3; i++)
		CHECK_EQ(hypercall2(__HYPERVISOR_xenpmu_op, XENPMU_init, 0), -XEN_EOPNOTSUPP);
	CHECK_EQ(hypercall2(38, 5, 0), -XEN_ENOSYS);         /* no such hypercall: no handler */
	struct multicall_entry none = { .op = 38, .args = { 5, 0 } };
	CHECK_EQ(HYPERVISOR_multicall(&none, 1), 0);
	CHECK_EQ(none.result, -XEN_ENOSYS);
	struct mmuext_op flush[4];
	for (unsigned i = 0; i < 4; i++)
		flush[i] = (struct mmuext_op){ .cmd = MMUEXT_TLB_FLUSH_LOCAL };
	unsigned done = 0;
	CHECK_EQ(HYPERVISOR_mmuext_op(flush, 4, &done, DOMID_SELF), 0);
	CHECK_EQ(done, 4);
	printf("census: the calls are made; the hypervisor counts them when this domain goes\n");
	test_pass();
}
