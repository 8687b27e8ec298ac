/*
 * Copying to and from guest virtual memory.
 *
 * Every guest pointer a hypercall receives goes through these.  A range is
 * accepted only if it lies entirely below 2^47 or entirely at or above
 * HYPERVISOR_VIRT_END (Xen's __addr_ok), so no guest can name hypervisor
 * memory; a page that is unmapped, or read-only for a write, is caught by the
 * fault fixup in guest_copy (entry.S, extable.c).  Both cases give -EFAULT.
 */
#pragma once
#include "lib.h"
#include "public/arch-x86_64.h"

bool guest_range_ok(uint64_t va, uint64_t len);
/* Xen's __addr_ok, the check of a guest handle's start only (guest_handle_okay). */
static inline bool guest_addr_ok(uint64_t va)
{
	return va < (1ull << 47) || va >= HYPERVISOR_VIRT_END;
}
static inline bool guest_canonical(uint64_t va)
{
	return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}
long copy_from_guest(void *dst, uint64_t src, size_t n);
long copy_to_guest(uint64_t dst, const void *src, size_t n);
