/*
 * Requests by guest linear address: update_va_mapping (and _otherdomain)
 * and the lazily typed LDT.
 */
#include "mmu_test.h"

#define VA(l4, l3, l2, l1) (((uint64_t)(l4) << 39) | ((uint64_t)(l3) << 30) | \
                            ((uint64_t)(l2) << 21) | ((uint64_t)(l1) << 12))

struct tables {
	uint64_t l4, l3, l2, l1, data;
};

/* Domain id with the standard hierarchy installed as vCPU 0's kernel L4. */
static int installed(struct fake_machine *m, domid_t id, struct tables *t)
{
	fake_hierarchy(m, id, &t->l4, &t->l3, &t->l2, &t->l1, &t->data);
	return mmu_install_boot_l4(&m->env, fake_vcpu(m, id), t->l4);
}

static int uvm(struct fake_machine *m, domid_t id, uint64_t va, uint64_t val,
               uint64_t flags)
{
	return mmu_update_va_mapping(&m->env, fake_vcpu(m, id), va, val, flags, DOMID_SELF);
}

TEST(update_va_mapping_rewrites_l1_entry)
{
	struct tables t;
	uint64_t page = fake_alloc(m, 1);
	unsigned int flushes;

	OK(installed(m, 1, &t));
	flushes = m->nr_flushes;
	OK(uvm(m, 1, VA(0, 0, 0, 5), fake_pte(page, RW | MMU_PTE_US), UVMF_NONE));
	UNIT_CHECK_EQ(u, m->mem[t.l1][5], fake_pte(page, RW | MMU_PTE_US));
	UNIT_CHECK_EQ(u, FRAME(page)->type, MMU_TYPE_WRITABLE);
	UNIT_CHECK_EQ(u, m->nr_flushes, flushes);
	/* the same rules as mmu_update: no writable mapping of a table */
	REFUSED(uvm(m, 1, VA(0, 0, 0, 6), fake_pte(t.l2, RW), UVMF_NONE), XEN_EBUSY);
	OK(uvm(m, 1, VA(0, 0, 0, 6), fake_pte(t.l2, RO), UVMF_NONE));
}

TEST(update_va_mapping_refuses_hypervisor_address)
{
	struct tables t;

	OK(installed(m, 1, &t));
	m->nr_flushes = 0;
	REFUSED(uvm(m, 1, HYPERVISOR_VIRT_START, 0, UVMF_INVLPG | UVMF_ALL), XEN_EINVAL);
	REFUSED(uvm(m, 1, HYPERVISOR_VIRT_END - 4096, 0, UVMF_INVLPG), XEN_EINVAL);
	REFUSED(uvm(m, 1, 1ull << 47, 0, UVMF_TLB_FLUSH), XEN_EINVAL);
	UNIT_CHECK_EQ(u, m->nr_flushes, 0);
}

TEST(update_va_mapping_flush_only_on_success_xsa279)
{
	struct tables t;

	OK(installed(m, 1, &t));
	m->nr_flushes = 0;
	REFUSED(uvm(m, 1, VA(1, 0, 0, 0), 0, UVMF_INVLPG | UVMF_ALL), XEN_EINVAL);
	REFUSED(uvm(m, 1, VA(0, 0, 0, 1), fake_pte(t.l1, RW), UVMF_TLB_FLUSH | UVMF_ALL),
	        XEN_EBUSY);
	UNIT_CHECK_EQ(u, m->nr_flushes, 0);
}

TEST(update_va_mapping_flush_kinds)
{
	struct tables t;
	const uint64_t va = VA(0, 0, 0, 3);
	const struct {
		uint64_t flags;
		int kind;               /* -1: no flush */
	} cases[] = {
		{ UVMF_NONE, -1 },
		{ UVMF_TLB_FLUSH | UVMF_LOCAL, MMU_FLUSH_LOCAL },
		{ UVMF_TLB_FLUSH | UVMF_ALL, MMU_FLUSH_DOMAIN },
		{ UVMF_INVLPG | UVMF_LOCAL, MMU_FLUSH_INVLPG_LOCAL },
		{ UVMF_INVLPG | UVMF_ALL, MMU_FLUSH_INVLPG_DOMAIN },
		{ UVMF_FLUSHTYPE_MASK | UVMF_ALL, -1 },
		{ UVMF_TLB_FLUSH | FAKE_GUEST_VA, MMU_FLUSH_DOMAIN },
		{ UVMF_INVLPG | FAKE_GUEST_VA, MMU_FLUSH_INVLPG_DOMAIN },
	};

	OK(installed(m, 1, &t));
	m->guest_mem[0] = 1;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		unsigned int before = m->nr_flushes;

		OK(uvm(m, 1, va, 0, cases[i].flags));
		UNIT_CHECK_EQ(u, m->nr_flushes, before + (cases[i].kind >= 0));
		if (cases[i].kind < 0)
			continue;
		UNIT_CHECK_EQ(u, m->last_flush.kind, cases[i].kind);
		UNIT_CHECK(u, m->last_flush.d == fake_dom(m, 1));
		if (cases[i].kind == MMU_FLUSH_INVLPG_LOCAL || cases[i].kind == MMU_FLUSH_INVLPG_DOMAIN)
			UNIT_CHECK_EQ(u, m->last_flush.va, va);
	}
}

TEST(update_va_mapping_unreadable_mask_efault_after_write)
{
	struct tables t;
	uint64_t page = fake_alloc(m, 1);

	OK(installed(m, 1, &t));
	ERR(uvm(m, 1, VA(0, 0, 0, 4), fake_pte(page, RO), UVMF_TLB_FLUSH | 0x1230), XEN_EFAULT);
	UNIT_CHECK_EQ(u, MMU_PTE_MFN(m->mem[t.l1][4]), page);
}

TEST(update_va_mapping_needs_present_tables)
{
	struct tables t;

	REFUSED(uvm(m, 1, 0, 0, UVMF_NONE), XEN_EINVAL);        /* no base pointer yet */
	OK(installed(m, 1, &t));
	REFUSED(uvm(m, 1, VA(1, 0, 0, 0), 0, UVMF_NONE), XEN_EINVAL);
	REFUSED(uvm(m, 1, VA(0, 1, 0, 0), 0, UVMF_NONE), XEN_EINVAL);
	REFUSED(uvm(m, 1, VA(0, 0, 1, 0), 0, UVMF_NONE), XEN_EINVAL);
}

TEST(update_va_mapping_through_self_map_refused)
{
	struct tables t;

	OK(installed(m, 1, &t));
	OK(fake_update(m, 1, t.l4, 5, fake_pte(t.l4, RO)));
	REFUSED(uvm(m, 1, VA(5, 0, 0, 0), 0, UVMF_NONE), XEN_EINVAL);       /* lands on l2 */
	REFUSED(uvm(m, 1, VA(5, 5, 5, 5), 0, UVMF_NONE), XEN_EINVAL);       /* lands on l4 */
	REFUSED(uvm(m, 1, VA(5, 256, 0, 0), 0, UVMF_NONE), XEN_EINVAL);     /* the M2P slot */
	REFUSED(uvm(m, 1, VA(5, 257, 0, 0), 0, UVMF_NONE), XEN_EINVAL);     /* hypervisor's */
	m->mem[t.l3][7] = fake_pte(3, RO | MMU_PTE_PSE);                    /* as if a superpage */
	REFUSED(uvm(m, 1, VA(0, 7, 0, 0), 0, UVMF_NONE), XEN_EINVAL);
	m->mem[t.l3][7] = 0;
}

TEST(update_va_mapping_otherdomain_needs_privilege)
{
	struct tables t;
	uint64_t theirs = fake_alloc(m, 2);

	OK(installed(m, 1, &t));
	REFUSED(mmu_update_va_mapping(&m->env, fake_vcpu(m, 1), VA(0, 0, 0, 2),
	                              fake_pte(theirs, RW), UVMF_NONE, 2), XEN_EPERM);
	m->doms[1].privileged = true;
	OK(mmu_update_va_mapping(&m->env, fake_vcpu(m, 1), VA(0, 0, 0, 2),
	                         fake_pte(theirs, RW), UVMF_NONE, 2));
	UNIT_CHECK_EQ(u, FRAME(theirs)->type_count, 1);
}

/* Domain 1 with the LDT's first page (page) mapped at VA(0,0,0,1). */
static int ldt_setup(struct fake_machine *m, struct tables *t, uint64_t page,
                     uint64_t flags, unsigned int entries)
{
	int rc = installed(m, 1, t);

	if (!rc)
		rc = fake_update(m, 1, t->l1, 1, fake_pte(page, flags));
	if (!rc)
		rc = fake_ext(m, 1, MMUEXT_SET_LDT, VA(0, 0, 0, 1), entries, DOMID_SELF);
	return rc;
}

TEST(ldt_fault_checks_limit_xsa298)
{
	struct mmu_vcpu *v = fake_vcpu(m, 1);
	struct tables t;
	uint64_t page = fake_alloc(m, 1), mfn;

	REFUSED(mmu_ldt_fault(&m->env, v, 0, &mfn), XEN_EINVAL);          /* no LDT at all */
	OK(ldt_setup(m, &t, page, RO, 16));
	REFUSED(mmu_ldt_fault(&m->env, v, 16 * 8, &mfn), XEN_EINVAL);
	OK(mmu_ldt_fault(&m->env, v, 15 * 8, &mfn));
	UNIT_CHECK_EQ(u, mfn, page);
}

TEST(ldt_fault_types_page_seg_desc)
{
	struct mmu_vcpu *v = fake_vcpu(m, 1);
	struct tables t;
	uint64_t page = fake_alloc(m, 1), mfn = 0;

	m->mem[page][3] = 0x00cf9b000000ffffull;        /* ring-0 code: fixed to DPL 3 */
	OK(ldt_setup(m, &t, page, RO, 512));
	OK(mmu_ldt_fault(&m->env, v, 24, &mfn));
	UNIT_CHECK_EQ(u, mfn, page);
	UNIT_CHECK_EQ(u, v->ldt_frames[0], page);
	UNIT_CHECK_EQ(u, FRAME(page)->type, MMU_TYPE_SEG_DESC);
	UNIT_CHECK_EQ(u, FRAME(page)->type_count, 1);
	UNIT_CHECK_EQ(u, m->mem[page][3], 0x00cffb000000ffffull);
	OK(mmu_ldt_fault(&m->env, v, 0, &mfn));
	UNIT_CHECK_EQ(u, FRAME(page)->type_count, 1);
	/* now the page cannot be mapped writable */
	REFUSED(uvm(m, 1, VA(0, 0, 0, 2), fake_pte(page, RW), UVMF_NONE), XEN_EBUSY);
}

TEST(ldt_fault_refuses_writable_or_missing_page)
{
	struct mmu_vcpu *v = fake_vcpu(m, 1);
	struct tables t;
	uint64_t page = fake_alloc(m, 1), bad = fake_alloc(m, 1), mfn;

	m->mem[bad][0] = 0x0000890000000000ull;         /* a TSS descriptor */
	OK(ldt_setup(m, &t, page, RW, 1024));
	REFUSED(mmu_ldt_fault(&m->env, v, 0, &mfn), XEN_EFAULT);        /* mapped writable */
	REFUSED(mmu_ldt_fault(&m->env, v, 4096, &mfn), XEN_EFAULT);     /* not mapped */
	OK(fake_update(m, 1, t.l1, 2, fake_pte(bad, RO)));
	REFUSED(mmu_ldt_fault(&m->env, v, 4096, &mfn), XEN_EFAULT);     /* bad descriptor */
	OK(fake_ext(m, 1, MMUEXT_SET_LDT, VA(0, 1, 0, 0), 16, DOMID_SELF));
	REFUSED(mmu_ldt_fault(&m->env, v, 0, &mfn), XEN_EFAULT);        /* no L2 there */
	OK(fake_ext(m, 1, MMUEXT_SET_LDT, (1ull << 47) - 4096, 1024, DOMID_SELF));
	REFUSED(mmu_ldt_fault(&m->env, v, 4096, &mfn), XEN_EINVAL);     /* not addressable */
}

TEST(ldt_pages_dropped_on_ldt_or_baseptr_change)
{
	struct mmu_vcpu *v = fake_vcpu(m, 1);
	struct tables t;
	uint64_t page = fake_alloc(m, 1), other_l4 = fake_alloc(m, 1), mfn;

	OK(ldt_setup(m, &t, page, RO, 512));
	OK(mmu_ldt_fault(&m->env, v, 0, &mfn));
	v->pending = 0;
	OK(fake_ext(m, 1, MMUEXT_SET_LDT, VA(0, 0, 0, 1), 256, DOMID_SELF));
	UNIT_CHECK_EQ(u, v->ldt_frames[0], MMU_NO_MFN);
	UNIT_CHECK_EQ(u, FRAME(page)->type_count, 0);
	UNIT_CHECK(u, v->pending & MMU_VCPU_RELOAD_LDT);
	OK(mmu_ldt_fault(&m->env, v, 0, &mfn));
	v->pending = 0;
	OK(fake_ext(m, 1, MMUEXT_NEW_BASEPTR, other_l4, 0, DOMID_SELF));
	UNIT_CHECK_EQ(u, v->ldt_frames[0], MMU_NO_MFN);
	UNIT_CHECK_EQ(u, FRAME(page)->type_count, 0);
	UNIT_CHECK_EQ(u, v->pending, MMU_VCPU_RELOAD_CR3 | MMU_VCPU_RELOAD_LDT);
}

static const struct unit_case cases[] = {
	{ "mmu/update-va-mapping-rewrites-l1-entry", update_va_mapping_rewrites_l1_entry },
	{ "mmu/update-va-mapping-refuses-hypervisor-address", update_va_mapping_refuses_hypervisor_address },
	{ "mmu/update-va-mapping-flush-only-on-success-xsa279", update_va_mapping_flush_only_on_success_xsa279 },
	{ "mmu/update-va-mapping-flush-kinds", update_va_mapping_flush_kinds },
	{ "mmu/update-va-mapping-unreadable-mask-efault-after-write", update_va_mapping_unreadable_mask_efault_after_write },
	{ "mmu/update-va-mapping-needs-present-tables", update_va_mapping_needs_present_tables },
	{ "mmu/update-va-mapping-through-self-map-refused", update_va_mapping_through_self_map_refused },
	{ "mmu/update-va-mapping-otherdomain-needs-privilege", update_va_mapping_otherdomain_needs_privilege },
	{ "mmu/ldt-fault-checks-limit-xsa298", ldt_fault_checks_limit_xsa298 },
	{ "mmu/ldt-fault-types-page-seg-desc", ldt_fault_types_page_seg_desc },
	{ "mmu/ldt-fault-refuses-writable-or-missing-page", ldt_fault_refuses_writable_or_missing_page },
	{ "mmu/ldt-pages-dropped-on-ldt-or-baseptr-change", ldt_pages_dropped_on_ldt_or_baseptr_change },
};
const struct mmu_suite mmu_suite_va = { cases, ARRAY_LEN(cases) };
