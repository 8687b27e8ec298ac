/*
 * console_io: guest text to the hypervisor console, and serial input to
 * the control domain.
 *
 * Any domain may write (as in Xen builds with verbose debugging); output is
 * tagged "(dN)" and filtered to printable characters (console.c), the
 * privileged domain's unbuffered (it may be interactive), as in Xen.  A write
 * is copied in bounded chunks; after HYPERCALL_BATCH chunks the call
 * continues itself, so a huge count cannot hold the CPU.  CONSOLEIO_read
 * gives the privileged domain up to count characters of what was typed for
 * it (console_input.c; 0 when nothing was), as Xen 4.17 gives its dom0: a
 * count above INT_MAX is -E2BIG, a buffer it cannot write -EFAULT (the
 * characters copied before the fault are consumed, as in Xen); other
 * domains get -EPERM (Xen's default policy).  The command and the count are
 * Xen's 32-bit unsigned ints.
 */
#include "console.h"
#include "guest_access.h"
#include "hypercall.h"

#define CHUNK 128

static long console_read(uint32_t count, uint64_t buf)
{
	if (!current->domain->privileged)
		return -XEN_EPERM;
	if (count > INT32_MAX)
		return -XEN_E2BIG;
	return console_input_read(buf, count);
}

long do_console_io(uint64_t cmd, uint64_t count, uint64_t buf, uint64_t a4, uint64_t a5)
{
	(void)a4, (void)a5;
	count = (uint32_t)count;
	if ((uint32_t)cmd == CONSOLEIO_read)
		return console_read((uint32_t)count, buf);
	if ((uint32_t)cmd != CONSOLEIO_write)
		return -XEN_ENOSYS;
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
		if (current->domain->privileged)
			console_guest_write_direct(current->domain->id, tmp, n);
		else
			console_guest_write(current->domain->id, tmp, n);
		buf += n;
		count -= n;
	}
	return 0;
}
