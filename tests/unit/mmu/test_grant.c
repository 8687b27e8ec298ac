/*
 * Grant mappings (mmu_grant.c): what a grant entry holds, who may touch it,
 * and XSA-227/XSA-234.  Domain 1 maps frames of domain 2 (both unprivileged).
 */
#include "mmu_test.h"

#define GNTMAP_readonly        4u
#define GNTMAP_application_map 8u

struct tables {
	uint64_t l4, l3, l2, l1, data;
};

static int installed(struct fake_machine *m, domid_t id, struct tables *t)
{
	fake_hierarchy(m, id, &t->l4, &t->l3, &t->l2, &t->l1, &t->data);
	return mmu_install_boot_l4(&m->env, fake_vcpu(m, id), t->l4);
}

static int gmap(struct fake_machine *m, uint64_t va, uint64_t mfn, uint32_t flags)
{
	return mmu_grant_map(&m->env, fake_vcpu(m, 1), va, false, fake_dom(m, 2), mfn, flags);
}

static int gunmap(struct fake_machine *m, uint64_t va, uint64_t mfn, uint32_t flags)
{
	return mmu_grant_unmap(&m->env, fake_vcpu(m, 1), va, false, mfn, flags);
}

TEST(grant_map_holds_refs_on_foreign_frame)
{
	struct tables t;
	uint64_t page = fake_alloc(m, 2);

	OK(installed(m, 1, &t));
	OK(gmap(m, 5 << 12, page, 0));
	uint64_t e = m->mem[t.l1][5];
	UNIT_CHECK(u, (e & MMU_PTE_GNTTAB) && (e & MMU_PTE_RW) && MMU_PTE_MFN(e) == page);
	UNIT_CHECK_EQ(u, FRAME(page)->count, 2);
	UNIT_CHECK_EQ(u, FRAME(page)->type, MMU_TYPE_WRITABLE);
	OK(gunmap(m, 5 << 12, page, 0));
	UNIT_CHECK_EQ(u, m->mem[t.l1][5], 0);
	UNIT_CHECK_EQ(u, FRAME(page)->count, 1);
	UNIT_CHECK_EQ(u, FRAME(page)->type_count, 0);
	UNIT_CHECK(u, m->flushes_by_kind[MMU_FLUSH_INVLPG_DOMAIN] > 0);
}

TEST(grant_map_readonly_and_application_map)
{
	struct tables t;
	uint64_t page = fake_alloc(m, 2);

	OK(installed(m, 1, &t));
	OK(gmap(m, 6 << 12, page, GNTMAP_readonly | GNTMAP_application_map));
	uint64_t e = m->mem[t.l1][6];
	UNIT_CHECK(u, !(e & MMU_PTE_RW) && (e & MMU_PTE_US) && !(e & MMU_PTE_GUEST_KERNEL));
	UNIT_CHECK_EQ(u, FRAME(page)->type_count, 0);
	/* unmapping with the wrong RW expectation is refused (XSA-234) */
	REFUSED(gunmap(m, 6 << 12, page, 0), XEN_EINVAL);
	OK(gunmap(m, 6 << 12, page, GNTMAP_readonly));
}

TEST(grant_map_refuses_writable_map_of_granted_pagetable)
{
	struct tables t2, t1;

	OK(installed(m, 2, &t2));
	OK(installed(m, 1, &t1));
	REFUSED(gmap(m, 7 << 12, t2.l1, 0), XEN_EBUSY);
	OK(gmap(m, 7 << 12, t2.l1, GNTMAP_readonly));
	OK(gunmap(m, 7 << 12, t2.l1, GNTMAP_readonly));
}

TEST(grant_map_refuses_frame_granter_does_not_own)
{
	struct tables t;
	uint64_t mine = fake_alloc(m, 1);

	OK(installed(m, 1, &t));
	REFUSED(gmap(m, 8 << 12, mine, 0), XEN_EINVAL);
	REFUSED(gmap(m, 8 << 12, FAKE_FRAMES + 5, 0), XEN_EINVAL);
}

TEST(grant_map_refuses_present_entry_and_bad_address)
{
	struct tables t;
	uint64_t page = fake_alloc(m, 2);

	OK(installed(m, 1, &t));
	REFUSED(gmap(m, 0, page, 0), XEN_EBUSY);                /* va 0 maps data */
	REFUSED(gmap(m, HYPERVISOR_VIRT_START, page, 0), XEN_EINVAL);
	REFUSED(gmap(m, 1ull << 30, page, 0), XEN_EINVAL);       /* no L2 entry there */
}

TEST(grant_pte_address_must_be_aligned_xsa227)
{
	struct tables t;
	uint64_t page = fake_alloc(m, 2), plain = fake_alloc(m, 2);
	struct mmu_vcpu *v;

	OK(installed(m, 1, &t));
	v = fake_vcpu(m, 1);
	REFUSED(mmu_grant_map(&m->env, v, (t.l1 << 12) + 9 * 8 + 4, true, fake_dom(m, 2), page, 0), XEN_EINVAL);
	REFUSED(mmu_grant_map(&m->env, v, (t.data << 12) + 8, true, fake_dom(m, 2), page, 0), XEN_EINVAL);
	REFUSED(mmu_grant_map(&m->env, v, (plain << 12), true, fake_dom(m, 2), page, 0), XEN_EINVAL);
	OK(mmu_grant_map(&m->env, v, (t.l1 << 12) + 9 * 8, true, fake_dom(m, 2), page, 0));
	OK(mmu_grant_unmap(&m->env, v, (t.l1 << 12) + 9 * 8, true, page, 0));
	UNIT_CHECK_EQ(u, m->last_flush.kind, MMU_FLUSH_DOMAIN);
}

TEST(grant_entry_cannot_be_changed_by_mmu_update)
{
	struct tables t;
	uint64_t page = fake_alloc(m, 2), other = fake_alloc(m, 1);

	OK(installed(m, 1, &t));
	OK(gmap(m, 5 << 12, page, 0));
	REFUSED(fake_update(m, 1, t.l1, 5, 0), XEN_EINVAL);
	REFUSED(fake_update(m, 1, t.l1, 5, fake_pte(other, RW)), XEN_EINVAL);
	/* nor created: bit 62 is outside the L1 mask */
	REFUSED(fake_update(m, 1, t.l1, 6, fake_pte(other, RW | MMU_PTE_GNTTAB)), XEN_EINVAL);
	OK(gunmap(m, 5 << 12, page, 0));
}

TEST(grant_unmap_checks_entry_still_maps_frame_xsa234)
{
	struct tables t;
	uint64_t page = fake_alloc(m, 2), other = fake_alloc(m, 2);

	OK(installed(m, 1, &t));
	REFUSED(gunmap(m, 5 << 12, page, 0), XEN_EINVAL);          /* nothing there */
	REFUSED(gunmap(m, 0, t.data, 0), XEN_EINVAL);              /* not a grant entry */
	OK(gmap(m, 5 << 12, page, 0));
	REFUSED(gunmap(m, 5 << 12, other, 0), XEN_EINVAL);         /* another frame */
	OK(gunmap(m, 5 << 12, page, 0));
}

TEST(grant_mapping_survives_granter_teardown_until_unmapped)
{
	struct tables t;
	uint64_t page = fake_alloc(m, 2);

	OK(installed(m, 1, &t));
	OK(gmap(m, 5 << 12, page, 0));
	fake_destroy(m, 2);
	UNIT_CHECK_EQ(u, FRAME(page)->count, 1);                   /* the mapping's reference */
	unsigned int released = m->nr_released;
	OK(gunmap(m, 5 << 12, page, 0));
	UNIT_CHECK_EQ(u, m->nr_released, released + 1);
	UNIT_CHECK_EQ(u, FRAME(page)->owner, DOMID_INVALID);
}

static const struct unit_case cases[] = {
	{ "mmu/grant-map-holds-refs-on-foreign-frame", grant_map_holds_refs_on_foreign_frame },
	{ "mmu/grant-map-readonly-and-application-map", grant_map_readonly_and_application_map },
	{ "mmu/grant-map-refuses-writable-map-of-granted-pagetable", grant_map_refuses_writable_map_of_granted_pagetable },
	{ "mmu/grant-map-refuses-frame-granter-does-not-own", grant_map_refuses_frame_granter_does_not_own },
	{ "mmu/grant-map-refuses-present-entry-and-bad-address", grant_map_refuses_present_entry_and_bad_address },
	{ "mmu/grant-pte-address-must-be-aligned-xsa227", grant_pte_address_must_be_aligned_xsa227 },
	{ "mmu/grant-entry-cannot-be-changed-by-mmu-update", grant_entry_cannot_be_changed_by_mmu_update },
	{ "mmu/grant-unmap-checks-entry-still-maps-frame-xsa234", grant_unmap_checks_entry_still_maps_frame_xsa234 },
	{ "mmu/grant-mapping-survives-granter-teardown-until-unmapped", grant_mapping_survives_granter_teardown_until_unmapped },
};
const struct mmu_suite mmu_suite_grant = { cases, ARRAY_LEN(cases) };
