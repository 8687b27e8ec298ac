/*
 * mmuext_op: pins, base pointers, flush requests, the LDT, copy/clear page.
 */
#include "mmu_test.h"

TEST(pin_does_not_nest)
{
	uint64_t l2 = fake_pinned(m, 2, 1);

	REFUSED(fake_pin(m, 1, 2, l2), XEN_EINVAL);
	REFUSED(fake_pin(m, 1, 1, l2), XEN_EINVAL);
	UNIT_CHECK_EQ(u, FRAME(l2)->type_count, 1);
}

TEST(unpin_requires_pin)
{
	uint64_t page = fake_alloc(m, 1), l1 = fake_pinned(m, 1, 1);

	REFUSED(fake_ext(m, 1, MMUEXT_UNPIN_TABLE, page, 0, DOMID_SELF), XEN_EINVAL);
	REFUSED(fake_ext(m, 2, MMUEXT_UNPIN_TABLE, l1, 0, DOMID_SELF), XEN_EINVAL);
	REFUSED(fake_ext(m, 1, MMUEXT_UNPIN_TABLE, l1, 0, DOMID_IO), XEN_EINVAL);
	REFUSED(fake_ext(m, 1, MMUEXT_UNPIN_TABLE, 1ull << 50, 0, DOMID_SELF), XEN_EINVAL);
	OK(fake_ext(m, 1, MMUEXT_UNPIN_TABLE, l1, 0, DOMID_SELF));
	REFUSED(fake_ext(m, 1, MMUEXT_UNPIN_TABLE, l1, 0, DOMID_SELF), XEN_EINVAL);
}

TEST(pin_foreign_needs_privilege)
{
	uint64_t theirs = fake_alloc(m, 1);

	REFUSED(fake_ext(m, 2, MMUEXT_PIN_L1_TABLE, theirs, 0, 1), XEN_EPERM);
	REFUSED(fake_ext(m, 2, MMUEXT_PIN_L1_TABLE, theirs, 0, DOMID_SELF), XEN_EINVAL);
	REFUSED(fake_ext(m, 0, MMUEXT_PIN_L1_TABLE, theirs, 0, DOMID_SELF), XEN_EINVAL);
	REFUSED(fake_ext(m, 0, MMUEXT_PIN_L1_TABLE, theirs, 0, DOMID_IO), XEN_EINVAL);
	REFUSED(fake_ext(m, 0, MMUEXT_PIN_L1_TABLE, 40, 0, DOMID_SELF), XEN_EINVAL);
	REFUSED(fake_ext(m, 0, MMUEXT_PIN_L1_TABLE, ~0ull, 0, DOMID_SELF), XEN_EINVAL);
	OK(fake_ext(m, 0, MMUEXT_PIN_L2_TABLE, theirs, 0, 1));
	UNIT_CHECK(u, FRAME(theirs)->flags & MMU_FRAME_PINNED);
	UNIT_CHECK_EQ(u, FRAME(theirs)->type, MMU_TYPE_L2);
	OK(fake_ext(m, 0, MMUEXT_UNPIN_TABLE, theirs, 0, 1));
}

TEST(new_baseptr_requests_cr3_reload)
{
	struct mmu_vcpu *v = fake_vcpu(m, 1);
	uint64_t a = fake_alloc(m, 1), b = fake_alloc(m, 1);

	OK(fake_ext(m, 1, MMUEXT_NEW_BASEPTR, a, 0, DOMID_SELF));
	UNIT_CHECK_EQ(u, v->kernel_l4, a);
	UNIT_CHECK(u, v->pending & MMU_VCPU_RELOAD_CR3);
	UNIT_CHECK_EQ(u, FRAME(a)->type, MMU_TYPE_L4);
	v->pending = 0;
	OK(fake_ext(m, 1, MMUEXT_NEW_BASEPTR, a, 0, DOMID_SELF));
	UNIT_CHECK_EQ(u, v->pending, MMU_VCPU_RELOAD_CR3);
	UNIT_CHECK_EQ(u, FRAME(a)->type_count, 1);
	OK(fake_ext(m, 1, MMUEXT_NEW_BASEPTR, b, 0, DOMID_SELF));
	UNIT_CHECK_EQ(u, v->kernel_l4, b);
	UNIT_CHECK_EQ(u, FRAME(a)->type, MMU_TYPE_NONE);
	UNIT_CHECK_EQ(u, FRAME(a)->count, 1);
}

TEST(new_baseptr_refusals)
{
	uint64_t holder = fake_pinned(m, 1, 1), data = fake_alloc(m, 1);
	uint64_t theirs = fake_alloc(m, 2), mine = fake_alloc(m, 1);

	OK(fake_update(m, 1, holder, 0, fake_pte(data, RW)));
	REFUSED(fake_ext(m, 1, MMUEXT_NEW_BASEPTR, data, 0, DOMID_SELF), XEN_EINVAL);
	REFUSED(fake_ext(m, 1, MMUEXT_NEW_BASEPTR, theirs, 0, DOMID_SELF), XEN_EINVAL);
	REFUSED(fake_ext(m, 1, MMUEXT_NEW_BASEPTR, MMU_NO_MFN, 0, DOMID_SELF), XEN_EINVAL);
	REFUSED(fake_ext(m, 1, MMUEXT_NEW_BASEPTR, mine, 0, DOMID_IO), XEN_EPERM);
	REFUSED(fake_ext(m, 0, MMUEXT_NEW_BASEPTR, theirs, 0, 2), XEN_EPERM);
	REFUSED(fake_ext(m, 1, MMUEXT_NEW_USER_BASEPTR, data, 0, DOMID_SELF), XEN_EINVAL);
	REFUSED(fake_ext(m, 0, MMUEXT_NEW_USER_BASEPTR, theirs, 0, 2), XEN_EPERM);
}

TEST(user_baseptr_zero_clears)
{
	struct mmu_vcpu *v = fake_vcpu(m, 1);
	uint64_t a = fake_alloc(m, 1);

	OK(fake_ext(m, 1, MMUEXT_NEW_USER_BASEPTR, a, 0, DOMID_SELF));
	UNIT_CHECK_EQ(u, v->user_l4, a);
	UNIT_CHECK(u, v->pending & MMU_VCPU_RELOAD_CR3);
	v->pending = 0;
	OK(fake_ext(m, 1, MMUEXT_NEW_USER_BASEPTR, a, 0, DOMID_SELF));
	UNIT_CHECK_EQ(u, v->pending, 0);
	OK(fake_ext(m, 1, MMUEXT_NEW_USER_BASEPTR, 0, 0, DOMID_SELF));
	UNIT_CHECK_EQ(u, v->user_l4, MMU_NO_MFN);
	UNIT_CHECK_EQ(u, FRAME(a)->type_count, 0);
	UNIT_CHECK(u, v->pending & MMU_VCPU_RELOAD_CR3);
}

/* Run one mmuext flush command and return the flush it caused (or none). */
static bool ext_flush(struct fake_machine *m, unsigned int cmd, uint64_t va,
                      uint64_t mask_va, struct fake_flush *seen)
{
	unsigned int before = m->nr_flushes;
	struct mmuext_op op = { .cmd = cmd };

	op.arg1.linear_addr = va;
	op.arg2.vcpumask = mask_va;
	if (mmuext_op_one(&m->env, fake_vcpu(m, 1), &op, DOMID_SELF))
		return false;
	*seen = m->last_flush;
	return m->nr_flushes == before + 1;
}

TEST(flush_ops_call_flush)
{
	struct fake_flush f;
	const uint64_t bad_va = HYPERVISOR_VIRT_START + 0x1000;
	const uint64_t mask = FAKE_GUEST_VA;

	UNIT_CHECK(u, ext_flush(m, MMUEXT_TLB_FLUSH_LOCAL, 0, 0, &f));
	UNIT_CHECK_EQ(u, f.kind, MMU_FLUSH_LOCAL);
	UNIT_CHECK(u, ext_flush(m, MMUEXT_INVLPG_LOCAL, 0x4000, 0, &f));
	UNIT_CHECK_EQ(u, f.kind, MMU_FLUSH_INVLPG_LOCAL);
	UNIT_CHECK_EQ(u, f.va, 0x4000);
	UNIT_CHECK(u, !ext_flush(m, MMUEXT_INVLPG_LOCAL, bad_va, 0, &f));
	UNIT_CHECK(u, !ext_flush(m, MMUEXT_INVLPG_LOCAL, 1ull << 47, 0, &f));
	UNIT_CHECK(u, ext_flush(m, MMUEXT_TLB_FLUSH_ALL, 0, 0, &f));
	UNIT_CHECK_EQ(u, f.kind, MMU_FLUSH_DOMAIN);
	UNIT_CHECK(u, f.d == fake_dom(m, 1));
	UNIT_CHECK(u, ext_flush(m, MMUEXT_INVLPG_ALL, 0xFFFF900000000000ull, 0, &f));
	UNIT_CHECK_EQ(u, f.kind, MMU_FLUSH_INVLPG_DOMAIN);
	UNIT_CHECK(u, !ext_flush(m, MMUEXT_INVLPG_ALL, bad_va, 0, &f));
	/* MULTI: a bitmap naming vCPU 1 flushes; one naming only vCPUs the
	   domain does not have does not. */
	m->guest_mem[0] = 2;
	UNIT_CHECK(u, ext_flush(m, MMUEXT_TLB_FLUSH_MULTI, 0, mask, &f));
	UNIT_CHECK_EQ(u, f.kind, MMU_FLUSH_DOMAIN);
	UNIT_CHECK(u, ext_flush(m, MMUEXT_INVLPG_MULTI, 0x5000, mask, &f));
	UNIT_CHECK_EQ(u, f.kind, MMU_FLUSH_INVLPG_DOMAIN);
	UNIT_CHECK_EQ(u, f.va, 0x5000);
	UNIT_CHECK(u, !ext_flush(m, MMUEXT_INVLPG_MULTI, bad_va, mask, &f));
	m->guest_mem[0] = 4;
	UNIT_CHECK(u, !ext_flush(m, MMUEXT_TLB_FLUSH_MULTI, 0, mask, &f));
	fake_dom(m, 1)->max_vcpus = 64;
	UNIT_CHECK(u, ext_flush(m, MMUEXT_TLB_FLUSH_MULTI, 0, mask, &f));
	fake_dom(m, 1)->max_vcpus = 65;
	m->guest_mem[0] = 0;
	m->guest_mem[8] = 1;
	UNIT_CHECK(u, ext_flush(m, MMUEXT_TLB_FLUSH_MULTI, 0, mask, &f));
}

TEST(flush_multi_unreadable_mask_refused)
{
	struct mmuext_op op = { .cmd = MMUEXT_TLB_FLUSH_MULTI };

	op.arg2.vcpumask = 0x1234;
	REFUSED(mmuext_op_one(&m->env, fake_vcpu(m, 1), &op, DOMID_SELF), XEN_EINVAL);
	UNIT_CHECK_EQ(u, m->nr_flushes, 0);
}

TEST(flush_ops_need_self)
{
	for (unsigned int cmd = MMUEXT_TLB_FLUSH_LOCAL; cmd <= MMUEXT_INVLPG_ALL; cmd++) {
		REFUSED(fake_ext(m, 0, cmd, 0, 0, 1), XEN_EPERM);
		REFUSED(fake_ext(m, 1, cmd, 0, 0, DOMID_IO), XEN_EPERM);
	}
	UNIT_CHECK_EQ(u, m->nr_flushes, 0);
}

TEST(flush_cache_needs_io_capable)
{
	REFUSED(fake_ext(m, 1, MMUEXT_FLUSH_CACHE, 0, 0, DOMID_SELF), XEN_EACCES);
	REFUSED(fake_ext(m, 0, MMUEXT_FLUSH_CACHE_GLOBAL, 0, 0, 1), XEN_EPERM);
	fake_dom(m, 1)->io_capable = true;
	OK(fake_ext(m, 1, MMUEXT_FLUSH_CACHE_GLOBAL, 0, 0, DOMID_SELF));
	UNIT_CHECK_EQ(u, m->last_flush.kind, MMU_FLUSH_CACHE);
}

TEST(set_ldt_checks_base_and_size)
{
	struct mmu_vcpu *v = fake_vcpu(m, 1);

	REFUSED(fake_ext(m, 1, MMUEXT_SET_LDT, 0x10000, 8193, DOMID_SELF), XEN_EINVAL);
	REFUSED(fake_ext(m, 1, MMUEXT_SET_LDT, 0x10008, 16, DOMID_SELF), XEN_EINVAL);
	REFUSED(fake_ext(m, 1, MMUEXT_SET_LDT, HYPERVISOR_VIRT_START, 16, DOMID_SELF), XEN_EINVAL);
	REFUSED(fake_ext(m, 0, MMUEXT_SET_LDT, 0x10000, 16, 1), XEN_EPERM);
	OK(fake_ext(m, 1, MMUEXT_SET_LDT, 0x10000, 8192, DOMID_SELF));
	UNIT_CHECK_EQ(u, v->ldt_base, 0x10000);
	UNIT_CHECK_EQ(u, v->ldt_entries, 8192);
	UNIT_CHECK(u, v->pending & MMU_VCPU_RELOAD_LDT);
	v->pending = 0;
	OK(fake_ext(m, 1, MMUEXT_SET_LDT, 0x10000, 8192, DOMID_SELF));
	UNIT_CHECK_EQ(u, v->pending, 0);
	OK(fake_ext(m, 1, MMUEXT_SET_LDT, 0x10008, 0, DOMID_SELF));   /* no LDT: base unchecked */
	UNIT_CHECK_EQ(u, v->ldt_entries, 0);
}

TEST(clear_page_and_copy_page)
{
	uint64_t a = fake_alloc(m, 1), b = fake_alloc(m, 1), pt = fake_pinned(m, 1, 1);
	uint64_t theirs = fake_alloc(m, 2), shared = 40;

	OK(mmu_frame_assign(&m->env, fake_dom(m, 1), shared, true));
	m->mem[a][7] = 0xabcdef;
	OK(fake_ext(m, 1, MMUEXT_COPY_PAGE, b, a, DOMID_SELF));
	UNIT_CHECK_EQ(u, m->mem[b][7], 0xabcdef);
	OK(fake_ext(m, 1, MMUEXT_COPY_PAGE, b, b, DOMID_SELF));
	OK(fake_ext(m, 1, MMUEXT_CLEAR_PAGE, a, 0, DOMID_SELF));
	UNIT_CHECK_EQ(u, m->mem[a][7], 0);
	UNIT_CHECK_EQ(u, FRAME(a)->type_count, 0);
	REFUSED(fake_ext(m, 1, MMUEXT_CLEAR_PAGE, pt, 0, DOMID_SELF), XEN_EINVAL);
	REFUSED(fake_ext(m, 1, MMUEXT_CLEAR_PAGE, theirs, 0, DOMID_SELF), XEN_EINVAL);
	REFUSED(fake_ext(m, 1, MMUEXT_CLEAR_PAGE, a, 0, DOMID_IO), XEN_EINVAL);
	REFUSED(fake_ext(m, 1, MMUEXT_COPY_PAGE, pt, a, DOMID_SELF), XEN_EINVAL);
	REFUSED(fake_ext(m, 1, MMUEXT_COPY_PAGE, a, theirs, DOMID_SELF), XEN_EINVAL);
	REFUSED(fake_ext(m, 1, MMUEXT_COPY_PAGE, a, b, DOMID_IO), XEN_EINVAL);
	OK(fake_ext(m, 1, MMUEXT_COPY_PAGE, a, pt, DOMID_SELF));       /* reading a table is fine */
	OK(fake_ext(m, 0, MMUEXT_CLEAR_PAGE, theirs, 0, 2));
	/* shared_info is a writable page of the domain, as in Xen: it may be
	   cleared and written, and keeps its permanent writable type */
	m->mem[shared][3] = 0x5a;
	OK(fake_ext(m, 1, MMUEXT_COPY_PAGE, b, shared, DOMID_SELF));
	UNIT_CHECK_EQ(u, m->mem[b][3], 0x5a);
	OK(fake_ext(m, 1, MMUEXT_CLEAR_PAGE, shared, 0, DOMID_SELF));
	UNIT_CHECK_EQ(u, m->mem[shared][3], 0);
	OK(fake_ext(m, 1, MMUEXT_COPY_PAGE, shared, b, DOMID_SELF));
	UNIT_CHECK_EQ(u, m->mem[shared][3], 0x5a);
	UNIT_CHECK_EQ(u, FRAME(shared)->type, MMU_TYPE_WRITABLE);
	UNIT_CHECK_EQ(u, FRAME(shared)->type_count, 1);
	REFUSED(fake_pin(m, 1, 1, shared), XEN_EINVAL);
}

TEST(unknown_and_superpage_ops)
{
	REFUSED(fake_ext(m, 1, MMUEXT_MARK_SUPER, 2, 0, DOMID_SELF), XEN_EOPNOTSUPP);
	REFUSED(fake_ext(m, 1, MMUEXT_UNMARK_SUPER, ~0ull, 0, DOMID_SELF), XEN_EOPNOTSUPP);
	REFUSED(fake_ext(m, 1, 14, 0, 0, DOMID_SELF), XEN_ENOSYS);
	REFUSED(fake_ext(m, 1, 21, 0, 0, DOMID_SELF), XEN_ENOSYS);
	REFUSED(fake_ext(m, 1, ~0u, 0, 0, DOMID_SELF), XEN_ENOSYS);
	REFUSED(fake_ext(m, 1, MMUEXT_PIN_L1_TABLE, 2, 0, 9), XEN_ESRCH);
}

/* The batch-level check gives what every op would get, before any op. */
TEST(foreigndom_checked_before_the_ops)
{
	REFUSED(mmuext_foreigndom_check(&m->env, fake_dom(m, 2), 1), XEN_EPERM);
	REFUSED(mmuext_foreigndom_check(&m->env, fake_dom(m, 2), 2), XEN_ESRCH);
	REFUSED(mmuext_foreigndom_check(&m->env, fake_dom(m, 0), 9), XEN_ESRCH);
	REFUSED(mmuext_foreigndom_check(&m->env, fake_dom(m, 2), DOMID_XEN), XEN_EPERM);
	OK(mmuext_foreigndom_check(&m->env, fake_dom(m, 2), DOMID_SELF));
	OK(mmuext_foreigndom_check(&m->env, fake_dom(m, 2), DOMID_IO));
	OK(mmuext_foreigndom_check(&m->env, fake_dom(m, 0), 1));
}

static const struct unit_case cases[] = {
	{ "mmu/pin-does-not-nest", pin_does_not_nest },
	{ "mmu/unpin-requires-pin", unpin_requires_pin },
	{ "mmu/pin-foreign-needs-privilege", pin_foreign_needs_privilege },
	{ "mmu/new-baseptr-requests-cr3-reload", new_baseptr_requests_cr3_reload },
	{ "mmu/new-baseptr-refusals", new_baseptr_refusals },
	{ "mmu/user-baseptr-zero-clears", user_baseptr_zero_clears },
	{ "mmu/flush-ops-call-flush", flush_ops_call_flush },
	{ "mmu/flush-multi-unreadable-mask-refused", flush_multi_unreadable_mask_refused },
	{ "mmu/flush-ops-need-self", flush_ops_need_self },
	{ "mmu/flush-cache-needs-io-capable", flush_cache_needs_io_capable },
	{ "mmu/set-ldt-checks-base-and-size", set_ldt_checks_base_and_size },
	{ "mmu/clear-page-and-copy-page", clear_page_and_copy_page },
	{ "mmu/unknown-and-superpage-ops", unknown_and_superpage_ops },
	{ "mmu/foreigndom-checked-before-the-ops", foreigndom_checked_before_the_ops },
};
const struct mmu_suite mmu_suite_ext = { cases, ARRAY_LEN(cases) };
