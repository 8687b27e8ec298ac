/*
 * L1 entries: what a present entry may map, with which bits, and what it
 * holds on the frame it maps.
 */
#include "mmu_test.h"

TEST(l1_refuses_writable_map_of_pagetable)
{
	uint64_t holder = fake_pinned(m, 1, 1), pt = fake_pinned(m, 1, 1);
	uint64_t other = fake_table(m, 1, { 7, fake_pte(pt, RW) });

	REFUSED(fake_update(m, 1, holder, 0, fake_pte(pt, RW)), XEN_EBUSY);
	REFUSED(fake_update(m, 1, holder, 0, fake_pte(holder, RW)), XEN_EBUSY);
	REFUSED(fake_pin(m, 1, 1, other), XEN_EBUSY);
	OK(fake_update(m, 1, holder, 0, fake_pte(pt, RO)));
	UNIT_CHECK_EQ(u, FRAME(pt)->count, 3);
	UNIT_CHECK_EQ(u, FRAME(pt)->type, MMU_TYPE_L1);
}

TEST(l1_refuses_writable_map_of_seg_desc)
{
	uint64_t holder = fake_pinned(m, 1, 1), gdt = fake_alloc(m, 1);

	OK(mmu_set_gdt(&m->env, fake_vcpu(m, 1), &gdt, 16));
	REFUSED(fake_update(m, 1, holder, 0, fake_pte(gdt, RW)), XEN_EBUSY);
	OK(fake_update(m, 1, holder, 0, fake_pte(gdt, RO)));
}

TEST(pagetable_with_writable_mapping_cannot_be_pinned)
{
	uint64_t holder = fake_pinned(m, 1, 1), data = fake_alloc(m, 1);

	OK(fake_update(m, 1, holder, 0, fake_pte(data, RW)));
	for (unsigned int level = 1; level <= 4; level++)
		REFUSED(fake_pin(m, 1, level, data), XEN_EINVAL);
	OK(fake_update(m, 1, holder, 0, fake_pte(data, RO)));
	OK(fake_pin(m, 1, 1, data));
}

TEST(l1_refuses_foreign_frame_without_privilege)
{
	uint64_t holder = fake_pinned(m, 1, 1), theirs = fake_alloc(m, 2);

	REFUSED(fake_update(m, 1, holder, 0, fake_pte(theirs, RO)), XEN_EBUSY);
	REFUSED(fake_update_fd(m, 1, holder, 0, fake_pte(theirs, RO), 2), XEN_EPERM);
	REFUSED(fake_update_fd(m, 1, holder, 0, fake_pte(theirs, RO), 1), XEN_ESRCH);
	REFUSED(fake_update_fd(m, 1, holder, 0, fake_pte(theirs, RO), 7), XEN_ESRCH);
	REFUSED(fake_update_fd(m, 1, holder, 0, fake_pte(theirs, RO), DOMID_COW), XEN_ESRCH);
}

TEST(privileged_may_map_foreign_frame)
{
	uint64_t holder = fake_pinned(m, 1, 0), theirs = fake_alloc(m, 1);

	REFUSED(fake_update(m, 0, holder, 0, fake_pte(theirs, RW)), XEN_EBUSY);
	OK(fake_update_fd(m, 0, holder, 0, fake_pte(theirs, RW), 1));
	UNIT_CHECK_EQ(u, FRAME(theirs)->owner, 1);
	UNIT_CHECK_EQ(u, FRAME(theirs)->type, MMU_TYPE_WRITABLE);
	UNIT_CHECK_EQ(u, FRAME(theirs)->type_count, 1);
	/* The owner cannot turn a frame dom0 maps writable into a table. */
	REFUSED(fake_pin(m, 1, 1, theirs), XEN_EINVAL);
	OK(fake_update(m, 0, holder, 0, 0));
	UNIT_CHECK_EQ(u, FRAME(theirs)->count, 1);
}

TEST(l1_refuses_hypervisor_frame)
{
	uint64_t holder = fake_pinned(m, 1, 0);

	REFUSED(fake_update(m, 0, holder, 0, fake_pte(0, RO)), XEN_EBUSY);
	REFUSED(fake_update(m, 0, holder, 0, fake_pte(1, RW)), XEN_EBUSY);
	REFUSED(fake_update_fd(m, 0, holder, 0, fake_pte(1, RO), DOMID_XEN), XEN_EPERM);
}

TEST(l1_refuses_free_frame)
{
	uint64_t holder = fake_pinned(m, 1, 1);

	REFUSED(fake_update(m, 1, holder, 0, fake_pte(40, RO)), XEN_EBUSY);
	REFUSED(fake_update_fd(m, 0, holder, 0, fake_pte(40, RO), 2 << 16 | 2), XEN_EBUSY);
}

TEST(l1_flag_masks)
{
	uint64_t holder = fake_pinned(m, 1, 1), data = fake_alloc(m, 1);
	const uint64_t refused[] = { MMU_PTE_PWT, MMU_PTE_PCD, MMU_PTE_PAT };

	for (size_t i = 0; i < ARRAY_LEN(refused); i++)
		REFUSED(fake_update(m, 1, holder, 0, fake_pte(data, RW | refused[i])), XEN_EINVAL);
	/* bits 9-11 and 52-62 are the guest's (Xen's release builds: bit 62 too) */
	OK(fake_update(m, 1, holder, 0, fake_pte(data, RW | MMU_PTE_G | MMU_PTE_NX |
	                                         MMU_PTE_AVAIL | MMU_PTE_AVAIL_HIGH)));
	UNIT_CHECK_EQ(u, m->mem[holder][0], fake_pte(data, RW | MMU_PTE_G | MMU_PTE_NX | MMU_PTE_AVAIL |
	                                             MMU_PTE_AVAIL_HIGH | MMU_PTE_US));
	m->env.cpu_has_nx = false;
	REFUSED(fake_update(m, 1, holder, 1, fake_pte(data, RO | MMU_PTE_NX)), XEN_EINVAL);
	m->env.cpu_has_nx = true;
	fake_dom(m, 1)->io_capable = true;
	OK(fake_update(m, 1, holder, 1, fake_pte(data, RO | MMU_PTE_PCD | MMU_PTE_PWT)));
}

TEST(l1_adds_user_and_kernel_marker)
{
	uint64_t holder = fake_pinned(m, 1, 1), data = fake_alloc(m, 1);

	OK(fake_update(m, 1, holder, 0, fake_pte(data, RW)));
	UNIT_CHECK_EQ(u, m->mem[holder][0],
	              fake_pte(data, RW | MMU_PTE_US | MMU_PTE_GUEST_KERNEL));
	OK(fake_update(m, 1, holder, 1, fake_pte(data, RW | MMU_PTE_US)));
	UNIT_CHECK_EQ(u, m->mem[holder][1], fake_pte(data, RW | MMU_PTE_US));
	OK(fake_update(m, 1, holder, 2, fake_pte(data, 0)));
	UNIT_CHECK_EQ(u, m->mem[holder][2], fake_pte(data, 0));
}

TEST(io_memory_needs_permission)
{
	uint64_t holder = fake_pinned(m, 1, 1), dom0_l1 = fake_pinned(m, 1, 0);

	REFUSED(fake_update(m, 1, holder, 0, fake_pte(FAKE_IO_MFN, RW)), XEN_EPERM);
	REFUSED(fake_update(m, 1, holder, 0, fake_pte(1000, RW)), XEN_EPERM);
	m->iomem[1] = true;
	OK(fake_update(m, 1, holder, 0, fake_pte(FAKE_IO_MFN, RW)));
	OK(fake_update(m, 1, holder, 1, fake_pte(1000, RW)));
	UNIT_CHECK_EQ(u, FRAME(FAKE_IO_MFN)->count, 1);      /* no reference */
	/* Both the page owner and the table owner need the permission. */
	REFUSED(fake_update_fd(m, 0, dom0_l1, 0, fake_pte(1000, RW), 1), XEN_EPERM);
	OK(fake_update(m, 1, holder, 1, 0));
	m->env.iomem_allowed = NULL;
	REFUSED(fake_update(m, 1, holder, 1, fake_pte(1000, RW)), XEN_EPERM);
	OK(fake_update(m, 1, holder, 0, 0));
}

/* Xen's rule for I/O memory: WB, WT and WP become UC (PCD|PWT added);
   UC-, UC and WC stay as asked; RAM keeps what it was given. */
TEST(io_memory_mapped_uncached)
{
	uint64_t holder = fake_pinned(m, 1, 1), data = fake_alloc(m, 1);
	static const struct { uint64_t ask, get; } cases[] = {
		{ 0, MMU_PTE_PCD | MMU_PTE_PWT },
		{ MMU_PTE_PWT, MMU_PTE_PCD | MMU_PTE_PWT },
		{ MMU_PTE_PCD, MMU_PTE_PCD },
		{ MMU_PTE_PCD | MMU_PTE_PWT, MMU_PTE_PCD | MMU_PTE_PWT },
		{ MMU_PTE_PAT, MMU_PTE_PAT },
		{ MMU_PTE_PAT | MMU_PTE_PWT, MMU_PTE_PAT | MMU_PTE_PCD | MMU_PTE_PWT },
		{ MMU_PTE_PAT | MMU_PTE_PCD, MMU_PTE_PAT | MMU_PTE_PCD },
	};

	m->iomem[1] = true;
	fake_dom(m, 1)->io_capable = true;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		OK(fake_update_fd(m, 1, holder, i, fake_pte(FAKE_IO_MFN, RW | cases[i].ask), DOMID_IO));
		UNIT_CHECK_EQ(u, m->mem[holder][i] & MMU_PTE_CACHE, cases[i].get);
	}
	OK(fake_update(m, 1, holder, 10, fake_pte(data, RW)));
	UNIT_CHECK_EQ(u, m->mem[holder][10] & MMU_PTE_CACHE, 0);
}

TEST(domid_io_maps_only_io_memory)
{
	uint64_t holder = fake_pinned(m, 1, 1), data = fake_alloc(m, 1);

	m->iomem[1] = true;
	fake_dom(m, 1)->io_capable = true;      /* as the kernel sets it with I/O memory */
	REFUSED(fake_update_fd(m, 1, holder, 0, fake_pte(data, RO), DOMID_IO), XEN_EBUSY);
	OK(fake_update_fd(m, 1, holder, 0, fake_pte(FAKE_IO_MFN, RW), DOMID_IO));
}

TEST(cache_attributes_refused_on_shared_hypervisor_page)
{
	uint64_t holder = fake_pinned(m, 1, 1), data = fake_alloc(m, 1), shared = 40;

	fake_dom(m, 1)->io_capable = true;
	OK(mmu_frame_assign(&m->env, fake_dom(m, 1), shared, true));
	REFUSED(fake_update(m, 1, holder, 0, fake_pte(shared, RW | MMU_PTE_PCD)), XEN_EACCES);
	OK(fake_update(m, 1, holder, 0, fake_pte(shared, RW)));
	OK(fake_update(m, 1, holder, 1, fake_pte(data, RW | MMU_PTE_PCD)));
}

TEST(rw_change_revalidates_xsa182)
{
	uint64_t holder = fake_pinned(m, 1, 1), pt = fake_pinned(m, 1, 1), data = fake_alloc(m, 1);

	OK(fake_update(m, 1, holder, 0, fake_pte(pt, RO)));
	REFUSED(fake_update(m, 1, holder, 0, fake_pte(pt, RW)), XEN_EBUSY);
	OK(fake_update(m, 1, holder, 1, fake_pte(data, RO)));
	UNIT_CHECK_EQ(u, FRAME(data)->type_count, 0);
	OK(fake_update(m, 1, holder, 1, fake_pte(data, RW)));
	UNIT_CHECK_EQ(u, FRAME(data)->type, MMU_TYPE_WRITABLE);
	UNIT_CHECK_EQ(u, FRAME(data)->type_count, 1);
	OK(fake_update(m, 1, holder, 1, fake_pte(data, RO)));
	UNIT_CHECK_EQ(u, FRAME(data)->type_count, 0);
	UNIT_CHECK_EQ(u, FRAME(data)->count, 2);
}

TEST(fast_path_keeps_references)
{
	uint64_t holder = fake_pinned(m, 1, 1), data = fake_alloc(m, 1);
	const uint64_t flags = RW | MMU_PTE_A | MMU_PTE_D | MMU_PTE_AVAIL |
	                       MMU_PTE_NX | MMU_PTE_G | (1ull << 55);
	unsigned int flushes;

	OK(fake_update(m, 1, holder, 0, fake_pte(data, RW)));
	flushes = m->nr_flushes;
	OK(fake_update(m, 1, holder, 0, fake_pte(data, flags)));
	UNIT_CHECK_EQ(u, m->mem[holder][0],
	              fake_pte(data, flags | MMU_PTE_US | MMU_PTE_GUEST_KERNEL));
	UNIT_CHECK_EQ(u, FRAME(data)->count, 2);
	UNIT_CHECK_EQ(u, FRAME(data)->type_count, 1);
	UNIT_CHECK_EQ(u, m->nr_flushes, flushes);
}

TEST(preserve_ad_keeps_accessed_dirty)
{
	uint64_t holder = fake_pinned(m, 1, 1), data = fake_alloc(m, 1);

	OK(fake_update(m, 1, holder, 0, fake_pte(data, RW)));
	m->mem[holder][0] |= MMU_PTE_A | MMU_PTE_D;     /* the CPU sets them */
	OK(mmu_update_one(&m->env, fake_dom(m, 1),
	                  (holder << 12) | MMU_PT_UPDATE_PRESERVE_AD,
	                  fake_pte(data, RW | MMU_PTE_US), DOMID_SELF));
	UNIT_CHECK_EQ(u, m->mem[holder][0],
	              fake_pte(data, RW | MMU_PTE_US | MMU_PTE_A | MMU_PTE_D));
	OK(mmu_update_one(&m->env, fake_dom(m, 1),
	                  (holder << 12) | MMU_NORMAL_PT_UPDATE,
	                  fake_pte(data, RW | MMU_PTE_US), DOMID_SELF));
	UNIT_CHECK_EQ(u, m->mem[holder][0], fake_pte(data, RW | MMU_PTE_US));
}

/*
 * L1TF (XSA-273), on an affected CPU: a non-present entry holding an address
 * below the safe one is refused at every level, from mmu_update and from the
 * validation of a table being pinned, and so is a non-present L2-L4 entry
 * with PSE; address 0, addresses at or above the safe one and flags alone
 * are fine.  On a CPU that is not affected, all of these are accepted.
 */
TEST(l1tf_non_present_entry_refused_on_affected_cpu_xsa273)
{
	uint64_t holder[5], other[5];
	const uint64_t unsafe = 0x5000 | MMU_PTE_RW, safe = (1ull << 41) | 0x1e;

	for (unsigned int level = 1; level <= 4; level++) {
		holder[level] = fake_pinned(m, level, 1);
		other[level] = fake_table(m, 1, { 5, unsafe });
	}
	m->env.cpu_l1tf_vulnerable = true;
	m->env.l1tf_safe_maddr = 1ull << 40;
	for (unsigned int level = 1; level <= 4; level++) {
		REFUSED(fake_update(m, 1, holder[level], 0, unsafe), XEN_EINVAL);
		REFUSED(fake_pin(m, 1, level, other[level]), XEN_EINVAL);
		OK(fake_update(m, 1, holder[level], 0, 0x1e));
		OK(fake_update(m, 1, holder[level], 0, safe));
		OK(fake_update(m, 1, holder[level], 0, 0));
		if (level > 1)
			REFUSED(fake_update(m, 1, holder[level], 1, MMU_PTE_PSE), XEN_EINVAL);
	}
	m->env.cpu_l1tf_vulnerable = false;
	for (unsigned int level = 1; level <= 4; level++) {
		OK(fake_update(m, 1, holder[level], 0, unsafe));
		OK(fake_update(m, 1, holder[level], 1, MMU_PTE_PSE | unsafe));
		OK(fake_pin(m, 1, level, other[level]));
	}
}

/* Which CPUs are affected: Xen 4.17's rule (spec_ctrl.c, l1tf_calculations). */
TEST(l1tf_affected_cpus_are_xens)
{
	const struct {
		struct mmu_cpu_id id;
		bool affected;
	} cpus[] = {
		{ { true, 6, 0x55, false }, true },     /* Skylake X */
		{ { true, 6, 0x9e, false }, true },     /* Kaby Lake */
		{ { true, 6, 0x17, false }, true },     /* Penryn */
		{ { true, 6, 0xff, false }, true },     /* unknown models are assumed affected */
		{ { true, 6, 0x9e, true }, false },     /* RDCL_NO */
		{ { true, 6, 0x5c, false }, false },    /* Goldmont (Atom) */
		{ { true, 6, 0x37, false }, false },    /* Silvermont (Atom) */
		{ { true, 15, 0x6, false }, false },    /* Pentium 4: family 15 */
		{ { false, 6, 0x55, false }, false },   /* any other vendor */
		{ { false, 15, 0x6b, false }, false },  /* QEMU's qemu64 (AMD) */
	};

	(void)m;
	for (size_t i = 0; i < ARRAY_LEN(cpus); i++)
		UNIT_CHECK_EQ(u, mmu_cpu_l1tf_vulnerable(&cpus[i].id), cpus[i].affected);
}

TEST(non_present_entry_takes_no_refs)
{
	uint64_t holder = fake_pinned(m, 1, 1), theirs = fake_alloc(m, 2);

	OK(fake_update(m, 1, holder, 0, fake_pte(theirs, RW & ~MMU_PTE_P) | 0xFF8));
	UNIT_CHECK_EQ(u, FRAME(theirs)->count, 1);
	OK(fake_update(m, 1, holder, 0, fake_pte(FAKE_IO_MFN, MMU_PTE_RW)));
}

TEST(replaced_entry_drops_old_refs)
{
	uint64_t holder = fake_pinned(m, 1, 1), a = fake_alloc(m, 1), b = fake_alloc(m, 1);

	OK(fake_update(m, 1, holder, 0, fake_pte(a, RW)));
	OK(fake_update(m, 1, holder, 0, fake_pte(b, RO)));
	UNIT_CHECK_EQ(u, FRAME(a)->count, 1);
	UNIT_CHECK_EQ(u, FRAME(a)->type_count, 0);
	UNIT_CHECK_EQ(u, FRAME(b)->count, 2);
	OK(fake_pin(m, 1, 1, a));
}

static const struct unit_case cases[] = {
	{ "mmu/l1-refuses-writable-map-of-pagetable", l1_refuses_writable_map_of_pagetable },
	{ "mmu/l1-refuses-writable-map-of-seg-desc", l1_refuses_writable_map_of_seg_desc },
	{ "mmu/pagetable-with-writable-mapping-cannot-be-pinned", pagetable_with_writable_mapping_cannot_be_pinned },
	{ "mmu/l1-refuses-foreign-frame-without-privilege", l1_refuses_foreign_frame_without_privilege },
	{ "mmu/privileged-may-map-foreign-frame", privileged_may_map_foreign_frame },
	{ "mmu/l1-refuses-hypervisor-frame", l1_refuses_hypervisor_frame },
	{ "mmu/l1-refuses-free-frame", l1_refuses_free_frame },
	{ "mmu/l1-flag-masks", l1_flag_masks },
	{ "mmu/l1-adds-user-and-kernel-marker", l1_adds_user_and_kernel_marker },
	{ "mmu/io-memory-mapped-uncached", io_memory_mapped_uncached },
	{ "mmu/io-memory-needs-permission", io_memory_needs_permission },
	{ "mmu/domid-io-maps-only-io-memory", domid_io_maps_only_io_memory },
	{ "mmu/cache-attributes-refused-on-shared-hypervisor-page", cache_attributes_refused_on_shared_hypervisor_page },
	{ "mmu/rw-change-revalidates-xsa182", rw_change_revalidates_xsa182 },
	{ "mmu/fast-path-keeps-references", fast_path_keeps_references },
	{ "mmu/preserve-ad-keeps-accessed-dirty", preserve_ad_keeps_accessed_dirty },
	{ "mmu/l1tf-non-present-entry-refused-on-affected-cpu-xsa273", l1tf_non_present_entry_refused_on_affected_cpu_xsa273 },
	{ "mmu/l1tf-affected-cpus-are-xens", l1tf_affected_cpus_are_xens },
	{ "mmu/non-present-entry-takes-no-refs", non_present_entry_takes_no_refs },
	{ "mmu/replaced-entry-drops-old-refs", replaced_entry_drops_old_refs },
};
const struct mmu_suite mmu_suite_l1 = { cases, ARRAY_LEN(cases) };
