/*
 * lwIP's platform header (lwip/arch.h includes it) for Umbra's newlib
 * guests.  newlib is a hosted C library here, so lwIP's defaults hold for
 * the rest: <stdint.h>, <inttypes.h>, <limits.h> and <stddef.h> exist,
 * diagnostics go through printf, a failed assertion prints and aborts
 * (the guest crashes alone; nothing else depends on it).  What this file
 * adds: SSIZE_MAX, which newlib's <limits.h> leaves out and without which
 * lwIP declares an ssize_t of its own (int, where newlib's is long); the
 * byte order swaps as compiler built-ins (x86 is little-endian, lwIP's
 * default byte order); and LWIP_RAND, which lwIP uses for TCP's
 * initial sequence numbers and local ports (guest/lwip/lwip_port.c: a
 * generator mixed with the TSC, not a cryptographic one).
 */
#pragma once
#include <stdint.h>

#define SSIZE_MAX __LONG_MAX__

#define lwip_htons(x) ((uint16_t)__builtin_bswap16((uint16_t)(x)))
#define lwip_htonl(x) ((uint32_t)__builtin_bswap32((uint32_t)(x)))

uint32_t lwip_guest_rand(void);
#define LWIP_RAND() lwip_guest_rand()
