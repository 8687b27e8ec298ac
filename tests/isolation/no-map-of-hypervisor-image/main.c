/*
 * Rule: no guest request reaches the hypervisor's own memory (xen-pv-abi.md
 * 9.2 rules 5-6, 9.7 step 3).  The hypervisor image is loaded at 1 MiB
 * (MFN 0x100 on), its text first.  For each of its first 256 frames, every
 * request that names a frame (attack_frame_not_mine: read-only and writable
 * mappings -EBUSY; pins, CLEAR_PAGE, COPY_PAGE, base pointers, set_gdt,
 * update_descriptor, an mmu_update inside it, MMU_MACHPHYS_UPDATE -EINVAL)
 * is refused, and so is naming DOMID_XEN as the page owner (-EPERM: Umbra
 * lets no domain map hypervisor frames, where Xen lets a privileged one map
 * its heap read-only).  Afterwards the hypervisor, whose text these frames
 * are, still answers and another domain still runs.
 */
#include "attack.h"

#define IMAGE_MFN 0x100
#define FRAMES 256

int main(void)
{
	for (uint64_t mfn = IMAGE_MFN; mfn < IMAGE_MFN + FRAMES; mfn++)
		attack_frame_not_mine("hypervisor image", mfn, -XEN_EBUSY);
	printf("refused as documented: every request naming hypervisor image frames %x-%x\n", IMAGE_MFN,
	       IMAGE_MFN + FRAMES - 1);
	uint64_t probe = pt_entry_maddr(pt_probe_va(), 1);
	expect_rc("mmu_update mapping hypervisor text with DOMID_XEN as page owner",
		  pt_update_fd(probe, ((uint64_t)IMAGE_MFN << 12) | PT_P, DOMID_XEN), -XEN_EPERM);
	expect_rc("mmuext CLEAR_PAGE of hypervisor text with DOMID_XEN",
		  mmuext_fd(MMUEXT_CLEAR_PAGE, IMAGE_MFN, 0, DOMID_XEN), -XEN_EPERM);
	expect_rc("update_va_mapping_otherdomain of hypervisor text (DOMID_XEN)",
		  HYPERVISOR_update_va_mapping_otherdomain(pt_probe_va(), ((uint64_t)IMAGE_MFN << 12) | PT_P,
							   UVMF_INVLPG, DOMID_XEN), -XEN_EPERM);
	attack_hv_alive();
	attack_watch_others();
	test_pass();
}
