/*
 * Rule: only a privileged domain may act on another domain's memory
 * (xen-pv-abi.md 9.12.1 foreigndom, 9.12.2): an unprivileged domain naming
 * another domain as page owner or page-table owner of mmu_update, or as the
 * foreign domain of mmuext_op (pins, unpin, CLEAR_PAGE, COPY_PAGE, base
 * pointers, flushes), gets -EPERM, before the request is even looked at;
 * DOMID_XEN gives -EPERM too, an unknown domain -ESRCH and its own id
 * -ESRCH.  The same kernel runs twice: the initial domain is the victim,
 * the unprivileged extra domain the attacker; the victim then checks its
 * spare pages and page tables are intact.
 */
#include "attack.h"

#define VICTIM 0
/* mmu_update's foreigndom: bits 0-15 the page owner, bits 16-31 the table owner + 1 (0: self). */

int main(void)
{
	if (!attack_is_attacker())
		attack_victim(1);
	uint64_t victim[16];
	CHECK_EQ(attack_find_foreign(victim, ARRAY_SIZE(victim)), ARRAY_SIZE(victim));
	uint64_t probe = pt_entry_maddr(pt_probe_va(), 1), own = pt_mfn(pt_alloc());
	for (unsigned i = 0; i < ARRAY_SIZE(victim); i++) {
		uint64_t v = victim[i];
		expect_rc("mmu_update mapping the victim's frame, victim as page owner",
			  pt_update_fd(probe, (v << 12) | PT_P | PT_RW, VICTIM), -XEN_EPERM);
		expect_rc("mmu_update of an entry in the victim's frame, victim as table owner",
			  pt_update_fd(pt_maddr(v, 0), 0, DOMID_SELF | (VICTIM + 1) << 16), -XEN_EPERM);
		expect_rc("MMU_MACHPHYS_UPDATE of the victim's frame, victim as page owner",
			  pt_update_fd((v << 12) | MMU_MACHPHYS_UPDATE, 0, VICTIM), -XEN_EPERM);
		for (unsigned level = 1; level <= 4; level++)
			expect_rc("pin of the victim's frame for the victim", mmuext_fd(level - 1, v, 0, VICTIM),
				  -XEN_EPERM);
		expect_rc("unpin of the victim's frame", mmuext_fd(MMUEXT_UNPIN_TABLE, v, 0, VICTIM), -XEN_EPERM);
		expect_rc("CLEAR_PAGE of the victim's frame", mmuext_fd(MMUEXT_CLEAR_PAGE, v, 0, VICTIM), -XEN_EPERM);
		expect_rc("COPY_PAGE into the victim's frame", mmuext_fd(MMUEXT_COPY_PAGE, v, own, VICTIM),
			  -XEN_EPERM);
		expect_rc("NEW_BASEPTR for the victim", mmuext_fd(MMUEXT_NEW_BASEPTR, v, 0, VICTIM), -XEN_EPERM);
		expect_rc("NEW_USER_BASEPTR for the victim", mmuext_fd(MMUEXT_NEW_USER_BASEPTR, v, 0, VICTIM),
			  -XEN_EPERM);
	}
	expect_rc("TLB_FLUSH_ALL for the victim", mmuext_fd(MMUEXT_TLB_FLUSH_ALL, 0, 0, VICTIM), -XEN_EPERM);
	expect_rc("INVLPG_LOCAL for the victim", mmuext_fd(MMUEXT_INVLPG_LOCAL, VIRT_BASE, 0, VICTIM), -XEN_EPERM);
	expect_rc("CLEAR_PAGE with DOMID_XEN", mmuext_fd(MMUEXT_CLEAR_PAGE, 0x100, 0, DOMID_XEN), -XEN_EPERM);
	expect_rc("mmu_update with DOMID_XEN as page owner",
		  pt_update_fd(probe, (0x100ull << 12) | PT_P, DOMID_XEN), -XEN_EPERM);
	expect_rc("mmuext_op for an unknown domain", mmuext_fd(MMUEXT_PIN_L1_TABLE, own, 0, 77), -XEN_ESRCH);
	expect_rc("mmu_update with an unknown page owner", pt_update_fd(probe, 0, 77), -XEN_ESRCH);
	expect_rc("mmu_update with an unknown table owner", pt_update_fd(probe, 0, DOMID_SELF | 78 << 16), -XEN_ESRCH);
	expect_rc("mmuext_op naming its own id", mmuext_fd(MMUEXT_PIN_L1_TABLE, own, 0, 1), -XEN_ESRCH);
	CHECK(!(pt_entry(pt_probe_va(), 1) & PT_P), "the probe address got mapped");
	expect_untyped("the attacker's own frame", own);
	attack_hv_alive();
	test_pass();
}
