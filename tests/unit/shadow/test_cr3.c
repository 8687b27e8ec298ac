/*
 * CR3 loads and paging modes, the root cache, and INVLPG.
 */
#include "shadow_test.h"

static int set(struct sf_machine *m, uint64_t cr0, uint64_t cr3, uint64_t cr4, uint64_t efer,
               struct shadow_cr3_out *out)
{
	return shadow_set_cr3(&m->v[0], cr0, cr3, cr4, efer, out);
}

TEST(shadow_cr3_refuses_32bit_paging)
{
	struct shadow_cr3_out out;

	UNIT_CHECK_EQ(u, set(m, SF_CR0, 0x1000, 0, 0, &out), -XEN_EOPNOTSUPP);
}

TEST(shadow_cr3_refuses_pae_paging_without_long_mode)
{
	struct shadow_cr3_out out;

	UNIT_CHECK_EQ(u, set(m, SF_CR0, 0x1000, SF_CR4, 0, &out), -XEN_EOPNOTSUPP);
}

TEST(shadow_cr3_outside_ram_is_refused)
{
	struct shadow_cr3_out out;

	UNIT_CHECK_EQ(u, set(m, SF_CR0, (uint64_t)(SF_GFNS - 1) << 12, SF_CR4, SF_EFER, &out),
	              -XEN_EINVAL);
	UNIT_CHECK_EQ(u, m->d.stats.pages_in_use, 1);
}

TEST(shadow_cr3_reserved_bits_are_refused)
{
	struct shadow_cr3_out out;

	UNIT_CHECK_EQ(u, set(m, SF_CR0, (1ull << 40) | 0x1000, SF_CR4, SF_EFER, &out), -XEN_EINVAL);
	UNIT_CHECK_EQ(u, set(m, SF_CR0, (1ull << 63) | 0x1000, SF_CR4, SF_EFER, &out), -XEN_EINVAL);
	UNIT_CHECK_EQ(u, set(m, SF_CR0, 0x1018, SF_CR4, SF_EFER, &out), 0);    /* PWT, PCD */
}

TEST(shadow_cr3_root_is_the_guest_top_table_shadow)
{
	struct shadow_cr3_out out;

	UNIT_CHECK_EQ(u, set(m, SF_CR0, 0x3000, SF_CR4, SF_EFER, &out), 0);
	UNIT_CHECK_EQ(u, out.mode, SHADOW_MODE_LONG);
	UNIT_CHECK_EQ(u, m->pages[m->v[0].root - 1].type, SH_L4);
	UNIT_CHECK_EQ(u, m->pages[m->v[0].root - 1].key, m->p2m_mfn[3]);
	UNIT_CHECK_EQ(u, out.root_maddr, m->pages[m->v[0].root - 1].mfn << 12);
}

TEST(shadow_cr3_switch_reuses_cached_root)
{
	struct shadow_cr3_out a, b;
	unsigned int pages;

	UNIT_CHECK_EQ(u, set(m, SF_CR0, 0, SF_CR4, SF_EFER, &a), 0);
	UNIT_CHECK_EQ(u, set(m, SF_CR0, 0x1000, SF_CR4, SF_EFER, &b), 0);
	pages = m->d.stats.pages_in_use;
	UNIT_CHECK_EQ(u, set(m, SF_CR0, 0, SF_CR4, SF_EFER, &b), 0);
	UNIT_CHECK_EQ(u, b.root_maddr, a.root_maddr);
	UNIT_CHECK_EQ(u, m->d.stats.pages_in_use, pages);
	UNIT_CHECK_EQ(u, m->d.stats.root_cache_hits, 2);   /* the fixture's load, then this */
}

TEST(shadow_cr3_switch_keeps_the_tree)
{
	struct shadow_cr3_out out;
	struct shadow_fault_out f;
	uint64_t hidden;

	sf_map(m, 0, VA1, 40, G_PAGE);
	sf_fault(m, VA1, 0, &f);
	UNIT_CHECK_EQ(u, set(m, SF_CR0, 0x1000, SF_CR4, SF_EFER, &out), 0);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA1).present);
	hidden = m->d.stats.hidden_faults;
	UNIT_CHECK_EQ(u, set(m, SF_CR0, 0, SF_CR4, SF_EFER, &out), 0);
	UNIT_CHECK(u, sf_hw_walk(m, 0, VA1).present);
	UNIT_CHECK_EQ(u, m->d.stats.hidden_faults, hidden);
}

TEST(shadow_cr3_load_asks_for_a_vcpu_flush)
{
	struct shadow_cr3_out out;

	UNIT_CHECK_EQ(u, set(m, SF_CR0, 0, SF_CR4, SF_EFER, &out), 0);
	UNIT_CHECK(u, out.flush >= SHADOW_FLUSH_VCPU);
	UNIT_CHECK(u, m->d.stats.flushes[SHADOW_FLUSH_VCPU] >= 2);
}

TEST(shadow_root_cache_is_bounded)
{
	struct shadow_cr3_out out;

	for (uint64_t l4 = 1; l4 <= SHADOW_ROOT_CACHE + 3; l4++)
		UNIT_CHECK_EQ(u, set(m, SF_CR0, l4 << 12, SF_CR4, SF_EFER, &out), 0);
	UNIT_CHECK_EQ(u, m->d.stats.pages_in_use, SHADOW_ROOT_CACHE);
	UNIT_CHECK(u, sh_lookup(&m->d, SH_L4, m->p2m_mfn[1]) < 0);
	UNIT_CHECK(u, sh_lookup(&m->d, SH_L4, m->p2m_mfn[SHADOW_ROOT_CACHE + 3]) >= 0);
}

TEST(shadow_root_in_use_survives_cache_eviction)
{
	struct shadow_cr3_out out;
	unsigned int root1;

	UNIT_CHECK_EQ(u, sf_cr3(m, 1, 5), 0);
	root1 = m->v[1].root;
	for (uint64_t l4 = 6; l4 < 6 + SHADOW_ROOT_CACHE; l4++)
		UNIT_CHECK_EQ(u, set(m, SF_CR0, l4 << 12, SF_CR4, SF_EFER, &out), 0);
	UNIT_CHECK_EQ(u, m->pages[root1 - 1].type, SH_L4);
	UNIT_CHECK_EQ(u, m->pages[root1 - 1].key, m->p2m_mfn[5]);
}

TEST(shadow_guest_top_table_is_write_protected)
{
	struct shadow_fault_out out;

	/* the guest maps its own L4 (gfn 0) writable and dirty */
	sf_map(m, 0, VA1, 0, G_PAGE);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, 0, &out), SHADOW_FIXED);
	UNIT_CHECK(u, sf_hw_walk(m, 0, VA1).present);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA1).rw);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, PF_W | PF_P, &out), SHADOW_EMULATE);
	UNIT_CHECK_EQ(u, out.gpa, 0x0 | (VA1 & 0xFFF));
}

TEST(shadow_paging_off_maps_guest_physical_one_to_one)
{
	struct shadow_cr3_out c;
	struct shadow_fault_out out;

	UNIT_CHECK_EQ(u, set(m, 1, 0, 0, SHADOW_EFER_NXE, &c), 0);
	UNIT_CHECK_EQ(u, c.mode, SHADOW_MODE_UNPAGED);
	UNIT_CHECK_EQ(u, sf_fault(m, 0x5123, PF_W, &out), SHADOW_FIXED);
	UNIT_CHECK(u, sf_hw_walk(m, 0, 0x5000).present);
	UNIT_CHECK(u, sf_hw_walk(m, 0, 0x5000).rw);
	UNIT_CHECK_EQ(u, sf_hw_walk(m, 0, 0x5000).mfn, m->p2m_mfn[5]);
	UNIT_CHECK_EQ(u, sf_fault(m, (uint64_t)(SF_GFNS - 1) << 12, 0, &out), SHADOW_MMIO);
}

TEST(shadow_paging_off_root_is_pae_with_four_children)
{
	struct shadow_cr3_out c;
	const uint64_t *root;

	UNIT_CHECK_EQ(u, set(m, 1, 0, 0, SHADOW_EFER_NXE, &c), 0);
	root = m->mem[c.root_maddr >> 12];
	for (unsigned int i = 0; i < 4; i++)
		UNIT_CHECK_EQ(u, root[i] & ~SH_ADDR, SH_P);
	for (unsigned int i = 4; i < 512; i++)
		UNIT_CHECK_EQ(u, root[i], 0);
}

TEST(shadow_paging_off_root_is_shared_and_reused)
{
	struct shadow_cr3_out a, b;

	UNIT_CHECK_EQ(u, set(m, 1, 0, 0, SHADOW_EFER_NXE, &a), 0);
	UNIT_CHECK_EQ(u, shadow_set_cr3(&m->v[1], 1, 0, 0, SHADOW_EFER_NXE, &b), 0);
	UNIT_CHECK_EQ(u, a.root_maddr, b.root_maddr);
	UNIT_CHECK_EQ(u, m->d.stats.pages_in_use, 1 + 5);        /* the fixture's L4, then 5 */
}

TEST(shadow_paging_off_keeps_page_tables_read_only)
{
	struct shadow_cr3_out c;
	struct shadow_fault_out out;

	/* gfn 0 is a guest L4 with a shadow: writes to it through the 1:1 map trap */
	UNIT_CHECK_EQ(u, set(m, 1, 0, 0, SHADOW_EFER_NXE, &c), 0);
	UNIT_CHECK_EQ(u, sf_fault(m, 0x0, PF_W, &out), SHADOW_EMULATE);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, 0).rw);
}

TEST(shadow_nxe_change_rebuilds_shadows)
{
	struct shadow_cr3_out c;
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_PAGE | G_NX);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, 0, &out), SHADOW_FIXED);
	UNIT_CHECK_EQ(u, set(m, SF_CR0, 0, SF_CR4, SF_EFER & ~SHADOW_EFER_NXE, &c), 0);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA1).present);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, 0, &out), SHADOW_GUEST_FAULT);
	UNIT_CHECK_EQ(u, out.pfec, PF_P | PF_R);
}

TEST(shadow_invlpg_drops_entry)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_PAGE);
	sf_fault(m, VA1, 0, &out);
	UNIT_CHECK(u, sf_hw_walk(m, 0, VA1).present);
	UNIT_CHECK_EQ(u, shadow_invlpg(&m->v[0], VA1), SHADOW_FLUSH_VA);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA1).present);
	UNIT_CHECK_EQ(u, m->d.stats.invlpgs, 1);
}

TEST(shadow_invlpg_of_unshadowed_address_is_harmless)
{
	unsigned int pages = m->d.stats.pages_in_use;

	UNIT_CHECK_EQ(u, shadow_invlpg(&m->v[0], VA2), SHADOW_FLUSH_VA);
	UNIT_CHECK_EQ(u, m->d.stats.pages_in_use, pages);
	UNIT_CHECK_EQ(u, shadow_invlpg(&m->v[1], VA2), SHADOW_FLUSH_VA);   /* no root */
}

TEST(shadow_invlpg_inside_superpage_drops_that_entry)
{
	struct shadow_fault_out out;

	*sf_gentry(m, 0, 0, 4) = sf_pte(16, G_TABLE);
	sf_gmem(m, 16)[0] = sf_pte(17, G_TABLE);
	sf_gmem(m, 17)[1] = sf_pte(0, G_PAGE | G_PS);       /* 2 MiB at gfn 0 */
	UNIT_CHECK_EQ(u, sf_fault(m, 0x203000, 0, &out), SHADOW_FIXED);
	UNIT_CHECK(u, sf_hw_walk(m, 0, 0x203000).present);
	shadow_invlpg(&m->v[0], 0x203000);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, 0x203000).present);
}

TEST(shadow_invlpg_in_paging_off_mode_drops_entry)
{
	struct shadow_cr3_out c;
	struct shadow_fault_out out;

	UNIT_CHECK_EQ(u, set(m, 1, 0, 0, SHADOW_EFER_NXE, &c), 0);
	sf_fault(m, 0x7000, 0, &out);
	UNIT_CHECK(u, sf_hw_walk(m, 0, 0x7000).present);
	shadow_invlpg(&m->v[0], 0x7000);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, 0x7000).present);
}

static const struct unit_case cases[] = {
	CASE(shadow_cr3_refuses_32bit_paging),
	CASE(shadow_cr3_refuses_pae_paging_without_long_mode),
	CASE(shadow_cr3_outside_ram_is_refused),
	CASE(shadow_cr3_reserved_bits_are_refused),
	CASE(shadow_cr3_root_is_the_guest_top_table_shadow),
	CASE(shadow_cr3_switch_reuses_cached_root),
	CASE(shadow_cr3_switch_keeps_the_tree),
	CASE(shadow_cr3_load_asks_for_a_vcpu_flush),
	CASE(shadow_root_cache_is_bounded),
	CASE(shadow_root_in_use_survives_cache_eviction),
	CASE(shadow_guest_top_table_is_write_protected),
	CASE(shadow_paging_off_maps_guest_physical_one_to_one),
	CASE(shadow_paging_off_root_is_pae_with_four_children),
	CASE(shadow_paging_off_root_is_shared_and_reused),
	CASE(shadow_paging_off_keeps_page_tables_read_only),
	CASE(shadow_nxe_change_rebuilds_shadows),
	CASE(shadow_invlpg_drops_entry),
	CASE(shadow_invlpg_of_unshadowed_address_is_harmless),
	CASE(shadow_invlpg_inside_superpage_drops_that_entry),
	CASE(shadow_invlpg_in_paging_off_mode_drops_entry),
};
const struct shadow_suite shadow_suite_cr3 = { cases, ARRAY_LEN(cases) };
