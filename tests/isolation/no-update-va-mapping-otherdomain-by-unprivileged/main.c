/*
 * Rule: update_va_mapping_otherdomain (a mapping of another domain's frame)
 * is for the privileged domain only (xen-pv-abi.md 9.12.3): an unprivileged
 * domain naming another domain gets -EPERM whatever the mapping, the flush
 * flags or the address; DOMID_XEN gives -EPERM, an unknown domain and its
 * own id -ESRCH.  Through DOMID_SELF the variant is update_va_mapping and
 * still cannot reach the other domain's frame (-EBUSY).  The same kernel
 * runs twice: the initial domain is the victim, the unprivileged extra
 * domain the attacker; the victim then checks its spare pages and page
 * tables are intact.
 */
#include "attack.h"

#define VICTIM 0

int main(void)
{
	if (!attack_is_attacker())
		attack_victim(1);
	uint64_t victim[64];
	CHECK_EQ(attack_find_foreign(victim, ARRAY_SIZE(victim)), ARRAY_SIZE(victim));
	static const uint64_t flags[] = { PT_P, PT_P | PT_RW | PT_A | PT_D, PT_P | PT_US };
	static const uint64_t uvmf[] = { UVMF_NONE, UVMF_INVLPG, UVMF_TLB_FLUSH | UVMF_ALL };
	for (unsigned i = 0; i < ARRAY_SIZE(victim); i++)
		for (unsigned f = 0; f < ARRAY_SIZE(flags); f++)
			for (unsigned u = 0; u < ARRAY_SIZE(uvmf); u++) {
				long rc = HYPERVISOR_update_va_mapping_otherdomain(
					pt_probe_va(), (victim[i] << 12) | flags[f], uvmf[u], VICTIM);
				if (rc != -XEN_EPERM)
					test_fail("update_va_mapping_otherdomain of frame %lx (0x%lx, flags %lu): %ld, "
						  "expected -EPERM", victim[i], flags[f], uvmf[u], rc);
			}
	printf("refused as documented (-EPERM): update_va_mapping_otherdomain naming the victim\n");
	uint64_t v = victim[0] << 12 | PT_P;
	expect_rc("update_va_mapping_otherdomain at the victim's kernel address",
		  HYPERVISOR_update_va_mapping_otherdomain(VIRT_BASE, v, UVMF_INVLPG, VICTIM), -XEN_EPERM);
	expect_rc("update_va_mapping_otherdomain with DOMID_XEN",
		  HYPERVISOR_update_va_mapping_otherdomain(pt_probe_va(), 0x100000 | PT_P, 0, DOMID_XEN), -XEN_EPERM);
	expect_rc("update_va_mapping_otherdomain for an unknown domain",
		  HYPERVISOR_update_va_mapping_otherdomain(pt_probe_va(), v, 0, 77), -XEN_ESRCH);
	expect_rc("update_va_mapping_otherdomain naming its own id",
		  HYPERVISOR_update_va_mapping_otherdomain(pt_probe_va(), v, 0, 1), -XEN_ESRCH);
	expect_rc("update_va_mapping_otherdomain with DOMID_SELF",
		  HYPERVISOR_update_va_mapping_otherdomain(pt_probe_va(), v, 0, DOMID_SELF), -XEN_EBUSY);
	CHECK(!(pt_entry(pt_probe_va(), 1) & PT_P), "the probe address got mapped");
	attack_hv_alive();
	test_pass();
}
