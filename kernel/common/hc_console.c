/*
 * console_io: guest text to the hypervisor console.
 *
 * Any domain may write (as in Xen builds with verbose debugging); output is
 * tagged "(dN)" and filtered to printable characters (console.c).  A write
 * is copied in bounded chunks; after HYPERCALL_BATCH chunks the call
 * continues itself, so a huge count cannot hold the CPU.  There is no
 * console input yet: CONSOLEIO_read answers -ENOSYS.
 */
#include "console.h"
#include "guest_access.h"
#include "hypercall.h"

#define CHUNK 128

long do_console_io(uint64_t cmd, uint64_t count, uint64_t buf, uint64_t a4, uint64_t a5)
{
	(void)a4, (void)a5;
	if (cmd != CONSOLEIO_write)
		return -XEN_ENOSYS;
	count = (uint32_t)count;
	char tmp[CHUNK];
	for (unsigned i = 0; count; i++) {
		if (i == HYPERCALL_BATCH) {
			current->regs.rsi = count;
			current->regs.rdx = buf;
			return -XEN_ERESTART;
		}
		size_t n = MIN(count, CHUNK);
		if (copy_from_guest(tmp, buf, n))
			return -XEN_EFAULT;
		console_guest_write(current->domain->id, tmp, n);
		buf += n;
		count -= n;
	}
	return 0;
}
