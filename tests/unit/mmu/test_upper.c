/*
 * L2, L3 and L4 entries: levels, superpages, the hypervisor's L4 slots,
 * linear page tables, and the recursive validation of a hierarchy.
 */
#include "mmu_test.h"

#define UP (RW | MMU_PTE_US)

TEST(hypervisor_l4_slots_immutable)
{
	uint64_t l4, l3;

	fake_hierarchy(m, 1, &l4, &l3, NULL, NULL, NULL);
	OK(fake_pin(m, 1, 4, l4));
	for (unsigned int slot = HYPERVISOR_L4_FIRST; slot <= HYPERVISOR_L4_LAST; slot++) {
		REFUSED(fake_update(m, 1, l4, slot, 0), XEN_EINVAL);
		REFUSED(fake_update(m, 1, l4, slot, fake_pte(l3, RO)), XEN_EINVAL);
	}
	OK(fake_update(m, 1, l4, HYPERVISOR_L4_FIRST - 1, fake_pte(l3, UP)));
	OK(fake_update(m, 1, l4, HYPERVISOR_L4_LAST + 1, fake_pte(l3, UP)));
}

TEST(l4_validation_installs_hypervisor_slots)
{
	uint64_t data = fake_alloc(m, 1);
	uint64_t l4 = fake_alloc(m, 1), strict_l4 = fake_alloc(m, 1);

	for (unsigned int slot = HYPERVISOR_L4_FIRST; slot <= HYPERVISOR_L4_LAST; slot++) {
		m->mem[l4][slot] = fake_pte(data, RW);
		m->mem[strict_l4][slot] = fake_pte(data, RW);
	}
	OK(fake_pin(m, 1, 4, l4));
	UNIT_CHECK_EQ(u, m->mem[l4][HYPERVISOR_L4_FIRST], 0);
	for (unsigned int i = 1; i < MMU_XEN_L4_SLOTS; i++)
		UNIT_CHECK_EQ(u, m->mem[l4][HYPERVISOR_L4_FIRST + i], FAKE_XEN_L4(i));
	UNIT_CHECK_EQ(u, FRAME(data)->count, 1);
	OK(mmu_vm_assist(fake_dom(m, 1), VMASST_CMD_enable, VMASST_TYPE_m2p_strict));
	OK(fake_pin(m, 1, 4, strict_l4));
	UNIT_CHECK_EQ(u, m->mem[strict_l4][HYPERVISOR_L4_FIRST], FAKE_XEN_L4(0));
}

TEST(m2p_slot_follows_m2p_strict)
{
	uint64_t a = fake_alloc(m, 1), b = fake_alloc(m, 1);

	OK(fake_ext(m, 1, MMUEXT_NEW_BASEPTR, a, 0, DOMID_SELF));
	UNIT_CHECK_EQ(u, m->mem[a][HYPERVISOR_L4_FIRST], FAKE_XEN_L4(0));
	OK(fake_ext(m, 1, MMUEXT_NEW_USER_BASEPTR, b, 0, DOMID_SELF));
	UNIT_CHECK_EQ(u, m->mem[b][HYPERVISOR_L4_FIRST], 0);
	OK(fake_ext(m, 1, MMUEXT_NEW_USER_BASEPTR, 0, 0, DOMID_SELF));
	OK(mmu_vm_assist(fake_dom(m, 1), VMASST_CMD_enable, VMASST_TYPE_m2p_strict));
	OK(fake_ext(m, 1, MMUEXT_NEW_USER_BASEPTR, a, 0, DOMID_SELF));
	UNIT_CHECK_EQ(u, m->mem[a][HYPERVISOR_L4_FIRST], 0);
}

TEST(pse_superpage_refused_xsa148)
{
	uint64_t l1 = fake_alloc(m, 1), data = fake_alloc(m, 1);
	uint64_t l2 = fake_table(m, 1, { 0, fake_pte(l1, UP) });
	uint64_t l3 = fake_alloc(m, 1);
	uint64_t pse_l2 = fake_table(m, 1, { 9, fake_pte(data, RO | MMU_PTE_PSE) });

	OK(fake_pin(m, 1, 2, l2));
	OK(fake_pin(m, 1, 3, l3));
	REFUSED(fake_update(m, 1, l2, 1, fake_pte(data, UP | MMU_PTE_PSE)), XEN_EINVAL);
	/* the same frame with only PSE added must not take the fast path */
	REFUSED(fake_update(m, 1, l2, 0, fake_pte(l1, UP | MMU_PTE_PSE)), XEN_EINVAL);
	REFUSED(fake_update(m, 1, l3, 0, fake_pte(data, UP | MMU_PTE_PSE)), XEN_EINVAL);
	REFUSED(fake_pin(m, 1, 2, pse_l2), XEN_EINVAL);
}

TEST(upper_level_reserved_bits_refused)
{
	uint64_t l4, l3, l2, l1;
	const uint64_t bad[] = { MMU_PTE_G, MMU_PTE_PCD, MMU_PTE_PWT };

	fake_hierarchy(m, 1, &l4, &l3, &l2, &l1, NULL);
	OK(fake_pin(m, 1, 4, l4));
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		REFUSED(fake_update(m, 1, l2, 0, fake_pte(l1, UP | bad[i])), XEN_EINVAL);
		REFUSED(fake_update(m, 1, l3, 0, fake_pte(l2, UP | bad[i])), XEN_EINVAL);
		REFUSED(fake_update(m, 1, l4, 0, fake_pte(l3, UP | bad[i])), XEN_EINVAL);
	}
}

TEST(upper_entries_get_user_bit)
{
	uint64_t l4, l3, l2, l1;

	fake_hierarchy(m, 1, &l4, &l3, &l2, &l1, NULL);
	OK(fake_pin(m, 1, 4, l4));
	UNIT_CHECK_EQ(u, m->mem[l4][0], fake_pte(l3, RW | MMU_PTE_US | MMU_PTE_A));
	UNIT_CHECK_EQ(u, m->mem[l3][0], fake_pte(l2, RW | MMU_PTE_US));
	UNIT_CHECK_EQ(u, m->mem[l2][0], fake_pte(l1, RW | MMU_PTE_US));
}

TEST(type_confusion_refused)
{
	uint64_t l4, l3, l2, l1;

	fake_hierarchy(m, 1, &l4, &l3, &l2, &l1, NULL);
	OK(fake_pin(m, 1, 4, l4));
	REFUSED(fake_update(m, 1, l3, 1, fake_pte(l1, UP)), XEN_EINVAL);  /* L1 as L2 */
	REFUSED(fake_update(m, 1, l4, 1, fake_pte(l2, UP)), XEN_EINVAL);  /* L2 as L3 */
	REFUSED(fake_update(m, 1, l2, 1, fake_pte(l3, UP)), XEN_EINVAL);  /* L3 as L1 */
	REFUSED(fake_update(m, 1, l2, 1, fake_pte(l4, RO)), XEN_EINVAL);  /* L4 as L1 */
	REFUSED(fake_pin(m, 1, 1, l2), XEN_EINVAL);
	REFUSED(fake_pin(m, 1, 3, l2), XEN_EINVAL);
	REFUSED(fake_ext(m, 1, MMUEXT_NEW_BASEPTR, l3, 0, DOMID_SELF), XEN_EINVAL);
}

TEST(l2_entry_validates_lower_table)
{
	uint64_t data = fake_alloc(m, 1);
	uint64_t y = fake_table(m, 1, { 0, fake_pte(data, RW) }, { 1, fake_pte(data, RO) });
	uint64_t l2 = fake_alloc(m, 1);

	OK(fake_pin(m, 1, 2, l2));
	OK(fake_update(m, 1, l2, 3, fake_pte(y, UP)));
	UNIT_CHECK_EQ(u, FRAME(y)->type, MMU_TYPE_L1);
	UNIT_CHECK(u, FRAME(y)->flags & MMU_FRAME_VALIDATED);
	UNIT_CHECK_EQ(u, FRAME(data)->count, 3);
	UNIT_CHECK_EQ(u, FRAME(data)->type_count, 1);
	UNIT_CHECK_EQ(u, m->mem[y][1], fake_pte(data, RO | MMU_PTE_US | MMU_PTE_GUEST_KERNEL));
	OK(fake_update(m, 1, l2, 3, 0));
	UNIT_CHECK_EQ(u, FRAME(y)->type, MMU_TYPE_NONE);
	UNIT_CHECK_EQ(u, FRAME(data)->count, 1);
}

TEST(l2_entry_refuses_invalid_lower_table)
{
	uint64_t pt = fake_alloc(m, 1);
	uint64_t y = fake_table(m, 1, { 0, fake_pte(pt, RW) });
	uint64_t l2 = fake_alloc(m, 1);

	OK(fake_pin(m, 1, 2, l2));
	OK(fake_pin(m, 1, 1, pt));
	REFUSED(fake_update(m, 1, l2, 0, fake_pte(y, UP)), XEN_EBUSY);
	UNIT_CHECK_EQ(u, FRAME(y)->type_count, 0);
}

TEST(upper_entry_stays_in_domain)
{
	uint64_t l2 = fake_alloc(m, 0), l2_of_1 = fake_alloc(m, 1);
	uint64_t theirs = fake_alloc(m, 1), other = fake_alloc(m, 2);
	uint64_t own0 = fake_alloc(m, 0), own1 = fake_alloc(m, 1);

	OK(fake_pin(m, 0, 2, l2));
	OK(fake_pin(m, 1, 2, l2_of_1));
	REFUSED(fake_update(m, 0, l2, 0, fake_pte(theirs, UP)), XEN_EINVAL);
	REFUSED(fake_update_fd(m, 0, l2, 0, fake_pte(theirs, UP), 1), XEN_EINVAL);
	REFUSED(fake_update_fd(m, 0, l2, 0, fake_pte(theirs, UP), DOMID_IO), XEN_EINVAL);
	REFUSED(fake_update(m, 1, l2_of_1, 0, fake_pte(other, UP)), XEN_EINVAL);
	/* naming a page owner at all is refused above L1, even one's own frame */
	REFUSED(fake_update_fd(m, 0, l2, 0, fake_pte(own0, UP), 1), XEN_EINVAL);
	REFUSED(fake_update_fd(m, 1, l2_of_1, 0, fake_pte(own1, UP), DOMID_IO), XEN_EINVAL);
	/* A privileged domain editing dom1's table keeps it within dom1. */
	OK(fake_update_fd(m, 0, l2_of_1, 0, fake_pte(theirs, UP), 2 << 16 | 1));
	UNIT_CHECK_EQ(u, FRAME(theirs)->type, MMU_TYPE_L1);
}

TEST(linear_pt_self_map_read_only)
{
	uint64_t l4 = fake_alloc(m, 1);

	OK(fake_pin(m, 1, 4, l4));
	REFUSED(fake_update(m, 1, l4, 5, fake_pte(l4, UP)), XEN_EINVAL);
	OK(fake_update(m, 1, l4, 5, fake_pte(l4, RO)));
	UNIT_CHECK_EQ(u, FRAME(l4)->count, 2);
	UNIT_CHECK_EQ(u, FRAME(l4)->type_count, 1);
	UNIT_CHECK_EQ(u, FRAME(l4)->linear, 0);
	/* a self-map cannot keep its own table alive */
	OK(fake_ext(m, 1, MMUEXT_UNPIN_TABLE, l4, 0, DOMID_SELF));
	UNIT_CHECK_EQ(u, FRAME(l4)->type, MMU_TYPE_NONE);
}

TEST(linear_pt_same_level_takes_type_ref)
{
	uint64_t a = fake_alloc(m, 1), b = fake_alloc(m, 1);

	OK(fake_pin(m, 1, 4, a));
	OK(fake_pin(m, 1, 4, b));
	REFUSED(fake_update(m, 1, a, 1, fake_pte(b, UP)), XEN_EINVAL);
	OK(fake_update(m, 1, a, 1, fake_pte(b, RO)));
	UNIT_CHECK_EQ(u, FRAME(b)->type_count, 2);
	UNIT_CHECK_EQ(u, FRAME(b)->count, 3);
	UNIT_CHECK_EQ(u, FRAME(a)->linear, 1);
	UNIT_CHECK_EQ(u, FRAME(b)->linear, -1);
	/* the linear entry keeps b validated after its pin goes */
	OK(fake_ext(m, 1, MMUEXT_UNPIN_TABLE, b, 0, DOMID_SELF));
	UNIT_CHECK_EQ(u, FRAME(b)->type, MMU_TYPE_L4);
	OK(fake_update(m, 1, a, 1, 0));
	UNIT_CHECK_EQ(u, FRAME(b)->type, MMU_TYPE_NONE);
	UNIT_CHECK_EQ(u, FRAME(a)->linear, 0);
}

TEST(linear_pt_one_level_only_xsa240)
{
	uint64_t a = fake_alloc(m, 1), b = fake_alloc(m, 1), c = fake_alloc(m, 1);

	OK(fake_pin(m, 1, 2, a));
	OK(fake_pin(m, 1, 2, b));
	OK(fake_pin(m, 1, 2, c));
	OK(fake_update(m, 1, a, 0, fake_pte(b, RO)));
	REFUSED(fake_update(m, 1, b, 0, fake_pte(c, RO)), XEN_EINVAL);  /* b is a target */
	REFUSED(fake_update(m, 1, c, 0, fake_pte(a, RO)), XEN_EINVAL);  /* a holds one */
	OK(fake_update(m, 1, c, 0, fake_pte(b, RO)));                   /* two holders: fine */
	UNIT_CHECK_EQ(u, FRAME(b)->linear, -2);
	OK(fake_update(m, 1, a, 0, 0));
	OK(fake_update(m, 1, c, 0, 0));
	OK(fake_update(m, 1, b, 0, fake_pte(c, RO)));
}

TEST(linear_pt_never_across_domains)
{
	uint64_t mine = fake_alloc(m, 0), theirs = fake_alloc(m, 1);

	OK(fake_pin(m, 0, 3, mine));
	OK(fake_pin(m, 1, 3, theirs));
	REFUSED(fake_update(m, 0, mine, 0, fake_pte(theirs, RO)), XEN_EINVAL);
	REFUSED(fake_update_fd(m, 0, mine, 0, fake_pte(theirs, RO), 1), XEN_EINVAL);
}

TEST(linear_pt_counters_saturate)
{
	uint64_t a = fake_alloc(m, 1), b = fake_alloc(m, 1);

	OK(fake_pin(m, 1, 3, a));
	OK(fake_pin(m, 1, 3, b));
	FRAME(a)->linear = INT32_MAX;
	REFUSED(fake_update(m, 1, a, 0, fake_pte(b, RO)), XEN_EINVAL);
	FRAME(a)->linear = 0;
	FRAME(b)->linear = INT32_MIN;
	REFUSED(fake_update(m, 1, a, 0, fake_pte(b, RO)), XEN_EINVAL);
	FRAME(b)->linear = 0;
	FRAME(b)->type_count = UINT32_MAX;
	REFUSED(fake_update(m, 1, a, 0, fake_pte(b, RO)), XEN_EINVAL);
	FRAME(b)->type_count = 1;
}

TEST(rw_on_linear_entry_never_fast_path_xsa182)
{
	uint64_t a = fake_alloc(m, 1), b = fake_alloc(m, 1);

	OK(fake_pin(m, 1, 4, a));
	OK(fake_pin(m, 1, 4, b));
	OK(fake_update(m, 1, a, 5, fake_pte(a, RO)));
	REFUSED(fake_update(m, 1, a, 5, fake_pte(a, UP)), XEN_EINVAL);
	OK(fake_update(m, 1, a, 6, fake_pte(b, RO)));
	REFUSED(fake_update(m, 1, a, 6, fake_pte(b, UP)), XEN_EINVAL);
	/* flags on the whitelist may still change without a new check */
	OK(fake_update(m, 1, a, 6, fake_pte(b, RO | MMU_PTE_D | MMU_PTE_NX)));
	UNIT_CHECK_EQ(u, FRAME(b)->type_count, 2);
}

TEST(upper_change_flushes_domain_xsa286)
{
	uint64_t l4, l3, l2, l1, data;
	unsigned int before;

	fake_hierarchy(m, 1, &l4, &l3, &l2, &l1, &data);
	OK(fake_pin(m, 1, 4, l4));
	before = m->flushes_by_kind[MMU_FLUSH_DOMAIN];
	OK(fake_update(m, 1, l1, 1, fake_pte(data, RO)));
	UNIT_CHECK_EQ(u, m->flushes_by_kind[MMU_FLUSH_DOMAIN], before);
	OK(fake_update(m, 1, l2, 0, m->mem[l2][0]));
	UNIT_CHECK_EQ(u, m->flushes_by_kind[MMU_FLUSH_DOMAIN], before);
	OK(fake_update(m, 1, l2, 0, 0));
	UNIT_CHECK_EQ(u, m->flushes_by_kind[MMU_FLUSH_DOMAIN], before + 1);
	UNIT_CHECK(u, m->last_flush.d == fake_dom(m, 1));
	OK(fake_update(m, 1, l4, 0, fake_pte(l3, RO)));
	UNIT_CHECK_EQ(u, m->flushes_by_kind[MMU_FLUSH_DOMAIN], before + 2);
}

TEST(devalidation_releases_lower_tables)
{
	uint64_t l4, l3, l2, l1, data;

	fake_hierarchy(m, 1, &l4, &l3, &l2, &l1, &data);
	OK(fake_pin(m, 1, 4, l4));
	UNIT_CHECK_EQ(u, FRAME(l1)->type, MMU_TYPE_L1);
	UNIT_CHECK_EQ(u, FRAME(data)->type, MMU_TYPE_WRITABLE);
	OK(fake_ext(m, 1, MMUEXT_UNPIN_TABLE, l4, 0, DOMID_SELF));
	for (uint64_t f = 2; f < 7; f++) {
		UNIT_CHECK_EQ(u, FRAME(f)->count, 1);
		UNIT_CHECK_EQ(u, FRAME(f)->type_count, 0);
	}
	UNIT_CHECK_EQ(u, FRAME(l3)->type, MMU_TYPE_NONE);
}

TEST(unpin_table_in_use_keeps_it_typed)
{
	uint64_t l4;

	fake_hierarchy(m, 1, &l4, NULL, NULL, NULL, NULL);
	OK(fake_pin(m, 1, 4, l4));
	OK(fake_ext(m, 1, MMUEXT_NEW_BASEPTR, l4, 0, DOMID_SELF));
	OK(fake_ext(m, 1, MMUEXT_UNPIN_TABLE, l4, 0, DOMID_SELF));
	UNIT_CHECK_EQ(u, FRAME(l4)->type, MMU_TYPE_L4);
	UNIT_CHECK_EQ(u, FRAME(l4)->type_count, 1);
	UNIT_CHECK(u, FRAME(l4)->flags & MMU_FRAME_VALIDATED);
}

static const struct unit_case cases[] = {
	{ "mmu/hypervisor-l4-slots-immutable", hypervisor_l4_slots_immutable },
	{ "mmu/l4-validation-installs-hypervisor-slots", l4_validation_installs_hypervisor_slots },
	{ "mmu/m2p-slot-follows-m2p-strict", m2p_slot_follows_m2p_strict },
	{ "mmu/pse-superpage-refused-xsa148", pse_superpage_refused_xsa148 },
	{ "mmu/upper-level-reserved-bits-refused", upper_level_reserved_bits_refused },
	{ "mmu/upper-entries-get-user-bit", upper_entries_get_user_bit },
	{ "mmu/type-confusion-refused", type_confusion_refused },
	{ "mmu/l2-entry-validates-lower-table", l2_entry_validates_lower_table },
	{ "mmu/l2-entry-refuses-invalid-lower-table", l2_entry_refuses_invalid_lower_table },
	{ "mmu/upper-entry-stays-in-domain", upper_entry_stays_in_domain },
	{ "mmu/linear-pt-self-map-read-only", linear_pt_self_map_read_only },
	{ "mmu/linear-pt-same-level-takes-type-ref", linear_pt_same_level_takes_type_ref },
	{ "mmu/linear-pt-one-level-only-xsa240", linear_pt_one_level_only_xsa240 },
	{ "mmu/linear-pt-never-across-domains", linear_pt_never_across_domains },
	{ "mmu/linear-pt-counters-saturate", linear_pt_counters_saturate },
	{ "mmu/rw-on-linear-entry-never-fast-path-xsa182", rw_on_linear_entry_never_fast_path_xsa182 },
	{ "mmu/upper-change-flushes-domain-xsa286", upper_change_flushes_domain_xsa286 },
	{ "mmu/devalidation-releases-lower-tables", devalidation_releases_lower_tables },
	{ "mmu/unpin-table-in-use-keeps-it-typed", unpin_table_in_use_keeps_it_typed },
};
const struct mmu_suite mmu_suite_upper = { cases, ARRAY_LEN(cases) };
