/*
 * Xen's PV console rings (struct xencons_interface, public/xen.h): one
 * byte ring each way in a shared page, "in" (1024 bytes, back end to guest)
 * and "out" (2048 bytes, guest to back end), each with free-running 32-bit
 * producer and consumer byte counts; byte i lives at i & (size - 1).
 *
 * cons_ring_put() appends to a ring the caller produces into,
 * cons_ring_get() takes from a ring the caller consumes from; the guest
 * puts into out and gets from in, a console back end the other way round,
 * so both ends use these two.  Each reads the other side's index once and
 * checks it: a ring holding more than its size (prod - cons > size) is
 * corrupt, and nothing is copied (-1).  Data is copied before the own index
 * moves (release), and the other side's index is read before the data
 * (acquire), so neither side ever sees bytes that are not there yet or
 * overwrites bytes not yet taken.  The caller notifies the other side
 * (event channel) after a call that moved bytes.  Portable: no hypercalls,
 * host-tested in tests/unit/cons_ring.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>

/* Copy up to len bytes of buf into ring (size a power of two); returns the
 * number copied (0 when full) or -1 when the indices are corrupt. */
long cons_ring_put(volatile char *ring, uint32_t size, volatile uint32_t *prod,
		   const volatile uint32_t *cons, const char *buf, size_t len);
/* Copy up to len bytes out of ring into buf; returns the number copied (0
 * when empty) or -1 when the indices are corrupt. */
long cons_ring_get(const volatile char *ring, uint32_t size, const volatile uint32_t *prod,
		   volatile uint32_t *cons, char *buf, size_t len);
