/*
 * Rule (XSA-273, L1TF): a non-present entry must not hold the address of
 * memory (xen-pv-abi.md 9.11): the CPU may still use its address bits
 * speculatively.  Non-present entries at every level whose address is below
 * the top of RAM (the hypervisor image, the guest's own frames, the last
 * RAM frame) are refused with -EINVAL, from mmu_update, update_va_mapping and
 * the validation of a table being pinned.  (Xen switches such a domain to
 * shadow paging or crashes it; Umbra refuses the update.)  Address 0 and
 * addresses at or above the top of RAM are accepted.  Afterwards the live
 * tables are unchanged.
 */
#include "attack.h"

#define SLOT 224        /* free in the live L2-L4 and in the window L1 */

static uint64_t saved[5][512];

int main(void)
{
	long max_ram = HYPERVISOR_memory_op(2 /* XENMEM_maximum_ram_page */, NULL);
	CHECK(max_ram > 0x1000, "maximum_ram_page %ld", max_ram);
	const uint64_t bad[] = { 0x100000, pt_mfn(0) << 12, (uint64_t)(max_ram - 1) << 12, 0x1000 };
	const uint64_t safe[] = { 0, (uint64_t)max_ram << 12, 1ull << 45, 0x600 /* flags only */ };
	for (unsigned level = 1; level <= 4; level++) {
		/* Live tables; for L1 the window's, whose slot SLOT is free. */
		uint64_t t = pt_table_mfn(level == 1 ? pt_probe_va() : VIRT_BASE, level);
		frame_save(t, saved[level]);
		for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
			uint64_t e = bad[i] | PT_RW | PT_A;     /* P clear */
			long rc = pt_update(pt_maddr(t, SLOT), e);
			if (rc != -XEN_EINVAL)
				test_fail("L%u non-present entry 0x%lx: %ld, expected -EINVAL", level, e, rc);
			uint64_t f = pt_mfn(pt_alloc());
			CHECK_EQ(pt_update(pt_maddr(f, 0), e), 0);     /* untyped: plain write */
			rc = pt_pin(level, f);
			if (rc != -XEN_EINVAL)
				test_fail("pin of an L%u holding 0x%lx: %ld, expected -EINVAL", level, e, rc);
			if (level == 1 && HYPERVISOR_update_va_mapping(pt_probe_va(), e, UVMF_INVLPG) != -XEN_EINVAL)
				test_fail("update_va_mapping with 0x%lx accepted", e);
		}
		printf("refused as documented (-EINVAL): non-present L%u entries holding RAM addresses\n", level);
		for (unsigned i = 0; i < ARRAY_SIZE(safe); i++) {
			CHECK_EQ(pt_update(pt_maddr(t, SLOT), safe[i] | PT_RW), 0);
			CHECK_EQ(pt_update(pt_maddr(t, SLOT), 0), 0);
		}
		expect_table_same("live table", t, saved[level]);
	}
	attack_hv_alive();
	test_pass();
}
