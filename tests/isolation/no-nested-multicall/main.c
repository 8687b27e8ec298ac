/*
 * Rule: multicalls do not nest (xen-pv-abi.md 4.4): a multicall entry that
 * is itself a multicall gets -EINVAL in its result, its inner list is not
 * run, and the outer batch goes on.  The inner list would map a page; after
 * the call the page is unmapped and the inner results are untouched.  An op
 * number that only equals the multicall's in its low bits is unknown
 * (-ENOSYS), not a multicall.  The entry count is 32 bits, as in Xen.
 */
#include "attack.h"
#include "public/version.h"

#define SENTINEL 0x5e5e5e5e

int main(void)
{
	uint64_t data = pt_alloc();
	long version = xen_version_reported();
	static struct multicall_entry inner[2], middle[2], outer[5];
	inner[0] = (struct multicall_entry){ .op = __HYPERVISOR_update_va_mapping, .result = SENTINEL,
					     .args = { pt_probe_va(), (pt_mfn(data) << 12) | PT_P | PT_RW, UVMF_INVLPG } };
	inner[1] = (struct multicall_entry){ .op = __HYPERVISOR_xen_version, .result = SENTINEL };
	middle[0] = (struct multicall_entry){ .op = __HYPERVISOR_multicall, .result = SENTINEL,
					      .args = { (uint64_t)inner, 2 } };
	middle[1] = inner[1];
	outer[0] = (struct multicall_entry){ .op = __HYPERVISOR_xen_version, .result = SENTINEL, .args = { XENVER_version } };
	outer[1] = (struct multicall_entry){ .op = __HYPERVISOR_multicall, .result = SENTINEL,
					     .args = { (uint64_t)inner, 2 } };
	outer[2] = (struct multicall_entry){ .op = __HYPERVISOR_multicall, .result = SENTINEL,
					     .args = { (uint64_t)middle, 2 } };
	outer[3] = (struct multicall_entry){ .op = __HYPERVISOR_multicall | 1ull << 32, .result = SENTINEL,
					     .args = { (uint64_t)inner, 2 } };
	outer[4] = outer[0];
	CHECK_EQ(HYPERVISOR_multicall(outer, 5), 0);
	CHECK_EQ(outer[0].result, version);
	expect_rc("nested multicall (result)", outer[1].result, -XEN_EINVAL);
	expect_rc("multicall of a multicall of a multicall (result)", outer[2].result, -XEN_EINVAL);
	expect_rc("op 13 + 2^32 (result)", outer[3].result, -XEN_ENOSYS);
	CHECK_EQ(outer[4].result, version);
	CHECK_EQ(inner[0].result, SENTINEL);
	CHECK_EQ(inner[1].result, SENTINEL);
	CHECK_EQ(middle[0].result, SENTINEL);
	CHECK(!(pt_entry(pt_probe_va(), 1) & PT_P), "the inner list ran: the probe address is mapped");
	/* The count is Xen's unsigned int: 2^58 + 1 is one entry, never a product that wraps. */
	outer[0].result = SENTINEL;
	CHECK_EQ(HYPERVISOR_multicall(outer, (1ull << 58) | 1), 0);
	CHECK_EQ(outer[0].result, version);
	expect_untyped("the page the inner list would map", pt_mfn(data));
	attack_hv_alive();
	test_pass();
}
