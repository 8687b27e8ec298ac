/*
 * The demo's control domain.  It introduces the system, gives the guests the
 * CPU by yielding, and powers the machine off.  Until domain control
 * hypercalls exist it cannot ask whether the guests have finished, so it
 * yields a fixed number of times: each yield lets every runnable guest run
 * for up to one time slice, far more than the greeters need.
 */
#include "guest.h"
#include "public/version.h"

#define YIELDS 500

int main(void)
{
	long v = HYPERVISOR_xen_version(XENVER_version, NULL);
	printf("control domain up: Xen-compatible interface %ld.%ld, %lu pages, flags %x\n",
	       v >> 16, v & 0xffff, start_info->nr_pages, start_info->flags);
	printf("letting the guests run...\n");
	for (int i = 0; i < YIELDS; i++)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	printf("control domain: powering off\n");
	return 0;
}
