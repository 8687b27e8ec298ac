/*
 * Rule: a kernel's FEATURES note is read by Xen's rules.  Required names
 * Umbra offers (the standard "!writable_page_tables|pae_pgdir_above_4gb"),
 * supported names it lacks and names Xen does not know never stop a
 * domain from being built; a required feature Umbra lacks, or one Xen does
 * not know, refuses that domain alone with one line naming the feature,
 * and the rest of the machine runs on.
 *
 * This kernel (the initial domain) carries the standard note with extras
 * (notes.S).  test.spec starts the variants built from variants/ (one note
 * each): "standard" and "optional" must run and report in; "needs-wdt",
 * "needs-smk", "needs-unknown" and "needs-dom0" must be refused with their
 * feature named in the log.  This kernel waits for the two that run to
 * finish, so their lines are in the log before its verdict.
 */
#include "domctl.h"
#include "public/version.h"
#include "test.h"

int main(void)
{
	struct xen_feature_info fi = { .submap_idx = 0 };
	CHECK_EQ(HYPERVISOR_xen_version(XENVER_get_features, &fi), 0);
	/* What the kernel asks for is not what the hypervisor reports: Xen reports
	 * writable_page_tables only to auto-translated guests, hvm_callback_vector
	 * only to HVM ones. */
	CHECK_EQ((fi.submap >> XENFEAT_writable_page_tables) & 1, 0);
	CHECK_EQ((fi.submap >> XENFEAT_hvm_callback_vector) & 1, 0);
	CHECK_EQ((fi.submap >> XENFEAT_dom0) & 1, 1);
	printf("initial domain built with the standard FEATURES note and extras\n");

	/* Domains 1 and 2 are the variants that run ("standard", "optional"). */
	struct xen_domctl_getdomaininfo info;
	int yields = 0;
	while (domctl_getinfo(1, &info) == 0 || domctl_getinfo(2, &info) == 0) {
		CHECK(++yields < 100000, "domain %u still running", info.domain);
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	test_pass();
}
