/*
 * Rule: update_va_mapping accepts only guest addresses (xen-pv-abi.md 2.2,
 * 9.12.3): an address in the hypervisor's range (the M2P, the image, the
 * direct map, its last page) or a non-canonical one is refused with -EINVAL
 * before any table is walked, and so is a guest address with no L1 behind
 * it.  XSA-279: a refused update must not reach the flush, so each is tried
 * with every flush flag (none, full, INVLPG; local, all vCPUs, a vCPU
 * bitmap), always -EINVAL.  (The flush itself is invisible under TCG; the
 * unit tests check that no flush happens.)  Afterwards the M2P still reads
 * and the hypervisor answers.
 */
#include "attack.h"

int main(void)
{
	static const uint64_t bad[] = {
		0xFFFF800000000000ull, 0xFFFF800000001000ull, 0xFFFF828000100000ull, 0xFFFF830000000000ull,
		0xFFFF87FFFFFFF000ull, 0x0000800000000000ull, 0x8000000000000000ull, 0xFFFF7FFFFFFFF000ull,
		0x0000400000000000ull /* a guest address with no tables behind it */,
	};
	static uint64_t mask = 1;
	const uint64_t flags[] = {
		UVMF_NONE, UVMF_TLB_FLUSH, UVMF_INVLPG, UVMF_TLB_FLUSH | UVMF_ALL, UVMF_INVLPG | UVMF_ALL,
		UVMF_TLB_FLUSH | (uint64_t)&mask, UVMF_INVLPG | (uint64_t)&mask,
		UVMF_INVLPG | 0xFFFF830000000000ull /* a bitmap in hypervisor space */,
	};
	const uint64_t vals[] = { 0, (pt_mfn(0) << 12) | PT_P, (pt_mfn(0) << 12) | PT_P | PT_RW };
	for (unsigned a = 0; a < ARRAY_SIZE(bad); a++)
		for (unsigned f = 0; f < ARRAY_SIZE(flags); f++)
			for (unsigned v = 0; v < ARRAY_SIZE(vals); v++) {
				long rc = HYPERVISOR_update_va_mapping(bad[a], vals[v], flags[f]);
				if (rc != -XEN_EINVAL)
					test_fail("update_va_mapping(0x%lx, 0x%lx, 0x%lx): %ld, expected -EINVAL", bad[a],
						  vals[v], flags[f], rc);
			}
	printf("refused as documented (-EINVAL): update_va_mapping of hypervisor and non-canonical addresses, "
	       "every flush flag\n");
	CHECK_EQ(M2P[pt_mfn(0)], 0);
	CHECK_EQ(M2P[pt_mfn(1)], 1);
	/* The same flags with a good address work (positive control). */
	for (unsigned f = 0; f + 1 < ARRAY_SIZE(flags); f++)
		CHECK_EQ(HYPERVISOR_update_va_mapping(pt_probe_va(), 0, flags[f]), 0);
	attack_hv_alive();
	test_pass();
}
