/*
 * Rule: in a multicall every entry is checked on its own and a failing
 * entry does not stop the batch (xen-pv-abi.md 4.4): each bad entry gets
 * exactly the error the direct call would (an mmu_update into a hypervisor
 * frame -EINVAL, unknown hypercall numbers -ENOSYS, update_va_mapping of a
 * hypervisor address -EINVAL, MARK_SUPER -EOPNOTSUPP, a writable mapping of
 * a page table -EBUSY, buffers in hypervisor space -EFAULT), the good
 * entries between them run, and the multicall itself returns 0.
 * Afterwards the good mapping is in place and nothing else changed.
 */
#include "attack.h"
#include "public/version.h"

static struct mmu_update bad_update;
static struct mmuext_op mark = { .cmd = MMUEXT_MARK_SUPER, .arg1.mfn = ~0ull };
static unsigned done;

int main(void)
{
	uint64_t data = pt_alloc(), l1 = pt_table_mfn(VIRT_BASE, 1);
	long version = xen_version_reported();
	bad_update = (struct mmu_update){ (0x100ull << 12) | MMU_NORMAL_PT_UPDATE, 0 };
	const struct { uint64_t op, a[5]; long want; } e[] = {
		{ __HYPERVISOR_mmu_update, { (uint64_t)&bad_update, 1, (uint64_t)&done, DOMID_SELF }, -XEN_EINVAL },
		{ 99, { 0 }, -XEN_ENOSYS },
		{ __HYPERVISOR_xen_version, { XENVER_version }, version },
		{ 1000, { 0 }, -XEN_ENOSYS },
		{ ~0ull, { 0 }, -XEN_ENOSYS },
		{ __HYPERVISOR_update_va_mapping, { 0xFFFF830000000000ull, (pt_mfn(data) << 12) | PT_P | PT_RW,
						    UVMF_INVLPG }, -XEN_EINVAL },
		{ __HYPERVISOR_mmuext_op, { (uint64_t)&mark, 1, (uint64_t)&done, DOMID_SELF }, -XEN_EOPNOTSUPP },
		{ __HYPERVISOR_update_va_mapping, { pt_probe_va(), (l1 << 12) | PT_P | PT_RW, UVMF_INVLPG }, -XEN_EBUSY },
		{ __HYPERVISOR_console_io, { CONSOLEIO_write, 16, MACH2PHYS_VIRT_START }, -XEN_EFAULT },
		{ __HYPERVISOR_set_gdt, { 0xFFFF828000000000ull, 16 }, -XEN_EFAULT },
		{ __HYPERVISOR_mmu_update, { MACH2PHYS_VIRT_START, 1, (uint64_t)&done, DOMID_SELF }, -XEN_EFAULT },
		{ __HYPERVISOR_update_va_mapping, { pt_probe_va(), (pt_mfn(data) << 12) | PT_P | PT_RW | PT_A, UVMF_INVLPG },
		  0 },
		{ __HYPERVISOR_xen_version, { XENVER_version }, version },
	};
	static struct multicall_entry m[ARRAY_SIZE(e)];
	for (unsigned i = 0; i < ARRAY_SIZE(e); i++) {
		m[i] = (struct multicall_entry){ .op = e[i].op, .result = 0x5e5e };
		memcpy(m[i].args, e[i].a, sizeof(e[i].a));
	}
	CHECK_EQ(HYPERVISOR_multicall(m, ARRAY_SIZE(e)), 0);
	for (unsigned i = 0; i < ARRAY_SIZE(e); i++) {
		char what[80];
		snprintf(what, sizeof(what), "multicall entry %u (hypercall %ld)", i, (long)e[i].op);
		expect_rc(what, m[i].result, e[i].want);
	}
	CHECK_EQ(PT_MFN(pt_entry(pt_probe_va(), 1)), pt_mfn(data));
	*(volatile uint64_t *)pt_probe_va() = 0xabcd;
	CHECK_EQ(pt_map_mfn(pt_probe_va(), 0, 0), 0);
	expect_typed("the live L1", l1);
	attack_hv_alive();
	test_pass();
}
