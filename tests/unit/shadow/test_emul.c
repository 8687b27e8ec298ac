/*
 * Emulated writes to guest page tables: the store lands in guest memory and
 * every shadow entry it touched is derived again, with a flush when rights
 * went away.
 */
#include "shadow_test.h"

/* VA1 mapped to gfn 40 and faulted in; returns the gfn of its L1. */
static uint64_t mapped(struct sf_machine *m)
{
	struct shadow_fault_out out;
	uint64_t l1 = sf_map(m, 0, VA1, 40, G_PAGE);

	sf_fault(m, VA1, PF_W, &out);
	return l1;
}

static int write8(struct sf_machine *m, uint64_t gpa, uint64_t v, enum shadow_flush *f)
{
	return shadow_emulate_write(&m->v[0], gpa, v, 8, f);
}

TEST(shadow_emulated_pte_write_reaches_the_shadow)
{
	uint64_t l1 = mapped(m);
	enum shadow_flush f;

	UNIT_CHECK_EQ(u, sf_hw_walk(m, 0, VA1).mfn, m->p2m_mfn[40]);
	UNIT_CHECK_EQ(u, write8(m, (l1 << 12) + 8 * sh_va_index(VA1, 1), sf_pte(41, G_PAGE), &f), 0);
	UNIT_CHECK_EQ(u, *sf_gentry(m, 0, VA1, 1), sf_pte(41, G_PAGE));
	UNIT_CHECK_EQ(u, sf_hw_walk(m, 0, VA1).mfn, m->p2m_mfn[41]);
	UNIT_CHECK_EQ(u, f, SHADOW_FLUSH_DOMAIN);
}

TEST(shadow_emulated_write_clearing_pte_unmaps)
{
	uint64_t l1 = mapped(m);
	enum shadow_flush f;

	UNIT_CHECK_EQ(u, write8(m, (l1 << 12) + 8 * sh_va_index(VA1, 1), 0, &f), 0);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA1).present);
	UNIT_CHECK_EQ(u, f, SHADOW_FLUSH_DOMAIN);
}

TEST(shadow_emulated_write_to_unused_entry_needs_no_flush)
{
	uint64_t l1 = mapped(m);
	enum shadow_flush f;

	UNIT_CHECK_EQ(u, write8(m, (l1 << 12) + 8 * 100, sf_pte(42, G_PAGE), &f), 0);
	UNIT_CHECK_EQ(u, f, SHADOW_FLUSH_NONE);
	UNIT_CHECK(u, sf_hw_walk(m, 0, (VA1 & ~0x1FFFFFull) + 100 * 4096).present);
}

TEST(shadow_emulated_write_adding_rights_needs_no_flush)
{
	struct shadow_fault_out out;
	uint64_t l1 = sf_map(m, 0, VA1, 40, G_PAGE & ~G_RW);
	enum shadow_flush f;

	sf_fault(m, VA1, 0, &out);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA1).rw);
	UNIT_CHECK_EQ(u, write8(m, (l1 << 12) + 8 * sh_va_index(VA1, 1), sf_pte(40, G_PAGE), &f), 0);
	UNIT_CHECK(u, sf_hw_walk(m, 0, VA1).rw);
	UNIT_CHECK_EQ(u, f, SHADOW_FLUSH_NONE);
}

TEST(shadow_emulated_write_of_clean_pte_maps_read_only)
{
	uint64_t l1 = mapped(m);
	enum shadow_flush f;

	UNIT_CHECK_EQ(u, write8(m, (l1 << 12) + 8 * sh_va_index(VA1, 1),
	                        sf_pte(40, G_PAGE & ~G_D), &f), 0);
	UNIT_CHECK(u, sf_hw_walk(m, 0, VA1).present);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA1).rw);
	UNIT_CHECK_EQ(u, f, SHADOW_FLUSH_DOMAIN);
}

TEST(shadow_emulated_write_of_unaccessed_pte_unmaps)
{
	uint64_t l1 = mapped(m);
	enum shadow_flush f;

	UNIT_CHECK_EQ(u, write8(m, (l1 << 12) + 8 * sh_va_index(VA1, 1),
	                        sf_pte(40, G_PAGE & ~G_A), &f), 0);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA1).present);
}

TEST(shadow_emulated_write_to_upper_entry_unlinks_subtree)
{
	enum shadow_flush f;
	uint64_t l2, l3;
	unsigned int pages;

	mapped(m);
	l3 = SH_MFN(*sf_gentry(m, 0, VA1, 4));
	l2 = SH_MFN(*sf_gentry(m, 0, VA1, 3));
	pages = m->d.stats.pages_in_use;
	UNIT_CHECK_EQ(u, write8(m, (l3 << 12) + 8 * sh_va_index(VA1, 3), 0, &f), 0);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA1).present);
	UNIT_CHECK_EQ(u, m->d.stats.pages_in_use, pages - 2);     /* L2 and L1 shadows */
	UNIT_CHECK(u, !shadow_frame_is_table(&m->d, m->p2m_mfn[l2]));
	UNIT_CHECK_EQ(u, f, SHADOW_FLUSH_DOMAIN);
}

TEST(shadow_emulated_upper_entry_links_existing_shadow_only)
{
	enum shadow_flush f;
	struct shadow_fault_out out;
	uint64_t l3;

	mapped(m);
	l3 = SH_MFN(*sf_gentry(m, 0, VA1, 4));
	/* L3[5] takes the same L2 as L3[0]: its shadow exists and is linked */
	UNIT_CHECK_EQ(u, write8(m, (l3 << 12) + 8 * 5, *sf_gentry(m, 0, VA1, 3), &f), 0);
	UNIT_CHECK(u, sf_hw_walk(m, 0, VA1 + (5ull << 30)).present);
	/* L3[6] takes a fresh table: left empty until a fault builds it */
	UNIT_CHECK_EQ(u, write8(m, (l3 << 12) + 8 * 6, sf_pte(60, G_TABLE), &f), 0);
	UNIT_CHECK(u, !shadow_frame_is_table(&m->d, m->p2m_mfn[60]));
	sf_gmem(m, 60)[0] = sf_pte(61, G_TABLE);
	sf_gmem(m, 61)[0] = sf_pte(42, G_PAGE);
	UNIT_CHECK_EQ(u, sf_fault(m, 6ull << 30, 0, &out), SHADOW_FIXED);
	UNIT_CHECK(u, shadow_frame_is_table(&m->d, m->p2m_mfn[60]));
}

TEST(shadow_emulated_partial_write_revalidates_the_entry)
{
	uint64_t l1 = mapped(m);
	enum shadow_flush f;

	/* the high half of the PTE: set NX */
	UNIT_CHECK_EQ(u, shadow_emulate_write(&m->v[0], (l1 << 12) + 8 * sh_va_index(VA1, 1) + 4,
	                                      0x80000000u, 4, &f), 0);
	UNIT_CHECK(u, sf_hw_walk(m, 0, VA1).nx);
	UNIT_CHECK_EQ(u, f, SHADOW_FLUSH_DOMAIN);
}

TEST(shadow_emulated_straddling_write_revalidates_both_entries)
{
	uint64_t l1 = mapped(m);
	uint64_t slot = sh_va_index(VA1, 1);
	enum shadow_flush f;

	sf_gmem(m, l1)[slot + 1] = 0;
	/* 8 bytes from the middle of entry slot: its high half and the next one's low half */
	UNIT_CHECK_EQ(u, shadow_emulate_write(&m->v[0], (l1 << 12) + 8 * slot + 4,
	                                      (uint64_t)sf_pte(41, G_PAGE) << 32, 8, &f), 0);
	UNIT_CHECK_EQ(u, m->d.stats.entries_revalidated, 2);
	UNIT_CHECK(u, !sf_check(m));
}

TEST(shadow_emulated_write_making_leaf_point_at_table_is_read_only)
{
	uint64_t l1 = mapped(m);
	enum shadow_flush f;

	UNIT_CHECK_EQ(u, write8(m, (l1 << 12) + 8 * sh_va_index(VA1, 1), sf_pte(l1, G_PAGE), &f), 0);
	UNIT_CHECK(u, sf_hw_walk(m, 0, VA1).present);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA1).rw);
}

TEST(shadow_emulated_pte_naming_mmio_is_not_mapped)
{
	uint64_t l1 = mapped(m);
	enum shadow_flush f;

	UNIT_CHECK_EQ(u, write8(m, (l1 << 12) + 8 * sh_va_index(VA1, 1),
	                        sf_pte(SF_GFNS - 1, G_PAGE), &f), 0);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA1).present);
}

TEST(shadow_emulated_upper_entry_naming_mmio_is_not_linked)
{
	uint64_t l3;
	enum shadow_flush f;

	mapped(m);
	l3 = SH_MFN(*sf_gentry(m, 0, VA1, 4));
	UNIT_CHECK_EQ(u, write8(m, (l3 << 12) + 8 * sh_va_index(VA1, 3),
	                        sf_pte(SF_GFNS - 1, G_TABLE), &f), 0);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA1).present);
	UNIT_CHECK_EQ(u, f, SHADOW_FLUSH_DOMAIN);
}

TEST(shadow_emulated_write_rejects_bad_size)
{
	enum shadow_flush f;

	UNIT_CHECK_EQ(u, shadow_emulate_write(&m->v[0], 0x28000, 0, 3, &f), -XEN_EINVAL);
	UNIT_CHECK_EQ(u, shadow_emulate_write(&m->v[0], 0x28000, 0, 16, &f), -XEN_EINVAL);
	UNIT_CHECK_EQ(u, m->d.stats.emulated_writes, 0);
}

TEST(shadow_emulated_write_rejects_page_crossing)
{
	enum shadow_flush f;

	UNIT_CHECK_EQ(u, shadow_emulate_write(&m->v[0], 0x28FFC, 0, 8, &f), -XEN_EINVAL);
	UNIT_CHECK_EQ(u, shadow_emulate_write(&m->v[0], 0x28FF8, 0, 8, &f), 0);
}

TEST(shadow_emulated_write_to_mmio_is_refused)
{
	enum shadow_flush f;

	UNIT_CHECK_EQ(u, write8(m, (uint64_t)(SF_GFNS - 1) << 12, 0, &f), -XEN_EINVAL);
	UNIT_CHECK_EQ(u, write8(m, 1ull << 40, 0, &f), -XEN_EINVAL);
}

TEST(shadow_emulated_write_to_top_table_updates_root)
{
	enum shadow_flush f;
	uint64_t l3;

	mapped(m);
	l3 = *sf_gentry(m, 0, VA1, 4);
	UNIT_CHECK_EQ(u, write8(m, 8 * 7, l3, &f), 0);                /* L4[7] = L4[0] */
	UNIT_CHECK(u, sf_hw_walk(m, 0, VA1 + (7ull << 39)).present);
	UNIT_CHECK_EQ(u, write8(m, 0, 0, &f), 0);                      /* L4[0] = 0 */
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA1).present);
	UNIT_CHECK(u, sf_hw_walk(m, 0, VA1 + (7ull << 39)).present);
}

TEST(shadow_emulated_writes_are_counted)
{
	uint64_t l1 = mapped(m);
	enum shadow_flush f;

	write8(m, (l1 << 12) + 8, 0, &f);
	write8(m, (l1 << 12) + 16, 0, &f);
	write8(m, 41ull << 12, 0, &f);          /* not a table: written, nothing to re-derive */
	UNIT_CHECK_EQ(u, m->d.stats.emulated_writes, 3);
	UNIT_CHECK_EQ(u, m->d.stats.entries_revalidated, 2);
}

static const struct unit_case cases[] = {
	CASE(shadow_emulated_pte_write_reaches_the_shadow),
	CASE(shadow_emulated_write_clearing_pte_unmaps),
	CASE(shadow_emulated_write_to_unused_entry_needs_no_flush),
	CASE(shadow_emulated_write_adding_rights_needs_no_flush),
	CASE(shadow_emulated_write_of_clean_pte_maps_read_only),
	CASE(shadow_emulated_write_of_unaccessed_pte_unmaps),
	CASE(shadow_emulated_write_to_upper_entry_unlinks_subtree),
	CASE(shadow_emulated_upper_entry_links_existing_shadow_only),
	CASE(shadow_emulated_partial_write_revalidates_the_entry),
	CASE(shadow_emulated_straddling_write_revalidates_both_entries),
	CASE(shadow_emulated_write_making_leaf_point_at_table_is_read_only),
	CASE(shadow_emulated_pte_naming_mmio_is_not_mapped),
	CASE(shadow_emulated_upper_entry_naming_mmio_is_not_linked),
	CASE(shadow_emulated_write_rejects_bad_size),
	CASE(shadow_emulated_write_rejects_page_crossing),
	CASE(shadow_emulated_write_to_mmio_is_refused),
	CASE(shadow_emulated_write_to_top_table_updates_root),
	CASE(shadow_emulated_writes_are_counted),
};
const struct shadow_suite shadow_suite_emul = { cases, ARRAY_LEN(cases) };
