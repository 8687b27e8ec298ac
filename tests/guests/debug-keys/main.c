/*
 * Rule: CTRL-a typed three times gives serial input to the hypervisor's
 * debug keys and three more give it back to dom0; while the keys have it,
 * nothing typed reaches dom0.  The keys show the machine: 'h' the list,
 * 'q' the domains (state, pages, event channels, vCPUs; VIRQ_DEBUG raised
 * on every vCPU that bound it, as in Xen), 'd' the registers of the vCPU
 * that was running, '0'-'9' a domain's vCPUs, 'r' the run queue, 'm'
 * memory.  The script (test.spec) types the keys and checks what they
 * print; this kernel sets the scene: itself blocked polling for input, a
 * second domain spinning, so the running vCPU and the run queue are known.
 */
#include "console_in.h"
#include "peer.h"
#include "test.h"

#define SCRIPT_TIMEOUT_NS 100000000000ull

static noreturn void spinner(void)
{
	peer_begin();
	CHECK_EQ(evtchn_send(PEER_PORT), 0);
	for (;;)
		__asm__ volatile("pause");
}

int main(void)
{
	if (!is_initial_domain())
		spinner();
	events_init();
	console_in_init();
	evtchn_port_t debug;
	CHECK_EQ(evtchn_bind_virq(VIRQ_DEBUG, &debug), 0);
	events_mask(debug);
	evtchn_port_t local;
	domid_t spin = peer_start("spin", &local);
	printf("debug-keys: ready, d%u spins\n", spin);

	char line[64];
	long n = console_in_line(line, sizeof(line), sizeof(line), SCRIPT_TIMEOUT_NS);
	CHECK(n >= 0, "no line typed within 100 s");
	printf("debug-keys: dom0 read \"%s\"\n", line);
	CHECK(strcmp(line, "done") == 0, "dom0 read \"%s\": keys typed for the hypervisor reached it", line);
	CHECK(events_pending(debug), "'q' did not raise VIRQ_DEBUG");
	peer_destroy(spin);
	test_pass();
}
