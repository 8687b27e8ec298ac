/*
 * The pool: bounded, accounted, reclaimed without crashing, emptied on
 * teardown, and flushed when shadows go.
 */
#include <string.h>
#include "shadow_test.h"

/* Sixteen pool descriptors for frames the fixture's pool does not use. */
static struct shadow_page *spare_pages(void)
{
	static struct shadow_page pages[16];

	for (unsigned int i = 0; i < 16; i++)
		pages[i] = (struct shadow_page){ .mfn = SF_POOL_MFN + 100 + i };
	return pages;
}

TEST(shadow_init_refuses_pool_below_minimum)
{
	struct shadow_env env = m->d.env;
	struct shadow_page *pages = spare_pages();
	struct shadow_domain d;

	UNIT_CHECK_EQ(u, shadow_domain_init(&d, &env, pages, SHADOW_POOL_MIN(2) - 1, 2, 40),
	              -XEN_EINVAL);
	UNIT_CHECK_EQ(u, shadow_domain_init(&d, &env, pages, SHADOW_POOL_MIN(2), 2, 40), 0);
	UNIT_CHECK_EQ(u, shadow_domain_init(&d, &env, pages, SHADOW_POOL_MAX + 1, 2, 40),
	              -XEN_EINVAL);
}

TEST(shadow_init_refuses_a_zero_pool_frame)
{
	struct shadow_env env = m->d.env;
	struct shadow_page *pages = spare_pages();
	struct shadow_domain d;

	pages[7].mfn = 0;
	UNIT_CHECK_EQ(u, shadow_domain_init(&d, &env, pages, 16, 1, 40), -XEN_EINVAL);
}

TEST(shadow_init_refuses_bad_address_width)
{
	struct shadow_env env = m->d.env;
	struct shadow_page *pages = spare_pages();
	struct shadow_domain d;

	UNIT_CHECK_EQ(u, shadow_domain_init(&d, &env, pages, 16, 1, 35), -XEN_EINVAL);
	UNIT_CHECK_EQ(u, shadow_domain_init(&d, &env, pages, 16, 1, 53), -XEN_EINVAL);
	UNIT_CHECK_EQ(u, shadow_domain_init(&d, &env, pages, 16, 0, 40), -XEN_EINVAL);
	env.p2m = NULL;
	UNIT_CHECK_EQ(u, shadow_domain_init(&d, &env, pages, 16, 1, 40), -XEN_EINVAL);
}

TEST(shadow_fault_chain_takes_one_page_per_level)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_PAGE);
	UNIT_CHECK_EQ(u, m->d.stats.pages_in_use, 1);           /* the root */
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, 0, &out), SHADOW_FIXED);
	UNIT_CHECK_EQ(u, m->d.stats.pages_in_use, 4);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1 + 4096, 0, &out), SHADOW_GUEST_FAULT);
	UNIT_CHECK_EQ(u, m->d.stats.pages_in_use, 4);
}

TEST(shadow_teardown_frees_all_pool_pages)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_PAGE);
	sf_map(m, 0, VA2, 41, G_PAGE);
	sf_fault(m, VA1, 0, &out);
	sf_fault(m, VA2, PF_W, &out);
	UNIT_CHECK(u, m->d.stats.pages_in_use > 4);
	shadow_vcpu_teardown(&m->v[0]);
	shadow_domain_teardown(&m->d);
	UNIT_CHECK_EQ(u, m->d.stats.pages_in_use, 0);
	for (unsigned int i = 0; i < 64; i++) {
		UNIT_CHECK_EQ(u, m->pages[i].type, SH_FREE);
		for (unsigned int s = 0; s < 512; s++)
			UNIT_CHECK_EQ(u, m->mem[SF_POOL_MFN + i][s], 0);
	}
}

TEST(shadow_vcpu_teardown_releases_its_root)
{
	struct shadow_cr3_out out;

	/* vCPU 1 loads a root that leaves the cache: when the vCPU goes, so does the root */
	UNIT_CHECK_EQ(u, sf_cr3(m, 1, 2), 0);
	for (uint64_t l4 = 10; l4 < 10 + SHADOW_ROOT_CACHE; l4++)
		UNIT_CHECK_EQ(u, shadow_set_cr3(&m->v[0], SF_CR0, l4 << 12, SF_CR4, SF_EFER, &out), 0);
	UNIT_CHECK(u, sh_lookup(&m->d, SH_L4, m->p2m_mfn[2]) >= 0);
	shadow_vcpu_teardown(&m->v[1]);
	UNIT_CHECK(u, sh_lookup(&m->d, SH_L4, m->p2m_mfn[2]) < 0);
	UNIT_CHECK_EQ(u, m->v[1].root, 0);
}

TEST(shadow_pool_exhaustion_recycles_not_crashes)
{
	struct shadow_fault_out out;

	sf_init(m, SHADOW_POOL_MIN(SF_VCPUS));
	UNIT_CHECK_EQ(u, sf_cr3(m, 0, 0), 0);
	/* 30 pages, each under its own L3, L2 and L1: far more than the pool */
	for (uint64_t i = 0; i < 30; i++)
		sf_map(m, 0, (i << 39) | 0x1000, 120, G_PAGE);
	for (uint64_t i = 0; i < 30; i++) {
		UNIT_CHECK_EQ(u, sf_fault(m, (i << 39) | 0x1000, 0, &out), SHADOW_FIXED);
		UNIT_CHECK(u, sf_hw_walk(m, 0, (i << 39) | 0x1000).present);
		UNIT_CHECK(u, m->d.stats.pages_in_use <= m->d.nr_pages);
		UNIT_CHECK(u, !sf_check(m));
	}
	UNIT_CHECK(u, m->d.stats.reclaims > 0);
}

TEST(shadow_reclaim_keeps_roots_in_use)
{
	struct shadow_fault_out out;
	uint64_t root1;

	sf_init(m, SHADOW_POOL_MIN(SF_VCPUS));
	UNIT_CHECK_EQ(u, sf_cr3(m, 0, 0), 0);
	UNIT_CHECK_EQ(u, sf_cr3(m, 1, 1), 0);
	root1 = m->pages[m->v[1].root - 1].mfn;
	for (uint64_t i = 0; i < 20; i++) {
		sf_map(m, 0, (i << 39) | 0x1000, 120, G_PAGE);
		UNIT_CHECK_EQ(u, sf_fault(m, (i << 39) | 0x1000, 0, &out), SHADOW_FIXED);
	}
	UNIT_CHECK(u, m->d.stats.reclaims > 0);
	UNIT_CHECK_EQ(u, m->pages[m->v[1].root - 1].type, SH_L4);
	UNIT_CHECK_EQ(u, m->pages[m->v[1].root - 1].mfn, root1);
	UNIT_CHECK_EQ(u, m->pages[m->v[1].root - 1].key, m->p2m_mfn[1]);
}

TEST(shadow_reclaim_evicts_unused_cached_roots_first)
{
	struct shadow_fault_out out;
	uint64_t reclaims;

	sf_init(m, SHADOW_POOL_MIN(SF_VCPUS) + 4);
	/* three cached roots nobody uses any more, then a root in use */
	for (uint64_t l4 = 1; l4 <= 3; l4++)
		UNIT_CHECK_EQ(u, sf_cr3(m, 0, l4), 0);
	UNIT_CHECK_EQ(u, sf_cr3(m, 0, 0), 0);
	sf_map(m, 0, VA1, 40, G_PAGE);
	for (unsigned int i = 0; m->d.stats.pages_in_use + 3 <= m->d.nr_pages; i++) {
		sf_map(m, 0, ((uint64_t)(i + 2) << 39), 120, G_PAGE);
		sf_fault(m, (uint64_t)(i + 2) << 39, 0, &out);
	}
	reclaims = m->d.stats.reclaims;
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, 0, &out), SHADOW_FIXED);
	UNIT_CHECK_EQ(u, m->d.stats.reclaims, reclaims + 1);
	/* the old roots went; the tree under the root in use stayed */
	UNIT_CHECK(u, sh_lookup(&m->d, SH_L4, m->p2m_mfn[1]) < 0);
	UNIT_CHECK(u, sf_hw_walk(m, 0, 2ull << 39).present);
	UNIT_CHECK_EQ(u, out.flush, SHADOW_FLUSH_NONE);
}

TEST(shadow_p2m_change_drops_every_mapping)
{
	struct shadow_fault_out out;

	sf_map(m, 0, VA1, 40, G_PAGE);
	sf_fault(m, VA1, 0, &out);
	UNIT_CHECK(u, sf_hw_walk(m, 0, VA1).present);
	m->p2m_mfn[40] = 250;
	UNIT_CHECK_EQ(u, shadow_p2m_changed(&m->d), SHADOW_FLUSH_DOMAIN);
	UNIT_CHECK(u, !sf_hw_walk(m, 0, VA1).present);
	UNIT_CHECK_EQ(u, sf_fault(m, VA1, 0, &out), SHADOW_FIXED);
	UNIT_CHECK_EQ(u, sf_hw_walk(m, 0, VA1).mfn, 250);
}

TEST(shadow_frame_is_table_names_shadowed_frames_only)
{
	struct shadow_fault_out out;
	uint64_t l1 = sf_map(m, 0, VA1, 40, G_PAGE);

	UNIT_CHECK(u, shadow_frame_is_table(&m->d, m->p2m_mfn[0]));
	UNIT_CHECK(u, !shadow_frame_is_table(&m->d, m->p2m_mfn[l1]));
	sf_fault(m, VA1, 0, &out);
	UNIT_CHECK(u, shadow_frame_is_table(&m->d, m->p2m_mfn[l1]));
	UNIT_CHECK(u, !shadow_frame_is_table(&m->d, m->p2m_mfn[40]));
}

static const struct unit_case cases[] = {
	CASE(shadow_init_refuses_pool_below_minimum),
	CASE(shadow_init_refuses_a_zero_pool_frame),
	CASE(shadow_init_refuses_bad_address_width),
	CASE(shadow_fault_chain_takes_one_page_per_level),
	CASE(shadow_teardown_frees_all_pool_pages),
	CASE(shadow_vcpu_teardown_releases_its_root),
	CASE(shadow_pool_exhaustion_recycles_not_crashes),
	CASE(shadow_reclaim_keeps_roots_in_use),
	CASE(shadow_reclaim_evicts_unused_cached_roots_first),
	CASE(shadow_p2m_change_drops_every_mapping),
	CASE(shadow_frame_is_table_names_shadowed_frames_only),
};
const struct shadow_suite shadow_suite_pool = { cases, ARRAY_LEN(cases) };
