/*
 * set_gdt and update_descriptor.  The model decides which frames may become
 * descriptor pages and which descriptors are safe (no ring-0 code segments,
 * no system descriptors, call gates only as Xen allows); the hypervisor then
 * copies the guest's descriptors into the live GDT below Xen's reserved
 * area, so what the CPU loads is always what was validated.
 */
#include "guest_access.h"
#include "hypercall.h"
#include "mm.h"
#include "../arch/x86_64/desc.h"

long do_set_gdt(uint64_t frame_list, uint64_t entries, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	uint64_t frames[MMU_GDT_MAX_FRAMES];
	if (entries > FIRST_RESERVED_GDT_ENTRY)
		return -XEN_EINVAL;
	unsigned n = (unsigned)((entries + 511) / 512);
	if (copy_from_guest(frames, frame_list, n * sizeof(uint64_t)))
		return -XEN_EFAULT;
	int rc = mmu_set_gdt(&mmu_env, &current->mmu, frames, (unsigned)entries);
	mmu_apply_pending(current);
	return rc;
}

long do_update_descriptor(uint64_t maddr, uint64_t desc, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	int rc = mmu_update_descriptor(&mmu_env, &current->domain->mmu, maddr, desc);
	if (rc == 0 && current->mmu.gdt_entries)
		desc_load_guest_gdt(current);   /* the frame may be one of ours */
	return rc;
}
