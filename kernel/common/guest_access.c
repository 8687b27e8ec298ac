/* Guest memory access with range checks and fault fixups (guest_access.h). */
#include "guest_access.h"
#include "public/xen.h"

long guest_copy(void *dst, const void *src, size_t n);

bool guest_range_ok(uint64_t va, uint64_t len)
{
	uint64_t last = len ? va + len - 1 : va;       /* the last byte (len 0: va alone) */
	if (last < va)
		return false;                           /* wraps past the top */
	return last < (1ull << 47) || va >= HYPERVISOR_VIRT_END;
}

long copy_from_guest(void *dst, uint64_t src, size_t n)
{
	if (!guest_range_ok(src, n))
		return -XEN_EFAULT;
	return guest_copy(dst, (const void *)src, n);
}

long copy_to_guest(uint64_t dst, const void *src, size_t n)
{
	if (!guest_range_ok(dst, n))
		return -XEN_EFAULT;
	return guest_copy((void *)dst, src, n);
}
