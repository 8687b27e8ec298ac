/*
 * Whole lifetimes: a guest building its page tables from scratch, the domain
 * builder's bootstrap tables, and domain teardown.
 */
#include "mmu_test.h"

#define UP (RW | MMU_PTE_US)

static int uvm(struct fake_machine *m, domid_t id, uint64_t va, uint64_t val)
{
	return mmu_update_va_mapping(&m->env, fake_vcpu(m, id), va, val, UVMF_INVLPG,
	                             DOMID_SELF);
}

/* A guest builds L4 -> L3 -> L2 -> L1 through hypercalls alone, runs on it
   with separate user tables, and takes it down again. */
TEST(full_hierarchy_build_install_teardown)
{
	struct mmu_vcpu *v = fake_vcpu(m, 1);
	uint64_t l4 = fake_alloc(m, 1), l3 = fake_alloc(m, 1), l2 = fake_alloc(m, 1);
	uint64_t l1 = fake_alloc(m, 1), user_l4 = fake_alloc(m, 1), spare_l4 = fake_alloc(m, 1);
	uint64_t data[4];
	struct mmu_frame before[FAKE_FRAMES];

	for (int i = 0; i < 4; i++)
		data[i] = fake_alloc(m, 1);
	memcpy(before, m->frames, sizeof(before));

	/* Fill the still untyped frames with plain mmu_update writes. */
	for (int i = 0; i < 4; i++)
		OK(fake_update(m, 1, l1, i, fake_pte(data[i], RW)));
	OK(fake_update(m, 1, l1, 10, fake_pte(l1, RO)));        /* tables read-only */
	OK(fake_update(m, 1, l1, 11, fake_pte(l2, RO)));
	OK(fake_pin(m, 1, 1, l1));
	OK(fake_update(m, 1, l2, 0, fake_pte(l1, UP)));
	OK(fake_update(m, 1, l3, 0, fake_pte(l2, UP)));
	OK(fake_update(m, 1, l4, 0, fake_pte(l3, UP)));
	OK(fake_update(m, 1, user_l4, 0, fake_pte(l3, UP)));
	OK(fake_pin(m, 1, 4, l4));
	UNIT_CHECK_EQ(u, FRAME(l3)->type, MMU_TYPE_L3);
	UNIT_CHECK_EQ(u, FRAME(l2)->type, MMU_TYPE_L2);
	UNIT_CHECK_EQ(u, FRAME(l1)->type_count, 2);             /* pin + L2 entry */
	OK(fake_update(m, 1, l4, 1, fake_pte(l4, RO)));         /* a self-map */

	/* Switch to it, with separate user tables sharing the L3. */
	OK(fake_ext(m, 1, MMUEXT_NEW_BASEPTR, l4, 0, DOMID_SELF));
	OK(fake_ext(m, 1, MMUEXT_NEW_USER_BASEPTR, user_l4, 0, DOMID_SELF));
	UNIT_CHECK(u, v->pending & MMU_VCPU_RELOAD_CR3);
	UNIT_CHECK_EQ(u, FRAME(l3)->type_count, 2);
	OK(uvm(m, 1, 5ull << 12, fake_pte(data[0], RO)));
	OK(uvm(m, 1, 5ull << 12, 0));
	ERR(uvm(m, 1, 11ull << 12, fake_pte(l2, RW)), XEN_EBUSY);

	/* Take it down. */
	OK(fake_ext(m, 1, MMUEXT_NEW_USER_BASEPTR, 0, 0, DOMID_SELF));
	OK(fake_ext(m, 1, MMUEXT_UNPIN_TABLE, l4, 0, DOMID_SELF));
	UNIT_CHECK_EQ(u, FRAME(l4)->type, MMU_TYPE_L4);         /* still the base */
	OK(fake_ext(m, 1, MMUEXT_NEW_BASEPTR, spare_l4, 0, DOMID_SELF));
	OK(fake_ext(m, 1, MMUEXT_UNPIN_TABLE, l1, 0, DOMID_SELF));
	for (uint64_t f = 0; f < FAKE_FRAMES; f++) {
		if (f == spare_l4)
			continue;
		UNIT_CHECK_EQ(u, FRAME(f)->count, before[f].count);
		UNIT_CHECK_EQ(u, FRAME(f)->type_count, before[f].type_count);
		UNIT_CHECK_EQ(u, FRAME(f)->linear, 0);
		UNIT_CHECK(u, FRAME(f)->type == MMU_TYPE_NONE || FRAME(f)->type == MMU_TYPE_WRITABLE);
		UNIT_CHECK(u, !(FRAME(f)->flags & (MMU_FRAME_VALIDATED | MMU_FRAME_PINNED)));
	}
}

TEST(boot_l4_install_validates_hierarchy)
{
	struct mmu_vcpu *v = fake_vcpu(m, 1);
	uint64_t l4, l3, l2, l1, data;

	fake_hierarchy(m, 1, &l4, &l3, &l2, &l1, &data);
	/* the builder maps the tables read-only into the bootstrap region */
	m->mem[l1][1] = fake_pte(l4, RO);
	m->mem[l1][2] = fake_pte(l1, RO);
	m->mem[l1][3] = fake_pte(l2, RW);                       /* a builder bug */
	REFUSED(mmu_install_boot_l4(&m->env, v, l4), XEN_EBUSY);
	m->mem[l1][3] = fake_pte(l2, RO);
	OK(mmu_install_boot_l4(&m->env, v, l4));
	UNIT_CHECK_EQ(u, v->kernel_l4, l4);
	UNIT_CHECK(u, FRAME(l4)->flags & MMU_FRAME_PINNED);
	UNIT_CHECK_EQ(u, FRAME(l4)->type_count, 2);
	UNIT_CHECK_EQ(u, FRAME(l1)->type, MMU_TYPE_L1);
	UNIT_CHECK_EQ(u, FRAME(data)->type, MMU_TYPE_WRITABLE);
	UNIT_CHECK(u, v->pending & MMU_VCPU_RELOAD_CR3);
	REFUSED(mmu_install_boot_l4(&m->env, v, MMU_NO_MFN), XEN_EINVAL);
}

/* Domain 1 with everything a running guest holds. */
static void busy_domain(struct unit *u, struct fake_machine *m)
{
	struct mmu_vcpu *v = fake_vcpu(m, 1);
	uint64_t l4, l3, l2, l1, data, mfn;
	uint64_t gdt = fake_alloc(m, 1), ldt = fake_alloc(m, 1), a = fake_alloc(m, 1);
	uint64_t b = fake_alloc(m, 1), user_l4 = fake_alloc(m, 1), spare = fake_alloc(m, 1);

	fake_hierarchy(m, 1, &l4, &l3, &l2, &l1, &data);
	m->mem[l1][1] = fake_pte(ldt, RO);
	OK(mmu_install_boot_l4(&m->env, v, l4));
	OK(mmu_frame_assign(&m->env, fake_dom(m, 1), 40, true));
	OK(fake_update(m, 1, l1, 2, fake_pte(40, RW)));
	OK(fake_ext(m, 1, MMUEXT_NEW_USER_BASEPTR, user_l4, 0, DOMID_SELF));
	OK(mmu_set_gdt(&m->env, v, &gdt, 100));
	OK(fake_ext(m, 1, MMUEXT_SET_LDT, 0x1000, 10, DOMID_SELF));
	OK(mmu_ldt_fault(&m->env, v, 0, &mfn));
	OK(fake_pin(m, 1, 2, a));
	OK(fake_pin(m, 1, 2, b));
	OK(fake_update(m, 1, a, 0, fake_pte(b, RO)));           /* linear */
	OK(fake_update(m, 1, l4, 3, fake_pte(l4, RO)));         /* self-map */
	OK(fake_ext(m, 1, MMUEXT_UNPIN_TABLE, b, 0, DOMID_SELF));
	OK(fake_update(m, 1, l1, 3, fake_pte(spare, RW)));
	OK(mmu_frame_unassign(&m->env, fake_dom(m, 1), spare)); /* mapped, not allocated */
	ERR(fake_pin(m, 1, 1, spare), XEN_EINVAL);
}

TEST(relinquish_releases_every_frame)
{
	unsigned int owned = 0;

	busy_domain(u, m);
	if (u->failed)
		return;
	for (uint64_t f = 0; f < FAKE_FRAMES; f++)
		owned += FRAME(f)->owner == 1;
	fake_destroy(m, 1);
	UNIT_CHECK_EQ(u, m->nr_released, owned);
	for (uint64_t f = 0; f < FAKE_FRAMES; f++) {
		UNIT_CHECK(u, FRAME(f)->owner != 1);
		if (FRAME(f)->owner == DOMID_INVALID)
			UNIT_CHECK_EQ(u, FRAME(f)->count, 0);
	}
	UNIT_CHECK_EQ(u, fake_vcpu(m, 1)->kernel_l4, MMU_NO_MFN);
	UNIT_CHECK_EQ(u, fake_vcpu(m, 1)->gdt_nr_frames, 0);
	UNIT_CHECK_EQ(u, fake_vcpu(m, 1)->ldt_frames[0], MMU_NO_MFN);
}

TEST(relinquish_keeps_frames_mapped_by_privileged_domain)
{
	uint64_t dom0_l1 = fake_pinned(m, 1, 0);
	uint64_t l4, l3, l2, l1, data;

	fake_hierarchy(m, 1, &l4, &l3, &l2, &l1, &data);
	OK(mmu_install_boot_l4(&m->env, fake_vcpu(m, 1), l4));
	OK(fake_update_fd(m, 0, dom0_l1, 0, fake_pte(data, RW), 1));
	OK(fake_update_fd(m, 0, dom0_l1, 1, fake_pte(l2, RO), 1));
	fake_destroy(m, 1);
	UNIT_CHECK_EQ(u, m->nr_released, 3);
	UNIT_CHECK_EQ(u, FRAME(data)->owner, 1);
	UNIT_CHECK_EQ(u, FRAME(data)->count, 1);
	UNIT_CHECK_EQ(u, FRAME(l2)->type, MMU_TYPE_NONE);
	OK(fake_update(m, 0, dom0_l1, 0, 0));
	OK(fake_update(m, 0, dom0_l1, 1, 0));
	UNIT_CHECK_EQ(u, m->nr_released, 5);
	UNIT_CHECK_EQ(u, FRAME(data)->owner, DOMID_INVALID);
	/* the released frames can be handed out again */
	UNIT_CHECK(u, fake_alloc(m, 2) != 0);
}

TEST(vm_assist_valid_types)
{
	struct mmu_domain *d = fake_dom(m, 1);

	OK(mmu_vm_assist(d, VMASST_CMD_enable, VMASST_TYPE_writable_pagetables));
	OK(mmu_vm_assist(d, VMASST_CMD_enable, VMASST_TYPE_m2p_strict));
	UNIT_CHECK_EQ(u, d->vm_assist, (1ull << 2) | (1ull << 32));
	OK(mmu_vm_assist(d, VMASST_CMD_disable, VMASST_TYPE_writable_pagetables));
	UNIT_CHECK_EQ(u, d->vm_assist, 1ull << 32);
	ERR(mmu_vm_assist(d, VMASST_CMD_enable, 6), XEN_EINVAL);
	ERR(mmu_vm_assist(d, VMASST_CMD_enable, 64), XEN_EINVAL);
	ERR(mmu_vm_assist(d, 2, VMASST_TYPE_m2p_strict), XEN_ENOSYS);
}

static const struct unit_case cases[] = {
	{ "mmu/full-hierarchy-build-install-teardown", full_hierarchy_build_install_teardown },
	{ "mmu/boot-l4-install-validates-hierarchy", boot_l4_install_validates_hierarchy },
	{ "mmu/relinquish-releases-every-frame", relinquish_releases_every_frame },
	{ "mmu/relinquish-keeps-frames-mapped-by-privileged-domain", relinquish_keeps_frames_mapped_by_privileged_domain },
	{ "mmu/vm-assist-valid-types", vm_assist_valid_types },
};
const struct mmu_suite mmu_suite_teardown = { cases, ARRAY_LEN(cases) };
