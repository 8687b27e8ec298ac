/*
 * Rule: a null cs, or a null ss for the 64-bit return to CPL 3 (which
 * needs a stack segment), gets RPL 3 and is refused by the CPU's iretq:
 * the guest gets #GP(0) at the frame's rip, the null selector (with RPL 3
 * for ss) in the bounce frame, as on Xen 4.17.  The hypervisor runs on.
 */
#include "attack.h"
#include "events.h"
#include "iret_probe.h"

int main(void)
{
	events_init();
	iret_probe_init();
	struct iret_outcome o = iret_probe(0, FLAT_KERNEL_SS, 0x202, 0);
	iret_expect_fault("null cs", &o, 0, FLAT_KERNEL_SS, 13, 0);
	for (uint16_t ss = 0; ss < 4; ss++) {
		char what[32];
		snprintf(what, sizeof(what), "null ss 0x%x", ss);
		o = iret_probe(FLAT_KERNEL_CS & ~3, ss, 0x202, 0);
		iret_expect_fault(what, &o, FLAT_KERNEL_CS & ~3, ss, 13, 0);
	}
	attack_hv_alive();
	test_pass();
}
