/*
 * Grant mappings (mmu_grant.c): what a grant entry holds, who may touch it,
 * XSA-227/XSA-234, replacing a present entry, unmap_and_replace, and the
 * steal behind a grant transfer.  Domain 1 maps frames of domain 2 (both unprivileged).
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
	return fake_grant_map(m, 1, va, false, 2, mfn, flags);
}

static int gunmap(struct fake_machine *m, uint64_t va, uint64_t mfn, uint32_t flags)
{
	return fake_grant_unmap(m, 1, va, false, mfn, flags, 0);
}

/* unmap_and_replace: the grant at va gives way to the entry at new_va. */
static int greplace(struct fake_machine *m, uint64_t va, uint64_t mfn, uint32_t flags, uint64_t new_va)
{
	return fake_grant_unmap(m, 1, va, false, mfn, flags, new_va);
}

TEST(grant_map_holds_refs_on_foreign_frame)
{
	struct tables t;
	uint64_t page = fake_alloc(m, 2);

	OK(installed(m, 1, &t));
	OK(gmap(m, 5 << 12, page, 0));
	uint64_t e = m->mem[t.l1][5];
	UNIT_CHECK(u, (e & MMU_PTE_RW) && MMU_PTE_MFN(e) == page);
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

TEST(grant_map_refuses_bad_address)
{
	struct tables t;
	uint64_t page = fake_alloc(m, 2);

	OK(installed(m, 1, &t));
	REFUSED(gmap(m, HYPERVISOR_VIRT_START, page, 0), XEN_EINVAL);
	REFUSED(gmap(m, 1ull << 30, page, 0), XEN_EINVAL);       /* no L2 entry there */
}

TEST(grant_map_replaces_present_entry_dropping_its_refs)
{
	struct tables t;
	uint64_t page = fake_alloc(m, 2);

	OK(installed(m, 1, &t));
	UNIT_CHECK_EQ(u, FRAME(t.data)->count, 2);                 /* allocated + va 0 */
	UNIT_CHECK_EQ(u, FRAME(t.data)->type_count, 1);
	unsigned int flushes = m->flushes_by_kind[MMU_FLUSH_INVLPG_DOMAIN];
	OK(gmap(m, 0, page, GNTMAP_readonly));                    /* va 0 maps data RW */
	UNIT_CHECK_EQ(u, MMU_PTE_MFN(m->mem[t.l1][0]), page);
	UNIT_CHECK_EQ(u, FRAME(t.data)->count, 1);
	UNIT_CHECK_EQ(u, FRAME(t.data)->type_count, 0);
	UNIT_CHECK_EQ(u, FRAME(page)->count, 2);
	UNIT_CHECK(u, m->flushes_by_kind[MMU_FLUSH_INVLPG_DOMAIN] > flushes);
	/* data is free of writable mappings now: it can become a table */
	OK(fake_pin(m, 1, 1, t.data));
	OK(gunmap(m, 0, page, GNTMAP_readonly));
	UNIT_CHECK_EQ(u, m->mem[t.l1][0], 0);
	UNIT_CHECK_EQ(u, FRAME(page)->count, 1);
}

TEST(grant_map_over_grant_entry_drops_the_old_grant_refs_once)
{
	struct tables t;
	uint64_t a = fake_alloc(m, 2), b = fake_alloc(m, 2);

	OK(installed(m, 1, &t));
	OK(gmap(m, 5 << 12, a, 0));
	OK(gmap(m, 5 << 12, b, 0));
	UNIT_CHECK_EQ(u, FRAME(a)->count, 1);
	UNIT_CHECK_EQ(u, FRAME(a)->type_count, 0);
	UNIT_CHECK_EQ(u, FRAME(b)->count, 2);
	REFUSED(gunmap(m, 5 << 12, a, 0), XEN_EINVAL);            /* a's entry is gone */
	/* the same frame again: either handle's unmap clears it, once */
	OK(gmap(m, 5 << 12, b, 0));
	UNIT_CHECK_EQ(u, FRAME(b)->count, 2);
	UNIT_CHECK_EQ(u, FRAME(b)->type_count, 1);
	OK(gunmap(m, 5 << 12, b, 0));
	REFUSED(gunmap(m, 5 << 12, b, 0), XEN_EINVAL);
	UNIT_CHECK_EQ(u, FRAME(b)->count, 1);
}

TEST(grant_map_over_pagetable_mapping_keeps_the_table_typed)
{
	struct tables t;
	uint64_t page = fake_alloc(m, 2);

	OK(installed(m, 1, &t));
	OK(fake_update(m, 1, t.l1, 3, fake_pte(t.l2, RO)));       /* a read-only view of L2 */
	uint32_t count = FRAME(t.l2)->count, types = FRAME(t.l2)->type_count;
	OK(gmap(m, 3 << 12, page, 0));
	UNIT_CHECK_EQ(u, FRAME(t.l2)->count, count - 1);
	UNIT_CHECK_EQ(u, FRAME(t.l2)->type_count, types);
	UNIT_CHECK_EQ(u, FRAME(t.l2)->type, MMU_TYPE_L2);
	UNIT_CHECK(u, FRAME(t.l2)->flags & MMU_FRAME_VALIDATED);
	OK(gunmap(m, 3 << 12, page, 0));
}

TEST(grant_pte_must_be_an_l1_entry_the_mapper_owns)
{
	struct tables t1, t2;
	uint64_t page = fake_alloc(m, 2);

	OK(installed(m, 2, &t2));
	OK(installed(m, 1, &t1));
	REFUSED(fake_grant_map(m, 1, (t1.l2 << 12) + 8, true, 2, page, 0), XEN_EINVAL);
	REFUSED(fake_grant_map(m, 1, (t2.l1 << 12) + 8, true, 2, page, 0), XEN_EINVAL);
	REFUSED(fake_grant_map(m, 1, (t2.l1 << 12), true, 2, page, 0), XEN_EINVAL);
}

TEST(grant_pte_address_must_be_aligned_xsa227)
{
	struct tables t;
	uint64_t page = fake_alloc(m, 2), plain = fake_alloc(m, 2);

	OK(installed(m, 1, &t));
	REFUSED(fake_grant_map(m, 1, (t.l1 << 12) + 9 * 8 + 4, true, 2, page, 0), XEN_EINVAL);
	REFUSED(fake_grant_map(m, 1, (t.data << 12) + 8, true, 2, page, 0), XEN_EINVAL);
	REFUSED(fake_grant_map(m, 1, (plain << 12), true, 2, page, 0), XEN_EINVAL);
	OK(fake_grant_map(m, 1, (t.l1 << 12) + 9 * 8, true, 2, page, 0));
	OK(fake_grant_unmap(m, 1, (t.l1 << 12) + 9 * 8, true, page, 0, 0));
	UNIT_CHECK_EQ(u, m->last_flush.kind, MMU_FLUSH_DOMAIN);
}

/*
 * A grant entry carries no mark (Xen's release builds): mmu_update rewrites
 * it like any entry, dropping exactly its references, and the grant's unmap
 * then finds nothing to remove.  Bit 62 is the guest's, grants nothing, and
 * an entry copying the grant's elsewhere is refused (the frame is not the
 * caller's).
 */
TEST(grant_entry_is_an_ordinary_entry_for_mmu_update)
{
	struct tables t;
	uint64_t page = fake_alloc(m, 2), other = fake_alloc(m, 1);

	OK(installed(m, 1, &t));
	OK(gmap(m, 5 << 12, page, 0));
	UNIT_CHECK(u, !(m->mem[t.l1][5] & (1ull << 62)));
	REFUSED(fake_update(m, 1, t.l1, 6, m->mem[t.l1][5]), XEN_EBUSY);
	REFUSED(fake_update(m, 1, t.l1, 6, m->mem[t.l1][5] | (1ull << 62)), XEN_EBUSY);
	/* the same frame and rights with bit 62 added: the fast path, no new refs */
	OK(fake_update(m, 1, t.l1, 5, m->mem[t.l1][5] | (1ull << 62)));
	UNIT_CHECK_EQ(u, FRAME(page)->count, 2);
	UNIT_CHECK_EQ(u, FRAME(page)->type_count, 1);
	OK(fake_update(m, 1, t.l1, 5, fake_pte(other, RW | (1ull << 62))));
	UNIT_CHECK_EQ(u, m->mem[t.l1][5], fake_pte(other, RW | (1ull << 62)) | MMU_PTE_US | MMU_PTE_GUEST_KERNEL);
	UNIT_CHECK_EQ(u, FRAME(page)->count, 1);
	UNIT_CHECK_EQ(u, FRAME(page)->type_count, 0);
	REFUSED(gunmap(m, 5 << 12, page, 0), XEN_EINVAL);
	/* the grant is recorded still; its frame is no longer mapped: the checker
	   agrees, and the granter may make it a table */
	OK(fake_pin(m, 2, 1, page));
}

TEST(grant_unmap_checks_entry_still_maps_frame_xsa234)
{
	struct tables t;
	uint64_t page = fake_alloc(m, 2), other = fake_alloc(m, 2);

	OK(installed(m, 1, &t));
	REFUSED(gunmap(m, 5 << 12, page, 0), XEN_EINVAL);          /* nothing there */
	REFUSED(gunmap(m, 0, page, 0), XEN_EINVAL);                /* maps another frame */
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

TEST(grant_replace_moves_new_entry_with_its_refs)
{
	struct tables t;
	uint64_t page = fake_alloc(m, 2), mine = fake_alloc(m, 1);

	OK(installed(m, 1, &t));
	OK(fake_update(m, 1, t.l1, 4, fake_pte(mine, RW)));
	OK(gmap(m, 5 << 12, page, 0));
	uint64_t e = m->mem[t.l1][4];
	OK(greplace(m, 5 << 12, page, 0, 4 << 12));                /* va 4's entry moves to va 5 */
	UNIT_CHECK_EQ(u, m->mem[t.l1][5], e);
	UNIT_CHECK_EQ(u, m->mem[t.l1][4], 0);
	UNIT_CHECK_EQ(u, FRAME(mine)->count, 2);
	UNIT_CHECK_EQ(u, FRAME(mine)->type_count, 1);
	UNIT_CHECK_EQ(u, FRAME(page)->count, 1);
	UNIT_CHECK_EQ(u, FRAME(page)->type_count, 0);
	/* the moved entry is an ordinary one: mmu_update may change it */
	OK(fake_update(m, 1, t.l1, 5, 0));
	UNIT_CHECK_EQ(u, FRAME(mine)->count, 1);
}

TEST(grant_replace_onto_its_own_slot_drops_the_grant_refs_once)
{
	struct tables t;
	uint64_t page = fake_alloc(m, 2);

	OK(installed(m, 1, &t));
	OK(gmap(m, 5 << 12, page, 0));
	/* The same slot, by the same address and by an alias: L2[1] -> the same L1. */
	OK(fake_update(m, 1, t.l2, 1, fake_pte(t.l1, RW | MMU_PTE_US)));
	ERR(greplace(m, 5 << 12, page, 0, (1 << 21) + (5 << 12)), XEN_EINVAL);
	UNIT_CHECK_EQ(u, m->mem[t.l1][5], 0);
	UNIT_CHECK_EQ(u, FRAME(page)->count, 1);
	UNIT_CHECK_EQ(u, FRAME(page)->type_count, 0);
	OK(gmap(m, 6 << 12, page, 0));
	ERR(greplace(m, 6 << 12, page, 0, 6 << 12), XEN_EINVAL);
	UNIT_CHECK_EQ(u, m->mem[t.l1][6], 0);
	UNIT_CHECK_EQ(u, FRAME(page)->count, 1);
}

TEST(grant_replace_refused_after_the_steal_drops_the_stolen_refs)
{
	struct tables t;
	uint64_t page = fake_alloc(m, 2), other = fake_alloc(m, 2), mine = fake_alloc(m, 1);

	OK(installed(m, 1, &t));
	OK(fake_update(m, 1, t.l1, 4, fake_pte(mine, RW)));
	OK(gmap(m, 5 << 12, page, 0));
	/* host address does not hold this grant: va 4's entry is gone all the same (Xen) */
	ERR(greplace(m, 5 << 12, other, 0, 4 << 12), XEN_EINVAL);
	UNIT_CHECK_EQ(u, m->mem[t.l1][4], 0);
	UNIT_CHECK_EQ(u, FRAME(mine)->count, 1);
	UNIT_CHECK_EQ(u, FRAME(mine)->type_count, 0);
	UNIT_CHECK_EQ(u, FRAME(page)->count, 2);                   /* the grant is untouched */
	/* nothing is stolen when new_addr or the mode is refused first */
	REFUSED(greplace(m, 5 << 12, page, 0, HYPERVISOR_VIRT_START), XEN_EINVAL);
	REFUSED(greplace(m, 5 << 12, page, 0, 1ull << 30), XEN_EINVAL);
	REFUSED(fake_grant_unmap(m, 1, (t.l1 << 12) + 5 * 8, true, page, 0, 6 << 12),
	        XEN_EINVAL);
	OK(gunmap(m, 5 << 12, page, 0));
}

TEST(frame_steal_takes_only_an_unused_frame)
{
	struct tables t;
	uint64_t free_page = fake_alloc(m, 1), shared = fake_alloc(m, 1);

	OK(installed(m, 1, &t));
	REFUSED(mmu_frame_steal(&m->env, fake_dom(m, 1), t.data), XEN_EINVAL);     /* mapped */
	REFUSED(mmu_frame_steal(&m->env, fake_dom(m, 1), t.l1), XEN_EINVAL);       /* a table */
	REFUSED(mmu_frame_steal(&m->env, fake_dom(m, 2), free_page), XEN_EINVAL);  /* not d's */
	REFUSED(mmu_frame_steal(&m->env, fake_dom(m, 1), FAKE_IO_MFN), XEN_EINVAL);
	REFUSED(mmu_frame_steal(&m->env, fake_dom(m, 1), FAKE_FRAMES + 3), XEN_EINVAL);
	OK(mmu_frame_unassign(&m->env, fake_dom(m, 1), shared));
	OK(mmu_frame_assign(&m->env, fake_dom(m, 1), shared, true));
	REFUSED(mmu_frame_steal(&m->env, fake_dom(m, 1), shared), XEN_EINVAL);     /* shared_info */
	/* a frame once mapped writable and unmapped again may go */
	OK(fake_update(m, 1, t.l1, 4, fake_pte(free_page, RW)));
	OK(fake_update(m, 1, t.l1, 4, 0));
	unsigned int released = m->nr_released;
	OK(mmu_frame_steal(&m->env, fake_dom(m, 1), free_page));
	UNIT_CHECK_EQ(u, FRAME(free_page)->owner, DOMID_INVALID);
	UNIT_CHECK_EQ(u, FRAME(free_page)->type, MMU_TYPE_NONE);
	UNIT_CHECK_EQ(u, m->nr_released, released);                /* the kernel's, not freed */
	OK(mmu_frame_assign(&m->env, fake_dom(m, 2), free_page, false));
}

static const struct unit_case cases[] = {
	{ "mmu/grant-map-holds-refs-on-foreign-frame", grant_map_holds_refs_on_foreign_frame },
	{ "mmu/grant-map-readonly-and-application-map", grant_map_readonly_and_application_map },
	{ "mmu/grant-map-refuses-writable-map-of-granted-pagetable", grant_map_refuses_writable_map_of_granted_pagetable },
	{ "mmu/grant-map-refuses-frame-granter-does-not-own", grant_map_refuses_frame_granter_does_not_own },
	{ "mmu/grant-map-refuses-bad-address", grant_map_refuses_bad_address },
	{ "mmu/grant-map-replaces-present-entry-dropping-its-refs", grant_map_replaces_present_entry_dropping_its_refs },
	{ "mmu/grant-map-over-grant-entry-drops-the-old-grant-refs-once", grant_map_over_grant_entry_drops_the_old_grant_refs_once },
	{ "mmu/grant-map-over-pagetable-mapping-keeps-the-table-typed", grant_map_over_pagetable_mapping_keeps_the_table_typed },
	{ "mmu/grant-pte-must-be-an-l1-entry-the-mapper-owns", grant_pte_must_be_an_l1_entry_the_mapper_owns },
	{ "mmu/grant-pte-address-must-be-aligned-xsa227", grant_pte_address_must_be_aligned_xsa227 },
	{ "mmu/grant-entry-is-an-ordinary-entry-for-mmu-update", grant_entry_is_an_ordinary_entry_for_mmu_update },
	{ "mmu/grant-unmap-checks-entry-still-maps-frame-xsa234", grant_unmap_checks_entry_still_maps_frame_xsa234 },
	{ "mmu/grant-mapping-survives-granter-teardown-until-unmapped", grant_mapping_survives_granter_teardown_until_unmapped },
	{ "mmu/grant-replace-moves-new-entry-with-its-refs", grant_replace_moves_new_entry_with_its_refs },
	{ "mmu/grant-replace-onto-its-own-slot-drops-the-grant-refs-once", grant_replace_onto_its_own_slot_drops_the_grant_refs_once },
	{ "mmu/grant-replace-refused-after-the-steal-drops-the-stolen-refs", grant_replace_refused_after_the_steal_drops_the_stolen_refs },
	{ "mmu/frame-steal-takes-only-an-unused-frame", frame_steal_takes_only_an_unused_frame },
};
const struct mmu_suite mmu_suite_grant = { cases, ARRAY_LEN(cases) };
