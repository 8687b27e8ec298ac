/*
 * Frames, general references and type references: the bookkeeping every
 * other rule rests on, and the TLB flushes a type change owes.
 */
#include "mmu_test.h"

TEST(assign_gives_allocated_ref)
{
	struct mmu_domain *d1 = fake_dom(m, 1);
	uint64_t mfn = fake_alloc(m, 1);

	UNIT_CHECK_EQ(u, FRAME(mfn)->owner, 1);
	UNIT_CHECK_EQ(u, FRAME(mfn)->count, 1);
	UNIT_CHECK_EQ(u, FRAME(mfn)->flags, MMU_FRAME_ALLOCATED);
	REFUSED(mmu_frame_assign(&m->env, fake_dom(m, 2), mfn, false), XEN_EBUSY);
	REFUSED(mmu_frame_assign(&m->env, d1, 1, false), XEN_EBUSY);
	REFUSED(mmu_frame_assign(&m->env, d1, MMU_NO_MFN, false), XEN_EINVAL);
	REFUSED(mmu_frame_assign(&m->env, d1, FAKE_FRAMES, false), XEN_EINVAL);
}

TEST(unassign_releases_unreferenced_frame)
{
	uint64_t mfn = fake_alloc(m, 1);

	REFUSED(mmu_frame_unassign(&m->env, fake_dom(m, 2), mfn), XEN_EINVAL);
	OK(mmu_frame_unassign(&m->env, fake_dom(m, 1), mfn));
	UNIT_CHECK_EQ(u, m->nr_released, 1);
	UNIT_CHECK_EQ(u, m->released[0], mfn);
	UNIT_CHECK_EQ(u, FRAME(mfn)->owner, DOMID_INVALID);
	UNIT_CHECK_EQ(u, FRAME(mfn)->count, 0);
	REFUSED(mmu_frame_unassign(&m->env, fake_dom(m, 1), mfn), XEN_EINVAL);
}

TEST(unassign_keeps_frame_still_mapped)
{
	uint64_t data = fake_alloc(m, 1);
	uint64_t l1 = fake_table(m, 1, { 3, fake_pte(data, RO) });

	OK(fake_pin(m, 1, 1, l1));
	OK(mmu_frame_unassign(&m->env, fake_dom(m, 1), data));
	UNIT_CHECK_EQ(u, m->nr_released, 0);
	UNIT_CHECK_EQ(u, FRAME(data)->owner, 1);
	REFUSED(mmu_frame_unassign(&m->env, fake_dom(m, 1), data), XEN_EINVAL);
	OK(fake_update(m, 1, l1, 3, 0));
	UNIT_CHECK_EQ(u, m->nr_released, 1);
	UNIT_CHECK_EQ(u, m->released[0], data);
}

TEST(unassign_unpins)
{
	uint64_t l1 = fake_alloc(m, 1);

	OK(fake_pin(m, 1, 1, l1));
	OK(mmu_frame_unassign(&m->env, fake_dom(m, 1), l1));
	UNIT_CHECK_EQ(u, m->nr_released, 1);
	UNIT_CHECK_EQ(u, FRAME(l1)->type, MMU_TYPE_NONE);
}

TEST(get_page_refuses_foreign_and_free_frames)
{
	uint64_t mfn = fake_alloc(m, 1);

	REFUSED(mmu_get_page(&m->env, fake_dom(m, 2), mfn), XEN_EINVAL);
	REFUSED(mmu_get_page(&m->env, fake_dom(m, 1), mfn + 1), XEN_EINVAL);
	REFUSED(mmu_get_page(&m->env, fake_dom(m, 1), 1ull << 40), XEN_EINVAL);
	OK(mmu_get_page(&m->env, fake_dom(m, 1), mfn));
	UNIT_CHECK_EQ(u, FRAME(mfn)->count, 2);
	mmu_put_page(&m->env, mfn);
	UNIT_CHECK_EQ(u, FRAME(mfn)->count, 1);
}

TEST(type_changes_only_at_count_zero)
{
	struct mmu_domain *d = fake_dom(m, 1);
	uint64_t mfn = fake_alloc(m, 1);

	OK(mmu_get_type(&m->env, d, mfn, MMU_TYPE_WRITABLE));
	REFUSED(mmu_get_type(&m->env, d, mfn, MMU_TYPE_L1), XEN_EINVAL);
	REFUSED(mmu_get_type(&m->env, fake_dom(m, 2), mfn, MMU_TYPE_WRITABLE), XEN_EINVAL);
	OK(mmu_get_type(&m->env, d, mfn, MMU_TYPE_WRITABLE));
	UNIT_CHECK_EQ(u, FRAME(mfn)->type_count, 2);
	mmu_put_type(&m->env, mfn);
	mmu_put_type(&m->env, mfn);
	UNIT_CHECK_EQ(u, FRAME(mfn)->type, MMU_TYPE_WRITABLE);
	OK(mmu_get_type(&m->env, d, mfn, MMU_TYPE_L1));
	UNIT_CHECK_EQ(u, FRAME(mfn)->type, MMU_TYPE_L1);
	UNIT_CHECK(u, FRAME(mfn)->flags & MMU_FRAME_VALIDATED);
	mmu_put_type(&m->env, mfn);
	UNIT_CHECK_EQ(u, FRAME(mfn)->type, MMU_TYPE_NONE);
	UNIT_CHECK(u, !(FRAME(mfn)->flags & MMU_FRAME_VALIDATED));
}

TEST(counts_never_overflow)
{
	struct mmu_domain *d = fake_dom(m, 1);
	uint64_t mfn = fake_alloc(m, 1);

	FRAME(mfn)->count = UINT32_MAX;
	REFUSED(mmu_get_page(&m->env, d, mfn), XEN_EINVAL);
	FRAME(mfn)->count = 1;
	OK(mmu_get_type(&m->env, d, mfn, MMU_TYPE_WRITABLE));
	FRAME(mfn)->type_count = UINT32_MAX;
	REFUSED(mmu_get_type(&m->env, d, mfn, MMU_TYPE_WRITABLE), XEN_EINVAL);
	FRAME(mfn)->type_count = 1;
	mmu_put_type(&m->env, mfn);
}

TEST(underflow_is_reported_not_applied)
{
	uint64_t mfn = fake_alloc(m, 1);

	mmu_put_type(&m->env, mfn);
	UNIT_CHECK_EQ(u, m->nr_bugs, 1);
	UNIT_CHECK_EQ(u, FRAME(mfn)->type_count, 0);
	OK(mmu_frame_unassign(&m->env, fake_dom(m, 1), mfn));
	mmu_put_page(&m->env, mfn);
	UNIT_CHECK_EQ(u, m->nr_bugs, 2);
	UNIT_CHECK_EQ(u, FRAME(mfn)->count, 0);
	m->nr_bugs = 0;
}

/* A frame of domain 1 that was mapped writable and no longer is: a TLB may
   still hold the mapping.  0 if that could not be set up. */
static uint64_t formerly_writable(struct fake_machine *m)
{
	uint64_t data = fake_alloc(m, 1);
	uint64_t l1 = fake_table(m, 1, { 0, fake_pte(data, RW) });

	if (fake_pin(m, 1, 1, l1) || fake_update(m, 1, l1, 0, 0))
		return 0;
	return data;
}

TEST(type_change_flushes_tlb)
{
	uint64_t data = formerly_writable(m);
	unsigned int before = m->flushes_by_kind[MMU_FLUSH_ALL_CPUS];

	UNIT_CHECK(u, data);
	OK(fake_pin(m, 1, 1, data));
	UNIT_CHECK_EQ(u, m->flushes_by_kind[MMU_FLUSH_ALL_CPUS], before + 1);
	UNIT_CHECK(u, m->last_flush.d == NULL);
}

TEST(no_flush_when_no_stale_mapping)
{
	uint64_t a = fake_alloc(m, 1), b = fake_alloc(m, 1);
	unsigned int before = m->nr_flushes;

	OK(fake_pin(m, 1, 1, a));
	OK(fake_pin(m, 1, 1, b));
	UNIT_CHECK_EQ(u, m->nr_flushes, before);
}

TEST(writable_again_is_no_type_change)
{
	uint64_t data = formerly_writable(m), l1 = fake_pinned(m, 1, 1);
	unsigned int before = m->nr_flushes;

	UNIT_CHECK(u, data && l1);
	OK(fake_update(m, 1, l1, 0, fake_pte(data, RW)));
	UNIT_CHECK_EQ(u, m->nr_flushes, before);
	UNIT_CHECK_EQ(u, FRAME(data)->type, MMU_TYPE_WRITABLE);
}

TEST(flush_after_new_type_visible_xsa401)
{
	uint64_t data = formerly_writable(m);

	UNIT_CHECK(u, data);
	m->watch = data;
	OK(fake_pin(m, 1, 1, data));
	UNIT_CHECK_EQ(u, m->last_flush.kind, MMU_FLUSH_ALL_CPUS);
	UNIT_CHECK_EQ(u, m->last_flush.watched_type, MMU_TYPE_L1);
}

TEST(reused_frame_flushed_before_reassignment)
{
	uint64_t data = fake_alloc(m, 1);
	uint64_t l1 = fake_table(m, 1, { 0, fake_pte(data, RO) });
	unsigned int before;

	OK(fake_pin(m, 1, 1, l1));
	OK(mmu_frame_unassign(&m->env, fake_dom(m, 1), data));
	OK(fake_update(m, 1, l1, 0, 0));        /* last reference: released */
	UNIT_CHECK_EQ(u, FRAME(data)->owner, DOMID_INVALID);
	before = m->flushes_by_kind[MMU_FLUSH_ALL_CPUS];
	OK(mmu_frame_assign(&m->env, fake_dom(m, 2), data, false));
	UNIT_CHECK_EQ(u, m->flushes_by_kind[MMU_FLUSH_ALL_CPUS], before + 1);
}

TEST(failed_validation_leaves_no_refs)
{
	uint64_t data = fake_alloc(m, 1);
	uint64_t table = fake_alloc(m, 1);
	uint64_t holder = fake_table(m, 1, { 0, fake_pte(table, RW) });
	uint64_t l1 = fake_table(m, 1, { 0, fake_pte(data, RW) });
	uint64_t l2 = fake_table(m, 1, { 0, fake_pte(l1, RW) },
	                         { 1, fake_pte(table, RW) });

	/* holder keeps table writable, so the L2's second entry, which wants
	   it as an L1, fails, after its first entry had validated l1.  (l1's
	   entry keeps the US bit validation added: it grants nothing.) */
	OK(fake_pin(m, 1, 1, holder));
	ERR(fake_pin(m, 1, 2, l2), XEN_EINVAL);
	UNIT_CHECK_EQ(u, FRAME(l2)->type_count, 0);
	UNIT_CHECK_EQ(u, FRAME(l2)->count, 1);
	UNIT_CHECK_EQ(u, FRAME(l1)->type, MMU_TYPE_NONE);
	UNIT_CHECK_EQ(u, FRAME(l1)->type_count, 0);
	UNIT_CHECK_EQ(u, FRAME(data)->type_count, 0);
	UNIT_CHECK_EQ(u, FRAME(data)->count, 1);
}

TEST(xen_shared_page_never_a_table)
{
	struct mmu_domain *d1 = fake_dom(m, 1);
	uint64_t shared = 2;
	uint64_t l1, l2;

	OK(mmu_frame_assign(&m->env, d1, shared, true));
	UNIT_CHECK_EQ(u, FRAME(shared)->type, MMU_TYPE_WRITABLE);
	UNIT_CHECK_EQ(u, FRAME(shared)->type_count, 1);
	REFUSED(fake_pin(m, 1, 1, shared), XEN_EINVAL);
	l1 = fake_table(m, 1, { 0, fake_pte(shared, RW) });
	OK(fake_pin(m, 1, 1, l1));
	UNIT_CHECK_EQ(u, FRAME(shared)->type_count, 2);
	l2 = fake_alloc(m, 1);
	OK(fake_pin(m, 1, 2, l2));
	REFUSED(fake_update(m, 1, l2, 0, fake_pte(shared, RW)), XEN_EINVAL);
	OK(mmu_frame_unassign(&m->env, d1, shared));
	UNIT_CHECK_EQ(u, FRAME(shared)->type_count, 1);
	UNIT_CHECK_EQ(u, m->nr_released, 0);
}

static const struct unit_case cases[] = {
	{ "mmu/assign-gives-allocated-ref", assign_gives_allocated_ref },
	{ "mmu/unassign-releases-unreferenced-frame", unassign_releases_unreferenced_frame },
	{ "mmu/unassign-keeps-frame-still-mapped", unassign_keeps_frame_still_mapped },
	{ "mmu/unassign-unpins", unassign_unpins },
	{ "mmu/get-page-refuses-foreign-and-free-frames", get_page_refuses_foreign_and_free_frames },
	{ "mmu/type-changes-only-at-count-zero", type_changes_only_at_count_zero },
	{ "mmu/counts-never-overflow", counts_never_overflow },
	{ "mmu/underflow-is-reported-not-applied", underflow_is_reported_not_applied },
	{ "mmu/type-change-flushes-tlb", type_change_flushes_tlb },
	{ "mmu/no-flush-when-no-stale-mapping", no_flush_when_no_stale_mapping },
	{ "mmu/writable-again-is-no-type-change", writable_again_is_no_type_change },
	{ "mmu/flush-after-new-type-visible-xsa401", flush_after_new_type_visible_xsa401 },
	{ "mmu/reused-frame-flushed-before-reassignment", reused_frame_flushed_before_reassignment },
	{ "mmu/failed-validation-leaves-no-refs", failed_validation_leaves_no_refs },
	{ "mmu/xen-shared-page-never-a-table", xen_shared_page_never_a_table },
};
const struct mmu_suite mmu_suite_refs = { cases, ARRAY_LEN(cases) };
