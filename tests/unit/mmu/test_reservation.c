/*
 * memory_op's frame hand-back (mmu_reservation.c): decrease_reservation
 * drops only the "allocated" reference, so nothing that still reaches a
 * frame (a mapping, a pin, a base pointer, another domain's grant mapping)
 * can outlive its ownership; exchange takes only frames nothing else holds.
 */
#include "mmu_test.h"

static int remove_page(struct fake_machine *m, domid_t id, uint64_t mfn)
{
	return mmu_guest_remove_page(&m->env, fake_dom(m, id), mfn);
}

TEST(remove_releases_unreferenced_frame)
{
	uint64_t mfn = fake_alloc(m, 1);

	OK(remove_page(m, 1, mfn));
	UNIT_CHECK_EQ(u, m->nr_released, 1);
	UNIT_CHECK_EQ(u, m->released[0], mfn);
	UNIT_CHECK_EQ(u, m->last_released_owner, 1);
	UNIT_CHECK_EQ(u, FRAME(mfn)->owner, DOMID_INVALID);
	/* Gone: a second attempt names a frame the domain does not hold. */
	REFUSED(remove_page(m, 1, mfn), XEN_ENXIO);
}

TEST(remove_refuses_frames_not_held)
{
	uint64_t other = fake_alloc(m, 2);

	REFUSED(remove_page(m, 1, other), XEN_ENXIO);          /* another domain's */
	REFUSED(remove_page(m, 1, 1), XEN_ENXIO);              /* free */
	REFUSED(remove_page(m, 1, FAKE_IO_MFN), XEN_ENXIO);    /* I/O memory */
	REFUSED(remove_page(m, 1, FAKE_FRAMES), XEN_EINVAL);   /* beyond the table */
	REFUSED(remove_page(m, 1, ~0ull), XEN_EINVAL);
	UNIT_CHECK_EQ(u, FRAME(other)->count, 1);
}

TEST(remove_keeps_mapped_frame_until_unmapped)
{
	uint64_t data = fake_alloc(m, 1);
	uint64_t l1 = fake_table(m, 1, { 3, fake_pte(data, RW) });

	OK(fake_pin(m, 1, 1, l1));
	OK(remove_page(m, 1, data));
	UNIT_CHECK_EQ(u, m->nr_released, 0);
	UNIT_CHECK_EQ(u, FRAME(data)->owner, 1);
	UNIT_CHECK(u, !(FRAME(data)->flags & MMU_FRAME_ALLOCATED));
	/* Given back already but still held: nothing more to do, as in Xen. */
	OK(remove_page(m, 1, data));
	/* Still the domain's: it may map it again, read-only too. */
	OK(fake_update(m, 1, l1, 4, fake_pte(data, RO)));
	OK(fake_update(m, 1, l1, 3, 0));
	UNIT_CHECK_EQ(u, m->nr_released, 0);
	OK(fake_update(m, 1, l1, 4, 0));
	UNIT_CHECK_EQ(u, m->nr_released, 1);
	UNIT_CHECK_EQ(u, m->released[0], data);
}

TEST(remove_does_not_unpin_xsa252)
{
	uint64_t l1 = fake_alloc(m, 1);

	OK(fake_pin(m, 1, 1, l1));
	OK(remove_page(m, 1, l1));
	UNIT_CHECK_EQ(u, m->nr_released, 0);
	UNIT_CHECK(u, FRAME(l1)->flags & MMU_FRAME_PINNED);
	UNIT_CHECK_EQ(u, FRAME(l1)->type, MMU_TYPE_L1);
	/* The guest unpins it; that was the last reference. */
	OK(fake_ext(m, 1, MMUEXT_UNPIN_TABLE, l1, 0, DOMID_SELF));
	UNIT_CHECK_EQ(u, m->nr_released, 1);
	UNIT_CHECK_EQ(u, FRAME(l1)->type, MMU_TYPE_NONE);
	ERR(fake_pin(m, 1, 1, l1), XEN_EINVAL);
}

TEST(remove_of_installed_table_keeps_it_valid)
{
	uint64_t l4, l3, l2, l1, data;

	fake_hierarchy(m, 1, &l4, &l3, &l2, &l1, &data);
	OK(mmu_install_boot_l4(&m->env, fake_vcpu(m, 1), l4));
	OK(remove_page(m, 1, l4));
	OK(remove_page(m, 1, l1));
	UNIT_CHECK_EQ(u, m->nr_released, 0);
	UNIT_CHECK_EQ(u, FRAME(l4)->type, MMU_TYPE_L4);
	UNIT_CHECK_EQ(u, FRAME(l1)->type, MMU_TYPE_L1);
	UNIT_CHECK(u, FRAME(l1)->flags & MMU_FRAME_VALIDATED);
	/* Teardown still returns every frame. */
	fake_destroy(m, 1);
	for (uint64_t mfn = 0; mfn < FAKE_FRAMES; mfn++)
		UNIT_CHECK(u, FRAME(mfn)->owner != 1);
}

TEST(remove_refuses_hypervisor_shared_page)
{
	uint64_t shared = fake_alloc(m, 0);

	OK(mmu_frame_unassign(&m->env, fake_dom(m, 0), shared));
	OK(mmu_frame_assign(&m->env, fake_dom(m, 1), shared, true));
	REFUSED(remove_page(m, 1, shared), XEN_EBUSY);
	UNIT_CHECK(u, FRAME(shared)->flags & MMU_FRAME_XEN_SHARED);
}

TEST(remove_keeps_frame_another_domain_maps)
{
	uint64_t page = fake_alloc(m, 2);
	uint64_t l1 = fake_table(m, 1, { 0, 0 });

	fake_dom(m, 1)->privileged = true;
	OK(fake_pin(m, 1, 1, l1));
	OK(fake_update_fd(m, 1, l1, 7, fake_pte(page, RW), 2));
	OK(remove_page(m, 2, page));
	UNIT_CHECK_EQ(u, m->nr_released, 0);
	UNIT_CHECK_EQ(u, FRAME(page)->owner, 2);
	/* Not free, so nobody can be handed it. */
	ERR(mmu_frame_assign(&m->env, fake_dom(m, 0), page, false), XEN_EBUSY);
	OK(fake_update(m, 1, l1, 7, 0));
	UNIT_CHECK_EQ(u, m->nr_released, 1);
	UNIT_CHECK_EQ(u, m->last_released_owner, 2);
}

TEST(steal_takes_only_unreferenced_frames)
{
	uint64_t data = fake_alloc(m, 1), mapped = fake_alloc(m, 1), pinned = fake_alloc(m, 1);
	uint64_t l1 = fake_table(m, 1, { 2, fake_pte(mapped, RO) });
	uint64_t shared = fake_alloc(m, 0);

	OK(fake_pin(m, 1, 1, l1));
	OK(fake_pin(m, 1, 1, pinned));
	OK(mmu_frame_unassign(&m->env, fake_dom(m, 0), shared));
	OK(mmu_frame_assign(&m->env, fake_dom(m, 1), shared, true));
	REFUSED(mmu_frame_steal(&m->env, fake_dom(m, 1), mapped), XEN_EINVAL);
	REFUSED(mmu_frame_steal(&m->env, fake_dom(m, 1), pinned), XEN_EINVAL);
	REFUSED(mmu_frame_steal(&m->env, fake_dom(m, 1), l1), XEN_EINVAL);
	REFUSED(mmu_frame_steal(&m->env, fake_dom(m, 1), shared), XEN_EINVAL);
	REFUSED(mmu_frame_steal(&m->env, fake_dom(m, 2), data), XEN_EINVAL);
	REFUSED(mmu_frame_steal(&m->env, fake_dom(m, 1), FAKE_FRAMES), XEN_EINVAL);
	REFUSED(mmu_frame_steal(&m->env, fake_dom(m, 1), 1), XEN_EINVAL);
	unsigned int released = m->nr_released;
	OK(mmu_frame_steal(&m->env, fake_dom(m, 1), data));
	/* Detached, not released: the kernel decides where it goes. */
	UNIT_CHECK_EQ(u, m->nr_released, released);
	UNIT_CHECK_EQ(u, FRAME(data)->owner, DOMID_INVALID);
	UNIT_CHECK_EQ(u, FRAME(data)->count, 0);
	/* Stealing it twice (the same frame named twice) fails. */
	REFUSED(mmu_frame_steal(&m->env, fake_dom(m, 1), data), XEN_EINVAL);
	/* A failed exchange gives it back. */
	OK(mmu_frame_assign(&m->env, fake_dom(m, 1), data, false));
	UNIT_CHECK_EQ(u, FRAME(data)->count, 1);
}

TEST(steal_of_once_writable_frame_flushes_before_reuse)
{
	uint64_t data = fake_alloc(m, 1);
	uint64_t l1 = fake_table(m, 1, { 0, fake_pte(data, RW) });

	OK(fake_pin(m, 1, 1, l1));
	OK(fake_update(m, 1, l1, 0, 0));        /* unmapped: a TLB may still hold it */
	unsigned int before = m->nr_flushes;
	OK(mmu_frame_steal(&m->env, fake_dom(m, 1), data));
	OK(mmu_frame_assign(&m->env, fake_dom(m, 2), data, false));
	UNIT_CHECK(u, m->nr_flushes > before);
}

static const struct unit_case cases[] = {
	{ "mmu/remove-releases-unreferenced-frame", remove_releases_unreferenced_frame },
	{ "mmu/remove-refuses-frames-not-held", remove_refuses_frames_not_held },
	{ "mmu/remove-keeps-mapped-frame-until-unmapped", remove_keeps_mapped_frame_until_unmapped },
	{ "mmu/remove-does-not-unpin-xsa252", remove_does_not_unpin_xsa252 },
	{ "mmu/remove-of-installed-table-keeps-it-valid", remove_of_installed_table_keeps_it_valid },
	{ "mmu/remove-refuses-hypervisor-shared-page", remove_refuses_hypervisor_shared_page },
	{ "mmu/remove-keeps-frame-another-domain-maps", remove_keeps_frame_another_domain_maps },
	{ "mmu/steal-takes-only-unreferenced-frames", steal_takes_only_unreferenced_frames },
	{ "mmu/steal-of-once-writable-frame-flushes-before-reuse", steal_of_once_writable_frame_flushes_before_reuse },
};
const struct mmu_suite mmu_suite_reservation = { cases, ARRAY_LEN(cases) };
