/*
 * mmu_update as a request: commands, the frame a request names, the
 * foreign-domain arguments, plain writes and the M2P.
 */
#include "mmu_test.h"

TEST(update_command_in_low_bits)
{
	uint64_t l1 = fake_pinned(m, 1, 1), data = fake_alloc(m, 1);
	struct mmu_domain *d1 = fake_dom(m, 1);

	for (unsigned int cmd = 4; cmd < 8; cmd++)
		REFUSED(mmu_update_one(&m->env, d1, (l1 << 12) | cmd, 0, DOMID_SELF), XEN_ENOSYS);
	OK(mmu_update_one(&m->env, d1, (l1 << 12) | 8 | MMU_PT_UPDATE_NO_TRANSLATE,
	                  fake_pte(data, RO), DOMID_SELF));
	UNIT_CHECK_EQ(u, m->mem[l1][1], fake_pte(data, RO | MMU_PTE_US | MMU_PTE_GUEST_KERNEL));
}

TEST(update_unknown_frame_refused_xsa167)
{
	struct mmu_domain *d1 = fake_dom(m, 1);

	REFUSED(mmu_update_one(&m->env, d1, (uint64_t)FAKE_FRAMES << 12, 0, DOMID_SELF), XEN_EINVAL);
	REFUSED(mmu_update_one(&m->env, d1, ~7ull, 0, DOMID_SELF), XEN_EINVAL);
	REFUSED(mmu_update_one(&m->env, d1, 40ull << 12, 0, DOMID_SELF), XEN_EINVAL);
	REFUSED(mmu_update_one(&m->env, d1, (uint64_t)FAKE_IO_MFN << 12, 0, DOMID_SELF), XEN_EINVAL);
}

TEST(update_frame_of_other_domain_refused)
{
	uint64_t theirs = fake_pinned(m, 1, 2), data = fake_alloc(m, 2);

	REFUSED(fake_update(m, 1, theirs, 0, 0), XEN_EINVAL);
	REFUSED(fake_update_fd(m, 1, theirs, 0, fake_pte(data, RO), 2), XEN_EPERM);
	REFUSED(fake_update_fd(m, 1, theirs, 0, fake_pte(data, RO), 3 << 16 | DOMID_SELF),
	        XEN_EPERM);
	REFUSED(fake_update(m, 0, theirs, 0, fake_pte(data, RO)), XEN_EINVAL);
}

TEST(update_foreigndom_rules)
{
	uint64_t mine = fake_pinned(m, 1, 1);

	REFUSED(fake_update_fd(m, 1, mine, 0, 0, 1), XEN_ESRCH);           /* own id */
	REFUSED(fake_update_fd(m, 1, mine, 0, 0, 9), XEN_ESRCH);           /* no such */
	REFUSED(fake_update_fd(m, 1, mine, 0, 0, 2), XEN_EPERM);           /* not privileged */
	REFUSED(fake_update_fd(m, 1, mine, 0, 0, DOMID_XEN), XEN_EPERM);
	REFUSED(fake_update_fd(m, 1, mine, 0, 0, 10u << 16 | DOMID_SELF), XEN_ESRCH);   /* pfd: no such */
	REFUSED(fake_update_fd(m, 1, mine, 0, 0, 0xFFFFu << 16 | DOMID_SELF), XEN_ESRCH);
	OK(fake_update_fd(m, 1, mine, 0, 0, 2u << 16 | DOMID_SELF));                    /* pfd: itself */
	m->alive[2] = false;
	REFUSED(fake_update_fd(m, 0, mine, 0, 0, 2), XEN_ESRCH);           /* gone */
	m->alive[2] = true;
}

TEST(privileged_edits_foreign_tables)
{
	uint64_t theirs = fake_pinned(m, 1, 1), data = fake_alloc(m, 1), dom0_data = fake_alloc(m, 0);

	OK(fake_update_fd(m, 0, theirs, 0, fake_pte(data, RW), 2u << 16 | 1));
	UNIT_CHECK_EQ(u, FRAME(data)->type_count, 1);
	/* PFD names the table owner; the page owner still defaults to the caller */
	REFUSED(fake_update_fd(m, 0, theirs, 1, fake_pte(data, RO), 2u << 16 | DOMID_SELF),
	        XEN_EBUSY);
	OK(fake_update_fd(m, 0, theirs, 1, fake_pte(dom0_data, RO), 2u << 16 | DOMID_SELF));
	UNIT_CHECK_EQ(u, FRAME(dom0_data)->count, 2);
	OK(fake_update_fd(m, 0, theirs, 1, 0, 2u << 16 | DOMID_SELF));
}

TEST(update_of_untyped_frame_is_plain_write)
{
	uint64_t page = fake_alloc(m, 1), theirs = fake_alloc(m, 2);

	OK(fake_update(m, 1, page, 9, 0x1234567));
	UNIT_CHECK_EQ(u, m->mem[page][9], 0x1234567);
	UNIT_CHECK_EQ(u, FRAME(page)->type_count, 0);
	OK(fake_update_fd(m, 0, theirs, 3, 42, 3u << 16 | DOMID_SELF));
	UNIT_CHECK_EQ(u, m->mem[theirs][3], 42);
}

TEST(update_of_descriptor_page_refused)
{
	uint64_t gdt = fake_alloc(m, 1);

	OK(mmu_set_gdt(&m->env, fake_vcpu(m, 1), &gdt, 512));
	REFUSED(fake_update(m, 1, gdt, 0, 0x00cf9b000000ffffull), XEN_EINVAL);
}

TEST(machphys_update_own_frame_only)
{
	uint64_t mine = fake_alloc(m, 1), theirs = fake_alloc(m, 2);
	struct mmu_domain *d0 = fake_dom(m, 0), *d1 = fake_dom(m, 1);

	OK(mmu_update_one(&m->env, d1, (mine << 12) | MMU_MACHPHYS_UPDATE, 77, DOMID_SELF));
	UNIT_CHECK_EQ(u, m->m2p[mine], 77);
	REFUSED(mmu_update_one(&m->env, d1, (theirs << 12) | MMU_MACHPHYS_UPDATE, 5, DOMID_SELF),
	        XEN_EINVAL);
	REFUSED(mmu_update_one(&m->env, d1, (0ull << 12) | MMU_MACHPHYS_UPDATE, 5, DOMID_SELF),
	        XEN_EINVAL);
	REFUSED(mmu_update_one(&m->env, d1, (mine << 12) | MMU_MACHPHYS_UPDATE, 5, DOMID_IO),
	        XEN_EINVAL);
	REFUSED(mmu_update_one(&m->env, d0, (theirs << 12) | MMU_MACHPHYS_UPDATE, 5,
	                       3u << 16 | DOMID_SELF),
	        XEN_EPERM);
	OK(mmu_update_one(&m->env, d0, (theirs << 12) | MMU_MACHPHYS_UPDATE, 5, 2));
	UNIT_CHECK_EQ(u, m->m2p[theirs], 5);
	m->env.m2p_entries = theirs;
	REFUSED(mmu_update_one(&m->env, d0, (theirs << 12) | MMU_MACHPHYS_UPDATE, 6, 2),
	        XEN_EINVAL);
}

static const struct unit_case cases[] = {
	{ "mmu/update-command-in-low-bits", update_command_in_low_bits },
	{ "mmu/update-unknown-frame-refused-xsa167", update_unknown_frame_refused_xsa167 },
	{ "mmu/update-frame-of-other-domain-refused", update_frame_of_other_domain_refused },
	{ "mmu/update-foreigndom-rules", update_foreigndom_rules },
	{ "mmu/privileged-edits-foreign-tables", privileged_edits_foreign_tables },
	{ "mmu/update-of-untyped-frame-is-plain-write", update_of_untyped_frame_is_plain_write },
	{ "mmu/update-of-descriptor-page-refused", update_of_descriptor_page_refused },
	{ "mmu/machphys-update-own-frame-only", machphys_update_own_frame_only },
};
const struct mmu_suite mmu_suite_update = { cases, ARRAY_LEN(cases) };
