/*
 * The newlib domain of newlib-console-ring (a helper: never run on its own).
 * Its console page starts XENCONSOLE_DISCONNECTED, so its first line goes
 * through console_io.  Then it nudges its back end (the initial domain) on
 * the console port, again and again since the back end may not have bound
 * it yet, until the back end marks the page connected; from then on its
 * stdout goes into the ring: LINES numbered lines, more than the ring
 * holds, then a prompt, after which it reads one line from stdin (the in
 * ring) and echoes it, and exits 0 (the status line goes into the ring too).
 */
#include <stdio.h>
#include <string.h>
#include "events.h"
#include "pt.h"

#define LINES 100

int main(void)
{
	printf("newlib console: before the back end connected\n");
	const volatile struct xencons_interface *ring =
		(const volatile struct xencons_interface *)pt_pfn_va(pt_pfn(start_info->console.domU.mfn));
	evtchn_port_t port = start_info->console.domU.evtchn;
	while (ring->connection == XENCONSOLE_DISCONNECTED) {
		evtchn_send(port);
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	for (unsigned i = 0; i < LINES; i++)
		printf("newlib console: line %03u of %u, through the ring\n", i, LINES);
	printf("newlib console: type a line\n");
	char input[80];
	if (!fgets(input, sizeof(input), stdin)) {
		printf("TEST FAIL: newlib console: no input line\n");
		return 1;
	}
	input[strcspn(input, "\n")] = 0;
	printf("newlib console: read \"%s\"\n", input);
	return 0;
}
