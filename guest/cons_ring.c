/* Xen's PV console rings, both directions (cons_ring.h). */
#include "cons_ring.h"

long cons_ring_put(volatile char *ring, uint32_t size, volatile uint32_t *prod,
		   const volatile uint32_t *cons, const char *buf, size_t len)
{
	uint32_t c = __atomic_load_n(cons, __ATOMIC_ACQUIRE);
	uint32_t p = *prod;
	uint32_t used = p - c;
	if (used > size)
		return -1;
	size_t n = size - used < len ? size - used : len;
	for (size_t i = 0; i < n; i++)
		ring[(p + i) & (size - 1)] = buf[i];
	__atomic_store_n(prod, p + (uint32_t)n, __ATOMIC_RELEASE);
	return (long)n;
}

long cons_ring_get(const volatile char *ring, uint32_t size, const volatile uint32_t *prod,
		   volatile uint32_t *cons, char *buf, size_t len)
{
	uint32_t p = __atomic_load_n(prod, __ATOMIC_ACQUIRE);
	uint32_t c = *cons;
	uint32_t avail = p - c;
	if (avail > size)
		return -1;
	size_t n = avail < len ? avail : len;
	for (size_t i = 0; i < n; i++)
		buf[i] = ring[(c + i) & (size - 1)];
	__atomic_store_n(cons, c + (uint32_t)n, __ATOMIC_RELEASE);
	return (long)n;
}
