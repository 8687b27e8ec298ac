/*
 * What lwIP asks of the platform in mainloop mode (NO_SYS): sys_now(), a
 * millisecond clock, here Xen system time (vcpu_time_info extrapolated
 * with the TSC, guest/events.c) divided down, wrapping at 2^32 ms as lwIP
 * expects; and LWIP_RAND (arch/cc.h), a xorshift generator into which each
 * call mixes the TSC, so that initial sequence numbers and ephemeral ports
 * differ between boots.  It is not a cryptographic generator: a guest
 * exposed to off-path attackers who guess sequence numbers needs a better
 * source.
 */
#include "lwip/sys.h"
#include "events.h"

u32_t sys_now(void)
{
	return (u32_t)(system_time_ns() / 1000000u);
}

uint32_t lwip_guest_rand(void)
{
	static uint64_t state = 0x9e3779b97f4a7c15ull;
	state ^= guest_rdtsc();
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (uint32_t)(state >> 32);
}
