/*
 * Rule: when the initial domain shuts down with SHUTDOWN_reboot the machine
 * goes down with it and says so: the hypervisor logs the reason and the
 * launcher's exit status is "reboot" (7), not poweroff.
 */
#include "test.h"

int main(void)
{
	printf("TEST PASS\n");
	guest_shutdown(SHUTDOWN_reboot);
}
