/*
 * L1 Terminal Fault (XSA-273): which CPUs are affected, and which
 * non-present entries are then unsafe.
 *
 * On an affected CPU a page-table walk that meets a non-present entry may
 * still use the entry's address bits speculatively and read the L1 data
 * cache at that address.  A PV guest writes its own entries, so it could
 * aim a non-present entry at any memory and read it.  The invariant
 * enforced here: on an affected CPU no entry the model accepts lets a walk
 * reach cached memory that way.  A non-present entry must hold address 0
 * (MFN 0 holds nothing secret) or an address at or above env->l1tf_safe_maddr
 * (nothing cacheable lives there), and a non-present L2-L4 entry must not
 * have PSE set (a speculative superpage would reach 2 MiB or 1 GiB from
 * its address; at L4 too, because a linear entry makes the walk read an L4
 * entry as an L3 one).  On a CPU that is not affected, non-present entries
 * are the guest's to fill as it likes, as in Xen.
 *
 * Which CPUs are affected is Xen 4.17's decision (spec_ctrl.c,
 * l1tf_calculations): only Intel's family 6, except the Atom models Intel
 * lists as unaffected, and except a CPU that reports RDCL_NO in
 * IA32_ARCH_CAPABILITIES.  Other vendors are not affected (QEMU's qemu64
 * model is an AMD one).  Where Xen then switches such a domain to shadow
 * paging, or crashes it, Umbra refuses the update (-EINVAL), for every
 * domain (Xen checks only unprivileged ones by default).
 */
#include "mmu_internal.h"

/* Intel family 6 models Xen 4.17 lists as not affected (Atom cores). */
static const uint8_t mmu_l1tf_unaffected_models[] = {
	0x1c, 0x26, 0x27, 0x35, 0x36, 0x37, 0x4a, 0x4c, 0x4d, 0x5a, 0x5c, 0x5f, 0x7a,
};

bool mmu_cpu_l1tf_vulnerable(const struct mmu_cpu_id *cpu)
{
	if (!cpu->intel || cpu->family != 6 || cpu->rdcl_no)
		return false;
	for (size_t i = 0; i < sizeof(mmu_l1tf_unaffected_models); i++)
		if (cpu->model == mmu_l1tf_unaffected_models[i])
			return false;
	return true;
}

int mmu_l1tf_entry_ok(const struct mmu_env *env, unsigned int level, uint64_t e)
{
	uint64_t maddr = e & MMU_PTE_ADDR;

	if (!env->cpu_l1tf_vulnerable)
		return 0;
	if (level > 1 && (e & MMU_PTE_PSE))
		return -XEN_EINVAL;
	if (maddr && maddr < env->l1tf_safe_maddr)
		return -XEN_EINVAL;
	return 0;
}
