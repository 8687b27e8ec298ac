/*
 * The invariant checker itself: each case breaks one invariant behind the
 * model's back and expects the checker to name it.  (The after-test hook
 * would otherwise be the only user of the checker, and a checker that never
 * fails proves nothing.)
 */
#include "mmu_test.h"

#define UP (RW | MMU_PTE_US)

static void expect_broken(struct unit *u, struct fake_machine *m, const char *why)
{
	struct mmu_check_failure failure = { 0, "" };

	if (fake_check(m, &failure) != -XEN_EINVAL)
		unit_fail(u, __FILE__, __LINE__, "checker missed: %s", why);
	else if (!strstr(failure.why, why))
		unit_fail(u, __FILE__, __LINE__, "checker said \"%s\", expected \"%s\"",
		          failure.why, why);
	fake_init(m);           /* a clean machine for the after-test check */
}

TEST(checker_finds_count_mismatch)
{
	uint64_t page = fake_alloc(m, 1), l1 = fake_pinned(m, 1, 1);

	FRAME(page)->count++;
	expect_broken(u, m, "general count differs");
	l1 = fake_pinned(m, 1, 1);
	FRAME(l1)->type_count++;
	expect_broken(u, m, "type count differs");
}

TEST(checker_finds_bad_l1_entries)
{
	uint64_t l1 = fake_pinned(m, 1, 1), pt = fake_pinned(m, 1, 1);

	m->mem[l1][0] = fake_pte(pt, RW | MMU_PTE_US);
	expect_broken(u, m, "writable mapping of a page-table");
	l1 = fake_pinned(m, 1, 1);
	m->mem[l1][0] = fake_pte(l1, RO | MMU_PTE_PCD | MMU_PTE_US);
	expect_broken(u, m, "flag masks");
	l1 = fake_pinned(m, 1, 1);
	m->mem[l1][0] = fake_pte(l1, RO);
	expect_broken(u, m, "lacks the bits");
	l1 = fake_pinned(m, 1, 1);
	m->mem[l1][0] = fake_pte(fake_alloc(m, 2), RO | MMU_PTE_US);
	expect_broken(u, m, "neither owns nor was allowed");
	/* a grant entry carries no mark: it is allowed while the grant table
	   records the mapping, and only then */
	uint64_t theirs = fake_alloc(m, 2);
	struct mmu_check_failure failure;
	l1 = fake_pinned(m, 1, 1);
	OK(fake_grant_map(m, 1, l1 << 12, true, 2, theirs, 0));
	OK(fake_check(m, &failure));
	m->grants[1][theirs] = 0;
	expect_broken(u, m, "neither owns nor was allowed");
	l1 = fake_pinned(m, 1, 1);
	m->mem[l1][0] = fake_pte(FAKE_IO_MFN, RO | MMU_PTE_US);
	expect_broken(u, m, "I/O memory");
	l1 = fake_pinned(m, 1, 1);
	m->mem[l1][0] = 0x5000;
	m->env.cpu_l1tf_vulnerable = true;
	m->env.l1tf_safe_maddr = 1ull << 40;
	expect_broken(u, m, "L1TF");
}

TEST(checker_finds_bad_upper_entries)
{
	uint64_t l4 = fake_pinned(m, 4, 1), l2, l3, a, b;

	m->mem[l4][0] = fake_pte(l4, UP | MMU_PTE_A);
	expect_broken(u, m, "writable self-map");
	l2 = fake_pinned(m, 2, 1);
	m->mem[l2][0] = fake_pte(fake_alloc(m, 2), UP);
	expect_broken(u, m, "outside its domain");
	l2 = fake_pinned(m, 2, 1);
	l3 = fake_pinned(m, 3, 1);
	m->mem[l2][0] = fake_pte(l3, UP);
	expect_broken(u, m, "wrong type");
	a = fake_pinned(m, 2, 1);
	b = fake_pinned(m, 2, 1);
	OK(fake_update(m, 1, a, 0, fake_pte(b, RO)));
	m->mem[a][0] |= MMU_PTE_RW;
	expect_broken(u, m, "writable linear");
	l4 = fake_pinned(m, 4, 1);
	m->mem[l4][260] = 0;
	expect_broken(u, m, "hypervisor L4 slot");
}

TEST(checker_finds_deep_linear_tables)
{
	uint64_t a = fake_pinned(m, 2, 1), b = fake_pinned(m, 2, 1), c = fake_pinned(m, 2, 1);

	OK(fake_update(m, 1, a, 0, fake_pte(b, RO)));
	m->mem[c][0] = fake_pte(a, RO | MMU_PTE_US);        /* c -> a -> b */
	FRAME(a)->count++;
	FRAME(a)->type_count++;
	expect_broken(u, m, "more than one level");
	a = fake_pinned(m, 2, 1);
	FRAME(a)->linear = 5;
	expect_broken(u, m, "linear counter differs");
}

TEST(checker_finds_bad_frame_state)
{
	uint64_t page = fake_pinned(m, 1, 1), gdt = fake_alloc(m, 1);

	FRAME(page)->flags &= (uint8_t)~MMU_FRAME_VALIDATED;
	expect_broken(u, m, "never validated");
	OK(mmu_frame_assign(&m->env, fake_dom(m, 1), 40, true));
	FRAME(40)->type = MMU_TYPE_SHARED;
	expect_broken(u, m, "lost its writable type");
	page = fake_alloc(m, 1);
	FRAME(page)->flags |= MMU_FRAME_PINNED;
	expect_broken(u, m, "pinned frame is not a page table");
	FRAME(0)->count = 2;
	expect_broken(u, m, "hypervisor or I/O frame");
	FRAME(40)->type = MMU_TYPE_L1;
	expect_broken(u, m, "free frame keeps");
	page = fake_alloc(m, 1);
	FRAME(page)->owner = DOMID_COW;
	expect_broken(u, m, "has no owner");
	page = fake_alloc(m, 1);
	FRAME(page)->type = MMU_TYPE_L2;
	expect_broken(u, m, "released table kept its type");
	gdt = fake_alloc(m, 1);
	OK(mmu_set_gdt(&m->env, fake_vcpu(m, 1), &gdt, 1));
	m->mem[gdt][3] = 0x0000890000000067ull;
	expect_broken(u, m, "unchecked descriptor");
	page = fake_pinned(m, 1, 2);
	m->alive[2] = false;
	expect_broken(u, m, "does not exist");
}

TEST(checker_finds_bad_vcpu_state)
{
	struct mmu_vcpu *v = fake_vcpu(m, 1);

	v->kernel_l4 = fake_pinned(m, 4, 2);
	expect_broken(u, m, "does not own");
	v = fake_vcpu(m, 1);
	v->gdt_frames[0] = fake_alloc(m, 1);
	v->gdt_nr_frames = 1;
	expect_broken(u, m, "wrong type");
	v = fake_vcpu(m, 1);
	v->ldt_frames[3] = FAKE_FRAMES + 1;
	expect_broken(u, m, "does not own");
	v = fake_vcpu(m, 1);
	v->user_l4 = fake_pinned(m, 4, 1);
	expect_broken(u, m, "general count differs");
}

static const struct unit_case cases[] = {
	{ "mmu/checker-finds-count-mismatch", checker_finds_count_mismatch },
	{ "mmu/checker-finds-bad-l1-entries", checker_finds_bad_l1_entries },
	{ "mmu/checker-finds-bad-upper-entries", checker_finds_bad_upper_entries },
	{ "mmu/checker-finds-deep-linear-tables", checker_finds_deep_linear_tables },
	{ "mmu/checker-finds-bad-frame-state", checker_finds_bad_frame_state },
	{ "mmu/checker-finds-bad-vcpu-state", checker_finds_bad_vcpu_state },
};
const struct mmu_suite mmu_suite_check = { cases, ARRAY_LEN(cases) };
