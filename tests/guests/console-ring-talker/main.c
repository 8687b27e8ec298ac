/*
 * The talker of tests/systems/console-ring (a helper: never run on its
 * own): a newlib domain whose first line goes through console_io, which
 * then waits until dom0's console back end marks its page connected and
 * writes LINES numbered lines (more than the out ring holds) and a last
 * line without a newline, all of which must reach the serial through dom0,
 * tagged with its id and name.
 */
#include <stdio.h>
#include "events.h"
#include "pt.h"

#define LINES 60

int main(void)
{
	printf("talker: before the back end connected\n");
	const volatile struct xencons_interface *ring =
		(const volatile struct xencons_interface *)pt_pfn_va(pt_pfn(start_info->console.domU.mfn));
	while (ring->connection == XENCONSOLE_DISCONNECTED)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	for (unsigned i = 1; i <= LINES; i++)
		printf("talker: line %02u of %u, through the ring\n", i, LINES);
	printf("talker: a last line without a newline");
	fflush(stdout);
	return 0;
}
