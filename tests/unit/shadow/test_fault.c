/*
 * The page fault and the guest walk: hidden faults build the shadow, real
 * faults go back with the hardware's error code, and every right of the
 * guest entry (and nothing more) reaches the shadow.
 */
#include "shadow_test.h"

TEST(shadow_hidden_fault_builds_the_mapping)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_PAGE);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA1).present);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1 + 0x123, 0, &out), SHADOW_FIXED);
	UNIT_CHECK(u, sf_hw_walk(m, 0, VA1).present);
	UNIT_CHECK_EQ(u, sf_hw_walk(m, 0, VA1).mfn, m->p2m_mfn[40]);
	UNIT_CHECK_EQ(u, m->d.stats.hidden_faults, 1);
}

TEST(shadow_spurious_fault_flushes_the_address)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_PAGE);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, 0, &out), SHADOW_FIXED);
	UNIT_CHECK_EQ(u, out.flush, SHADOW_FLUSH_NONE);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, PF_P, &out), SHADOW_FIXED);
	UNIT_CHECK_EQ(u, out.flush, SHADOW_FLUSH_VA);
}

TEST(shadow_not_present_is_a_guest_fault)
{
	struct shadow_fault_out out;

	UNIT_CHECK_EQ(u, sf_fault(m, VA1, PF_W | PF_U, &out), SHADOW_GUEST_FAULT);
	UNIT_CHECK_EQ(u, out.pfec, PF_W | PF_U);
	UNIT_CHECK_EQ(u, m->d.stats.guest_faults, 1);
}

TEST(shadow_leaf_not_present_is_a_guest_fault)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_PAGE & ~G_P);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, 0, &out), SHADOW_GUEST_FAULT);
	UNIT_CHECK_EQ(u, out.pfec, 0);
}

TEST(shadow_write_to_read_only_page_is_a_guest_fault)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_PAGE & ~G_RW);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, PF_W, &out), SHADOW_GUEST_FAULT);
	UNIT_CHECK_EQ(u, out.pfec, PF_W | PF_P);
}

TEST(shadow_user_access_to_supervisor_page_is_a_guest_fault)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_PAGE & ~G_US);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, PF_U, &out), SHADOW_GUEST_FAULT);
	UNIT_CHECK_EQ(u, out.pfec, PF_U | PF_P);
}

TEST(shadow_fetch_from_nx_page_is_a_guest_fault)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_PAGE | G_NX);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, PF_F, &out), SHADOW_GUEST_FAULT);
	UNIT_CHECK_EQ(u, out.pfec, PF_F | PF_P);
}

TEST(shadow_fetch_bit_only_reported_with_nxe)
{
	struct shadow_cr3_out c;
	struct shadow_fault_out out;

	UNIT_CHECK_EQ(u, shadow_set_cr3(&m->v[0], SF_CR0, 0, SF_CR4,
	                                SF_EFER & ~SHADOW_EFER_NXE, &c), 0);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, PF_F, &out), SHADOW_GUEST_FAULT);
	UNIT_CHECK_EQ(u, out.pfec, 0);
}

TEST(shadow_nx_propagates)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_PAGE | G_NX);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, 0, &out), SHADOW_FIXED);
	UNIT_CHECK(u, sf_hw_walk(m, 0, VA1).nx);
}

TEST(shadow_upper_level_nx_propagates)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_PAGE);
	*sf_gentry(m, 0, VA1, 3) |= G_NX;
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, 0, &out), SHADOW_FIXED);
	UNIT_CHECK(u, sf_hw_walk(m, 0, VA1).nx);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, PF_F, &out), SHADOW_GUEST_FAULT);
}

TEST(shadow_supervisor_page_is_not_user_accessible)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_PAGE & ~G_US);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, 0, &out), SHADOW_FIXED);
	UNIT_CHECK(u, sf_hw_walk(m, 0, VA1).present);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA1).us);
}

TEST(shadow_upper_level_read_only_restricts)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_PAGE);
	*sf_gentry(m, 0, VA1, 2) &= ~G_RW;
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, 0, &out), SHADOW_FIXED);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA1).rw);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, PF_W | PF_U, &out), SHADOW_GUEST_FAULT);
}

TEST(shadow_reserved_address_bit_is_an_rsvd_fault)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_PAGE);
	*sf_gentry(m, 0, VA1, 1) |= 1ull << 45;
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, 0, &out), SHADOW_GUEST_FAULT);
	UNIT_CHECK_EQ(u, out.pfec, PF_P | PF_R);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA1).present);
}

TEST(shadow_nx_without_nxe_is_reserved)
{
	struct shadow_cr3_out c;
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_PAGE | G_NX);
	UNIT_CHECK_EQ(u, shadow_set_cr3(&m->v[0], SF_CR0, 0, SF_CR4,
	                                SF_EFER & ~SHADOW_EFER_NXE, &c), 0);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, PF_W, &out), SHADOW_GUEST_FAULT);
	UNIT_CHECK_EQ(u, out.pfec, PF_P | PF_R | PF_W);
}

TEST(shadow_1gib_page_is_reserved)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_PAGE);
	*sf_gentry(m, 0, VA1, 3) |= G_PS;
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, 0, &out), SHADOW_GUEST_FAULT);
	UNIT_CHECK_EQ(u, out.pfec, PF_P | PF_R);
}

TEST(shadow_misaligned_superpage_is_reserved)
{
	struct shadow_fault_out out;

	*sf_gentry(m, 0, 0, 4) = sf_pte(16, G_TABLE);
	sf_gmem(m, 16)[0] = sf_pte(17, G_TABLE);
	sf_gmem(m, 17)[1] = sf_pte(2, G_PAGE | G_PS);
	UNIT_CHECK_EQ(u, sf_fault(m, 0x200000, 0, &out), SHADOW_GUEST_FAULT);
	UNIT_CHECK_EQ(u, out.pfec, PF_P | PF_R);
}

TEST(shadow_unmapped_gfn_is_not_mapped)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, SF_GFNS - 1, G_PAGE);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1 + 8, PF_W, &out), SHADOW_MMIO);
	UNIT_CHECK_EQ(u, out.gpa, ((uint64_t)(SF_GFNS - 1) << 12) + 8);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA1).present);
	UNIT_CHECK_EQ(u, m->d.stats.mmio_faults, 1);
}

TEST(shadow_gfn_beyond_the_p2m_is_not_mapped)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 5000, G_PAGE);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, 0, &out), SHADOW_MMIO);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA1).present);
}

TEST(shadow_table_outside_ram_crashes_the_guest)
{
	struct shadow_fault_out out;

	*sf_gentry(m, 0, VA1, 4) = sf_pte(SF_GFNS - 1, G_TABLE);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, 0, &out), SHADOW_CRASH);
}

TEST(shadow_fault_without_a_root_crashes)
{
	struct shadow_fault_out out;

	shadow_page_fault(&m->v[1], VA1, 0, &out);
	UNIT_CHECK_EQ(u, out.result, SHADOW_CRASH);
}

TEST(shadow_accessed_bit_set_on_walk)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_P | G_RW);
	*sf_gentry(m, 0, VA1, 2) &= ~G_A;
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, 0, &out), SHADOW_FIXED);
	for (unsigned int l = 1; l <= 4; l++)
		UNIT_CHECK(u, *sf_gentry(m, 0, VA1, l) & G_A);
	UNIT_CHECK(u, !(*sf_gentry(m, 0, VA1, 1) & G_D));
}

TEST(shadow_failed_walk_sets_no_accessed_bit)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_P);
	*sf_gentry(m, 0, VA1, 2) &= ~G_A;
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, PF_W | PF_U, &out), SHADOW_GUEST_FAULT);
	UNIT_CHECK(u, !(*sf_gentry(m, 0, VA1, 2) & G_A));
	UNIT_CHECK(u, !(*sf_gentry(m, 0, VA1, 1) & G_A));
}

TEST(shadow_clean_page_is_mapped_read_only)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_P | G_RW | G_US | G_A);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, 0, &out), SHADOW_FIXED);
	UNIT_CHECK(u, sf_hw_walk(m, 0, VA1).present);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA1).rw);
}

TEST(shadow_dirty_bit_set_on_first_write)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_P | G_RW | G_US | G_A);
	sf_fault(m, VA1, 0, &out);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, PF_W | PF_P, &out), SHADOW_FIXED);
	UNIT_CHECK(u, *sf_gentry(m, 0, VA1, 1) & G_D);
	UNIT_CHECK(u, sf_hw_walk(m, 0, VA1).rw);
	UNIT_CHECK_EQ(u, out.flush, SHADOW_FLUSH_NONE);      /* rights only grew */
}

TEST(shadow_dirty_bit_only_in_the_leaf)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_P | G_RW | G_US);
	sf_fault(m, VA1, PF_W, &out);
	for (unsigned int l = 2; l <= 4; l++)
		UNIT_CHECK(u, !(*sf_gentry(m, 0, VA1, l) & G_D));
}

TEST(shadow_superpage_is_splintered)
{
	struct shadow_fault_out out;
	int fl1;

	*sf_gentry(m, 0, 0, 4) = sf_pte(16, G_TABLE);
	sf_gmem(m, 16)[0] = sf_pte(17, G_TABLE);
	sf_gmem(m, 17)[1] = sf_pte(0, G_PAGE | G_PS);
	UNIT_CHECK_EQ(u, sf_fault(m, 0x22A000, 0, &out), SHADOW_FIXED);
	UNIT_CHECK_EQ(u, sf_hw_walk(m, 0, 0x22A000).mfn, m->p2m_mfn[0x2A]);
	fl1 = sh_lookup(&m->d, SH_FL1, 0);
	UNIT_CHECK(u, fl1 >= 0);
	UNIT_CHECK_EQ(u, m->d.stats.pages_in_use, 4);
}

TEST(shadow_clean_superpage_gets_dirty_on_first_write)
{
	struct shadow_fault_out out;

	*sf_gentry(m, 0, 0, 4) = sf_pte(16, G_TABLE);
	sf_gmem(m, 16)[0] = sf_pte(17, G_TABLE);
	sf_gmem(m, 17)[1] = sf_pte(0, G_P | G_RW | G_US | G_PS);
	UNIT_CHECK_EQ(u, sf_fault(m, 0x230000, 0, &out), SHADOW_FIXED);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, 0x230000).rw);
	UNIT_CHECK(u, sf_gmem(m, 17)[1] & G_A);
	UNIT_CHECK_EQ(u, sf_fault(m, 0x230000, PF_W | PF_P, &out), SHADOW_FIXED);
	UNIT_CHECK(u, sf_gmem(m, 17)[1] & G_D);
	UNIT_CHECK(u, sf_hw_walk(m, 0, 0x230000).rw);
}

TEST(shadow_guest_pt_page_is_never_writable)
{
	struct shadow_fault_out out;
	uint64_t l1 = sf_map(m, 0, VA1, 40, G_PAGE);

	sf_map(m, 0, VA2, l1, G_PAGE);          /* the guest maps its L1 writable */
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, 0, &out), SHADOW_FIXED);
	UNIT_CHECK_EQ(u, sf_fault(m, VA2, PF_W, &out), SHADOW_EMULATE);
	UNIT_CHECK_EQ(u, out.gpa, l1 << 12);
	UNIT_CHECK(u, sf_hw_walk(m, 0, VA2).present);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA2).rw);
	UNIT_CHECK_EQ(u, m->d.stats.emulate_exits, 1);
}

TEST(shadow_promotion_write_protects_existing_mappings)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA2, 30, G_PAGE);          /* gfn 30 mapped writable */
	sf_fault(m, VA2, PF_W, &out);
	UNIT_CHECK(u, sf_hw_walk(m, 0, VA2).rw);
	sf_map(m, 0, VA1, 40, G_PAGE);
	*sf_gentry(m, 0, VA1, 2) = sf_pte(30, G_TABLE);    /* gfn 30 becomes an L1 */
	sf_gmem(m, 30)[sh_va_index(VA1, 1)] = sf_pte(40, G_PAGE);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, 0, &out), SHADOW_FIXED);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA2).rw);
	UNIT_CHECK_EQ(u, out.flush, SHADOW_FLUSH_DOMAIN);
	UNIT_CHECK_EQ(u, m->d.stats.write_protects, 1);
}

TEST(shadow_self_mapped_l4_is_never_writable)
{
	struct shadow_fault_out out;

	/* L4[1] points at the L4 itself: va 1<<39 | 1<<30 | 1<<21 | 1<<12 reads
	   the L4 frame through four levels of itself */
	*sf_gentry(m, 0, 0, 4) = sf_pte(0, G_TABLE);
	sf_gmem(m, 0)[1] = sf_pte(0, G_PAGE);
	UNIT_CHECK_EQ(u, sf_fault(m, 0x8040201000ull, PF_W, &out), SHADOW_EMULATE);
	UNIT_CHECK(u, sf_hw_walk(m, 0, 0x8040201000ull).present);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, 0x8040201000ull).rw);
	UNIT_CHECK_EQ(u, sf_hw_walk(m, 0, 0x8040201000ull).mfn, m->p2m_mfn[0]);
}

TEST(shadow_read_only_p2m_page_is_never_writable)
{
	struct shadow_fault_out out;
	enum shadow_flush f;

	sf_map(m, 0, VA1, 40, G_PAGE);
	m->p2m_type[40] = SHADOW_P2M_RAM_RO;
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, PF_W, &out), SHADOW_EMULATE);
	UNIT_CHECK(u, sf_hw_walk(m, 0, VA1).present);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA1).rw);
	UNIT_CHECK_EQ(u, shadow_emulate_write(&m->v[0], out.gpa, 1, 8, &f), -XEN_EPERM);
}

TEST(shadow_supervisor_write_with_wp_clear_is_emulated)
{
	struct shadow_cr3_out c;
	struct shadow_fault_out out;
	enum shadow_flush f;

	sf_map(m, 0, VA1, 40, G_PAGE & ~G_RW);
	UNIT_CHECK_EQ(u, shadow_set_cr3(&m->v[0], SF_CR0 & ~SHADOW_CR0_WP, 0, SF_CR4, SF_EFER, &c), 0);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, PF_W, &out), SHADOW_EMULATE);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA1).rw);
	UNIT_CHECK_EQ(u, shadow_emulate_write(&m->v[0], out.gpa, 0x55, 1, &f), 0);
	UNIT_CHECK_EQ(u, sf_gmem(m, 40)[0], 0x55);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, PF_W | PF_U, &out), SHADOW_GUEST_FAULT);
}

TEST(shadow_gva_to_gpa_translates_and_sets_accessed)
{
	uint64_t gpa;
	uint32_t pfec;

	sf_map(m, 0, VA1, 40, G_P | G_RW | G_US);
	UNIT_CHECK(u, shadow_gva_to_gpa(&m->v[0], VA1 + 0x10, PF_W, &gpa, &pfec));
	UNIT_CHECK_EQ(u, gpa, (40ull << 12) + 0x10);
	UNIT_CHECK(u, *sf_gentry(m, 0, VA1, 1) & G_A);
	UNIT_CHECK(u, *sf_gentry(m, 0, VA1, 1) & G_D);
}

TEST(shadow_gva_to_gpa_reports_the_fault)
{
	uint64_t gpa = 7;
	uint32_t pfec = 0;

	sf_map(m, 0, VA1, 40, G_PAGE & ~G_US);
	UNIT_CHECK(u, !shadow_gva_to_gpa(&m->v[0], VA1, PF_U, &gpa, &pfec));
	UNIT_CHECK_EQ(u, pfec, PF_U | PF_P);
	UNIT_CHECK(u, !shadow_gva_to_gpa(&m->v[1], VA1, 0, &gpa, &pfec));
	UNIT_CHECK_EQ(u, pfec, PF_P | PF_R);
	*sf_gentry(m, 0, VA1, 4) = sf_pte(SF_GFNS - 1, G_TABLE);
	UNIT_CHECK(u, !shadow_gva_to_gpa(&m->v[0], VA1, 0, &gpa, &pfec));
	UNIT_CHECK_EQ(u, pfec, PF_P | PF_R);
	UNIT_CHECK_EQ(u, gpa, 7);
}

TEST(shadow_counters_split_hidden_and_real_faults)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_PAGE);
	sf_fault(m, VA1, 0, &out);
	sf_fault(m, VA2, 0, &out);
	sf_fault(m, VA2, PF_U, &out);
	UNIT_CHECK_EQ(u, m->d.stats.hidden_faults, 1);
	UNIT_CHECK_EQ(u, m->d.stats.guest_faults, 2);
}

static const struct unit_case cases[] = {
	CASE(shadow_hidden_fault_builds_the_mapping),
	CASE(shadow_spurious_fault_flushes_the_address),
	CASE(shadow_not_present_is_a_guest_fault),
	CASE(shadow_leaf_not_present_is_a_guest_fault),
	CASE(shadow_write_to_read_only_page_is_a_guest_fault),
	CASE(shadow_user_access_to_supervisor_page_is_a_guest_fault),
	CASE(shadow_fetch_from_nx_page_is_a_guest_fault),
	CASE(shadow_fetch_bit_only_reported_with_nxe),
	CASE(shadow_nx_propagates),
	CASE(shadow_upper_level_nx_propagates),
	CASE(shadow_supervisor_page_is_not_user_accessible),
	CASE(shadow_upper_level_read_only_restricts),
	CASE(shadow_reserved_address_bit_is_an_rsvd_fault),
	CASE(shadow_nx_without_nxe_is_reserved),
	CASE(shadow_1gib_page_is_reserved),
	CASE(shadow_misaligned_superpage_is_reserved),
	CASE(shadow_unmapped_gfn_is_not_mapped),
	CASE(shadow_gfn_beyond_the_p2m_is_not_mapped),
	CASE(shadow_table_outside_ram_crashes_the_guest),
	CASE(shadow_fault_without_a_root_crashes),
	CASE(shadow_accessed_bit_set_on_walk),
	CASE(shadow_failed_walk_sets_no_accessed_bit),
	CASE(shadow_clean_page_is_mapped_read_only),
	CASE(shadow_dirty_bit_set_on_first_write),
	CASE(shadow_dirty_bit_only_in_the_leaf),
	CASE(shadow_superpage_is_splintered),
	CASE(shadow_clean_superpage_gets_dirty_on_first_write),
	CASE(shadow_guest_pt_page_is_never_writable),
	CASE(shadow_promotion_write_protects_existing_mappings),
	CASE(shadow_self_mapped_l4_is_never_writable),
	CASE(shadow_read_only_p2m_page_is_never_writable),
	CASE(shadow_supervisor_write_with_wp_clear_is_emulated),
	CASE(shadow_gva_to_gpa_translates_and_sets_accessed),
	CASE(shadow_gva_to_gpa_reports_the_fault),
	CASE(shadow_counters_split_hidden_and_real_faults),
};
const struct shadow_suite shadow_suite_fault = { cases, ARRAY_LEN(cases) };
