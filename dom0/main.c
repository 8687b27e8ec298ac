/*
 * dom0: the control domain as a program (issue 10).  Today it runs the
 * XenStore service (d0_store.c) and the console back end (d0_console.c)
 * for every other domain, in one event loop driven by event channels: the
 * store rings' and console rings' ports and VIRQ_DOM_EXC.  All ports stay
 * masked and are waited on with SCHEDOP_poll, so nothing runs in the upcall
 * and the services are plain sequential C over newlib.
 *
 * Command line: "exit-when-alone" powers the machine off once every other
 * domain is gone (described systems that test a service end that way).
 */
#include <stdio.h>
#include <string.h>
#include "d0_console.h"
#include "d0_store.h"
#include "events.h"
#include "guest.h"
#include "hypercall.h"

#define MAX_PORTS 64

int main(void)
{
	bool exit_when_alone = strstr(start_info->cmd_line, "exit-when-alone") != NULL;
	events_init();
	evtchn_port_t exc;
	if (evtchn_bind_virq(VIRQ_DOM_EXC, &exc) || !d0_store_init()) {
		printf("dom0: cannot start its services\n");
		return 1;
	}
	events_mask(exc);
	printf("dom0: XenStore and consoles up\n");
	unsigned others = d0_store_sync();
	d0_console_sync();
	while (!exit_when_alone || others) {
		uint32_t ports[MAX_PORTS];
		ports[0] = exc;
		unsigned ns = d0_store_ports(ports + 1, MAX_PORTS / 2);
		unsigned nc = d0_console_ports(ports + 1 + ns, MAX_PORTS / 2 - 1);
		evtchn_poll(ports, 1 + ns + nc, 0);
		for (unsigned i = 1; i < 1 + ns + nc; i++)
			if (events_pending(ports[i])) {
				events_clear(ports[i]);
				if (i <= ns)
					d0_store_serve(ports[i]);
				else
					d0_console_serve(ports[i]);
			}
		if (events_pending(exc)) {
			events_clear(exc);
			others = d0_store_sync();
			d0_console_sync();
		}
	}
	printf("dom0: no other domain left, powering off\n");
	return 0;
}
