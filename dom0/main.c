/*
 * dom0: the control domain as a program (issue 10).  It runs the XenStore
 * service (d0_store.c), the console back end (d0_console.c) for every
 * other domain, and the toolstack shell (d0_shell.c) on the serial console,
 * in one event loop driven by event channels: the store rings' and console
 * rings' ports, VIRQ_DOM_EXC (a domain shut down or died) and VIRQ_CONSOLE
 * (serial input, read with CONSOLEIO_read).  All ports stay masked and are
 * waited on with SCHEDOP_poll (with the shell's deadline, for top), so
 * nothing runs in the upcall and the services are plain sequential C over
 * newlib.
 *
 * Command line: "exit-when-alone" powers the machine off once every other
 * domain is gone (described systems that test a service end that way).
 */
#include <stdio.h>
#include <string.h>
#include "d0_console.h"
#include "d0_shell.h"
#include "d0_store.h"
#include "events.h"
#include "guest.h"
#include "hypercall.h"

#define MAX_PORTS 64

static void read_input(void)
{
	char buf[64];
	long n;
	while ((n = HYPERVISOR_console_io(CONSOLEIO_read, sizeof(buf), buf)) > 0)
		d0_shell_input(buf, (size_t)n);
}

static unsigned sync_domains(void)
{
	unsigned others = d0_store_sync();
	d0_console_sync();
	d0_shell_sync();
	return others;
}

int main(void)
{
	bool exit_when_alone = strstr(start_info->cmd_line, "exit-when-alone") != NULL;
	events_init();
	evtchn_port_t exc, input;
	if (evtchn_bind_virq(VIRQ_DOM_EXC, &exc) || evtchn_bind_virq(VIRQ_CONSOLE, &input) || !d0_store_init()) {
		printf("dom0: cannot start its services\n");
		return 1;
	}
	events_mask(exc);
	events_mask(input);
	printf("dom0: XenStore and consoles up\n");
	unsigned others = sync_domains();
	d0_shell_start();
	while (!exit_when_alone || others) {
		uint32_t ports[MAX_PORTS];
		ports[0] = exc;
		ports[1] = input;
		unsigned ns = d0_store_ports(ports + 2, MAX_PORTS / 2);
		unsigned nc = d0_console_ports(ports + 2 + ns, MAX_PORTS / 2 - 2);
		evtchn_poll(ports, 2 + ns + nc, d0_shell_deadline());
		for (unsigned i = 2; i < 2 + ns + nc; i++)
			if (events_pending(ports[i])) {
				events_clear(ports[i]);
				if (i < 2 + ns)
					d0_store_serve(ports[i]);
				else
					d0_console_serve(ports[i]);
			}
		if (events_pending(exc)) {
			events_clear(exc);
			others = sync_domains();
		}
		if (events_pending(input)) {
			events_clear(input);
			read_input();
		}
		d0_shell_tick();
		d0_shell_show();
	}
	d0_shell_hide();
	printf("dom0: no other domain left, powering off\n");
	return 0;
}
