/*
 * Rule: a domain's hardware breakpoints never fire in another domain, not
 * even when the domain dies while they are loaded in the CPU.
 *
 * Found by the hypercall fuzzer: a child that armed a data breakpoint and
 * then crashed left the CPU's DR7 armed, and every domain that ran after it
 * took #DB at that address.  Here a peer built from this image (so that
 * `watched` has the same address in both) arms a write breakpoint on
 * `watched` and shuts itself down, dying as the running vCPU with the
 * breakpoint live.  The initial domain, whose own debug registers are
 * clear, then writes `watched` many times with a #DB catcher installed:
 * it must catch nothing, and its virtual DR6 and DR7 must still read clear.
 */
#include "catch.h"
#include "peer.h"
#include "test.h"

#define DR7_L0_W_LEN8 (0x1ull | 0xdull << 16)   /* L0; R/W0 = 01 (write), LEN0 = 10 (8 bytes) */

static volatile uint64_t watched;

int main(void)
{
	if (!is_initial_domain()) {
		CHECK_EQ(HYPERVISOR_set_debugreg(0, (uint64_t)&watched), 0);
		CHECK_EQ(HYPERVISOR_set_debugreg(7, DR7_L0_W_LEN8), 0);
		guest_shutdown(SHUTDOWN_poweroff);      /* with the breakpoint loaded */
	}
	events_init();
	CHECK_EQ(catch_trap(1, 0, 0), 0);
	domid_t d = peer_create("arm", 4096);
	peer_unpause(d);
	CHECK(peer_wait_gone(d, 2000000000ull), "the peer did not shut down");
	for (int i = 0; i < 1000; i++)
		watched = (uint64_t)i;
	printf("after the peer died with a breakpoint on %p: %u #DB caught\n", (void *)&watched, caught.count);
	CHECK_EQ(caught.count, 0);
	CHECK_EQ(HYPERVISOR_get_debugreg(7), 0x400);
	CHECK_EQ(HYPERVISOR_get_debugreg(6) & 0xffffffff, 0xffff0ff0);
	test_pass();
}
