/*
 * sysctl boot_module: the control domain reads the hypervisor's boot
 * modules (Umbra's own command, public/sysctl.h).
 *
 * Why: a system description may mark domains "not started at boot"
 * (autostart='no', config/manifest.h).  The hypervisor leaves them
 * unbuilt; the control domain builds them at run time with its own
 * builder, which needs what the hypervisor was given: module 0, the
 * compiled manifest it parses itself, and the kernels in modules 1..N.
 * Boot modules lie below the boot allocator's mark and are never freed
 * (frame.c), so every module stays readable for the machine's lifetime,
 * and nothing here can change them: this command only copies out.
 *
 * Rule: do_sysctl has already copied the op in once and checked the
 * envelope (-EFAULT, -EACCES, then -EPERM for an unprivileged caller, as
 * every sysctl); this works on that copy only.  Then: a pad field not
 * zero -EINVAL (reserved fields first, before any other field is given a
 * meaning), a module index past the last -ENOENT, an offset past the
 * module's end -EINVAL, and a buffer that is not writable guest memory
 * -EFAULT (copy_to_guest: hypervisor addresses, unmapped or read-only
 * pages).  At most UMBRA_BOOT_MODULE_CHUNK bytes move per call, so one
 * call's work is bounded whatever length the caller names; a read at the
 * end copies nothing and touches no buffer.  The counts are written into
 * the copy only on success, and do_sysctl copies it back only then, so an
 * error never reports half a result.
 */
#include "domctl.h"
#include "guest_access.h"
#include "mm.h"
#include "multiboot.h"

long sysctl_boot_module(struct umbra_sysctl_boot_module *b)
{
	if (b->pad || b->pad2)
		return -XEN_EINVAL;
	if (b->module >= boot_info.nr_modules)
		return -XEN_ENOENT;
	const struct mb_module *m = &boot_info.modules[b->module];
	uint64_t size = m->end - m->start;
	if (b->offset > size)
		return -XEN_EINVAL;
	uint64_t n = MIN(MIN(b->length, size - b->offset), (uint64_t)UMBRA_BOOT_MODULE_CHUNK);
	const uint8_t *bytes = (const uint8_t *)mfn_to_virt(m->start >> PAGE_SHIFT) + (m->start & (PAGE_SIZE - 1));
	if (n && copy_to_guest(b->buffer, bytes + b->offset, n))
		return -XEN_EFAULT;
	b->length = n;
	b->size = size;
	b->count = boot_info.nr_modules;
	return 0;
}
