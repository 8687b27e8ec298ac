/* The attack-test harness (attack.h). */
#include "attack.h"
#include "domctl.h"
#include "spin.h"
#include "public/version.h"

#define WATCH_OTHERS_NS 100000000ull   /* 100 ms: several slices of every other domain */
#define WATCH_LIMIT_TICKS 10000000000ull       /* 2-10 s */

const char *xen_errname(long rc)
{
	static const struct { long rc; const char *name; } names[] = {
		{ 0, "0" }, { -XEN_EPERM, "-EPERM" }, { -XEN_ESRCH, "-ESRCH" },
		{ -XEN_ENOMEM, "-ENOMEM" }, { -XEN_EACCES, "-EACCES" }, { -XEN_EFAULT, "-EFAULT" },
		{ -XEN_EBUSY, "-EBUSY" }, { -XEN_EINVAL, "-EINVAL" }, { -XEN_ENOSYS, "-ENOSYS" },
		{ -XEN_ERESTART, "-ERESTART" }, { -XEN_EOPNOTSUPP, "-EOPNOTSUPP" },
	};
	for (unsigned i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].rc == rc)
			return names[i].name;
	return "another value";
}

void expect_rc(const char *what, long got, long want)
{
	if (got != want)
		test_fail("%s: %ld (%s), expected %ld (%s)", what, got, xen_errname(got), want,
			  xen_errname(want));
	if (want < 0)
		printf("refused as documented (%s): %s\n", xen_errname(want), what);
}

void expect_done_counter_refused(const char *what, long got)
{
	if (got != -XEN_EFAULT && got != 0)
		test_fail("%s: %ld (%s), expected -EFAULT (Umbra) or 0 (Xen)", what, got, xen_errname(got));
	printf("refused as documented (%s): %s\n", xen_errname(got), what);
}

void attack_hv_alive(void)
{
	xen_version_reported();
	CHECK_EQ(mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0);
	printf("the hypervisor still answers\n");
}

/* CPU time the hypervisor charged to every domain but the running one (us). */
static uint64_t others_cpu_ns(void)
{
	struct xen_domctl_getdomaininfo info;
	uint64_t ns = 0;
	for (domid_t d = 0; domctl_getinfo(d, &info) == 0; d = (domid_t)(info.domain + 1))
		if (!(info.flags & XEN_DOMINF_running))
			ns += info.cpu_time;
	return ns;
}

/*
 * Spin without yielding until the other domains were given WATCH_OTHERS_NS
 * of CPU time, as the hypervisor counts it: TSC gaps alone can come from the
 * host descheduling QEMU, which would end the watch before they ran at all.
 */
void attack_watch_others(void)
{
	struct spin_stats s;
	uint64_t before = others_cpu_ns(), start = guest_rdtsc(), ran = 0;
	printf("watching other domains\n");
	while ((ran = others_cpu_ns() - before) < WATCH_OTHERS_NS) {
		CHECK(guest_rdtsc() - start < WATCH_LIMIT_TICKS, "other domains ran only %lu ms", ran / 1000000);
		spin_watch(&s, 1, WATCH_LIMIT_TICKS / 100, NULL, NULL);
	}
	printf("other domains ran %lu ms\n", ran / 1000000);
}

const volatile uint64_t *frame_view(uint64_t mfn)
{
	long rc = pt_map_mfn(pt_view_va(), mfn, PT_P | PT_A);
	if (rc)
		test_fail("cannot map frame %lx read-only: %ld (%s)", mfn, rc, xen_errname(rc));
	return (const volatile uint64_t *)pt_view_va();
}

const volatile uint64_t *foreign_view(domid_t dom, uint64_t mfn)
{
	long rc = HYPERVISOR_update_va_mapping_otherdomain(pt_view_va(), (mfn << 12) | PT_P | PT_A,
							   UVMF_INVLPG, dom);
	if (rc)
		test_fail("cannot map d%u's frame %lx read-only: %ld (%s)", dom, mfn, rc, xen_errname(rc));
	return (const volatile uint64_t *)pt_view_va();
}

void frame_save(uint64_t mfn, uint64_t saved[512])
{
	const volatile uint64_t *p = frame_view(mfn);
	for (unsigned i = 0; i < 512; i++)
		saved[i] = p[i];
}

static void compare(const char *what, uint64_t mfn, const uint64_t saved[512], uint64_t ignore)
{
	const volatile uint64_t *p = frame_view(mfn);
	for (unsigned i = 0; i < 512; i++)
		if ((p[i] ^ saved[i]) & ~ignore)
			test_fail("%s: frame %lx word %u is 0x%lx, was 0x%lx", what, mfn, i, p[i], saved[i]);
}

void expect_frame_same(const char *what, uint64_t mfn, const uint64_t saved[512])
{
	compare(what, mfn, saved, 0);
}

void expect_table_same(const char *what, uint64_t mfn, const uint64_t saved[512])
{
	compare(what, mfn, saved, PT_A | PT_D);
}

void expect_hv_slots(const char *what, uint64_t mfn, unsigned first, uint64_t ref_mfn, const uint64_t ref[512])
{
	const volatile uint64_t *t = frame_view(mfn);
	for (unsigned s = first; s <= HYPERVISOR_L4_LAST; s++) {
		uint64_t e = t[s] & ~(PT_A | PT_D), r = ref[s] & ~(PT_A | PT_D);
		bool self_maps = (e & PT_P) && PT_MFN(e) == mfn && PT_MFN(r) == ref_mfn &&
				 (e & ~PT_ADDR) == (r & ~PT_ADDR);
		if (e != r && !self_maps)
			test_fail("%s: L4 %lx slot %u is 0x%lx, the hypervisor's (L4 %lx) 0x%lx", what, mfn, s, t[s],
				  ref_mfn, ref[s]);
	}
}

void expect_typed(const char *what, uint64_t mfn)
{
	long rc = pt_map_mfn(pt_probe_va(), mfn, PT_P | PT_RW | PT_A);
	if (rc != -XEN_EBUSY)
		test_fail("%s: a writable mapping of frame %lx gave %ld (%s), expected -EBUSY (still typed)",
			  what, mfn, rc, xen_errname(rc));
	CHECK(!(pt_entry(pt_probe_va(), 1) & PT_P), "%s: the refused mapping is present", what);
}

void expect_untyped(const char *what, uint64_t mfn)
{
	long rc = pt_map_mfn(pt_probe_va(), mfn, PT_P | PT_RW | PT_A);
	if (rc)
		test_fail("%s: a writable mapping of frame %lx gave %ld (%s), expected 0 (untyped)", what,
			  mfn, rc, xen_errname(rc));
	CHECK_EQ(pt_map_mfn(pt_probe_va(), 0, 0), 0);
}

static void expect_quiet(const char *what, uint64_t mfn, const char *op, long got, long want)
{
	if (got != want)
		test_fail("%s (frame %lx): %s: %ld (%s), expected %ld (%s)", what, mfn, op, got,
			  xen_errname(got), want, xen_errname(want));
}

void attack_frame_not_mine(const char *what, uint64_t mfn, long map_err)
{
	uint64_t probe = pt_entry_maddr(pt_probe_va(), 1);
	uint64_t own = pt_mfn(0), l4 = pt_cr3_mfn();
	static const uint64_t flags[] = { PT_P, PT_P | PT_RW, PT_P | PT_RW | PT_US | PT_A | PT_D, PT_P | PT_NX };
	for (unsigned i = 0; i < ARRAY_SIZE(flags); i++) {
		expect_quiet(what, mfn, "update_va_mapping", pt_map_mfn(pt_probe_va(), mfn, flags[i]), map_err);
		expect_quiet(what, mfn, "mmu_update of an L1 entry", pt_update(probe, (mfn << 12) | flags[i]),
			     map_err);
	}
	for (unsigned level = 1; level <= 4; level++)
		expect_quiet(what, mfn, "pin", pt_pin(level, mfn), -XEN_EINVAL);
	expect_quiet(what, mfn, "unpin", pt_unpin(mfn), -XEN_EINVAL);
	expect_quiet(what, mfn, "CLEAR_PAGE", mmuext(MMUEXT_CLEAR_PAGE, mfn, 0), -XEN_EINVAL);
	expect_quiet(what, mfn, "COPY_PAGE to it", mmuext(MMUEXT_COPY_PAGE, mfn, own), -XEN_EINVAL);
	expect_quiet(what, mfn, "COPY_PAGE from it",
		     mmuext(MMUEXT_COPY_PAGE, pt_va_mfn((void *)pt_view_va()), mfn), -XEN_EINVAL);
	expect_quiet(what, mfn, "NEW_BASEPTR", mmuext(MMUEXT_NEW_BASEPTR, mfn, 0), -XEN_EINVAL);
	if (mfn)                /* MFN 0 means "no user page tables" here */
		expect_quiet(what, mfn, "NEW_USER_BASEPTR", mmuext(MMUEXT_NEW_USER_BASEPTR, mfn, 0), -XEN_EINVAL);
	expect_quiet(what, mfn, "set_gdt", HYPERVISOR_set_gdt(&mfn, 1), -XEN_EINVAL);
	expect_quiet(what, mfn, "update_descriptor", HYPERVISOR_update_descriptor(mfn << 12, 0), -XEN_EINVAL);
	for (unsigned cmd = 0; cmd < 4; cmd++)
		expect_quiet(what, mfn, cmd == MMU_MACHPHYS_UPDATE ? "MMU_MACHPHYS_UPDATE" : "mmu_update in it",
			     pt_update((mfn << 12) + 8 * cmd + cmd, 0), -XEN_EINVAL);
	CHECK(!(pt_entry(pt_probe_va(), 1) & PT_P), "%s: the probe address got mapped", what);
	CHECK_EQ(pt_cr3_mfn(), l4);
}

#define M2P_SELF_SLOT 110

uint64_t hv_m2p_table(unsigned level, unsigned page)
{
	unsigned i3 = page / (512 * 512), i2 = page / 512 % 512, i1 = page % 512, s = M2P_SELF_SLOT;
	uint64_t l4 = pt_cr3_mfn(), e;
	CHECK_EQ(pt_update(pt_maddr(l4, s), (l4 << 12) | PT_P), 0);
	switch (level) {
	case 3:
		e = pt_table(l4)[HYPERVISOR_L4_FIRST];
		break;
	case 2:
		e = ((volatile uint64_t *)pt_va(s, s, s, HYPERVISOR_L4_FIRST))[i3];
		break;
	case 1:
		e = ((volatile uint64_t *)pt_va(s, s, HYPERVISOR_L4_FIRST, i3))[i2];
		CHECK(!(e & PT_PSE), "M2P page %u is mapped by a 2 MiB page: no L1", page);
		break;
	default:
		e = ((volatile uint64_t *)pt_va(s, s, HYPERVISOR_L4_FIRST, i3))[i2];
		if (e & PT_PSE)                 /* a 2 MiB page (Xen's M2P): its i1-th frame */
			e = ((e & PT_ADDR & ~0x1fffffull) + ((uint64_t)i1 << 12)) | (e & PT_P);
		else
			e = ((volatile uint64_t *)pt_va(s, HYPERVISOR_L4_FIRST, i3, i2))[i1];
		break;
	}
	CHECK_EQ(pt_update(pt_maddr(l4, s), 0), 0);
	CHECK(e & PT_P, "M2P table entry (level %u, page %u) not present: 0x%lx", level, page, e);
	return PT_MFN(e);
}

void live_tables_save(struct live_tables *lt)
{
	for (unsigned level = 1; level <= 4; level++) {
		lt->mfn[level] = pt_table_mfn(VIRT_BASE, level);
		frame_save(lt->mfn[level], lt->saved[level]);
	}
}

void live_tables_check(const char *what, const struct live_tables *lt)
{
	for (unsigned level = 1; level <= 4; level++) {
		expect_table_same(what, lt->mfn[level], lt->saved[level]);
		expect_typed(what, lt->mfn[level]);
	}
}

bool attack_is_attacker(void)
{
	return !strcmp(start_info->cmd_line, "attacker");
}

uint64_t attack_fresh_gdt(void)
{
	uint64_t f = pt_mfn(pt_alloc());
	CHECK_EQ(HYPERVISOR_set_gdt(&f, 512), 0);
	return f;
}

unsigned attack_find_foreign(uint64_t *out, unsigned max)
{
	long max_ram = HYPERVISOR_memory_op(2 /* XENMEM_maximum_ram_page */, NULL);
	unsigned n = 0;
	for (uint64_t mfn = 1; mfn < (uint64_t)max_ram && n < max; mfn++) {
		uint64_t pfn = M2P[mfn];
		if (pfn >> 63 || mfn == start_info->shared_info >> 12)
			continue;       /* free or hypervisor frames have no valid M2P entry */
		if (pfn < start_info->nr_pages && pt_mfn(pfn) == mfn)
			continue;       /* our own */
		out[n++] = mfn;
	}
	return n;
}

/* The victim's padding pages: from the page after the boot stack to the region's end. */
static uint64_t victim_first_pfn(void)
{
	return ((start_info->pt_base - VIRT_BASE) >> 12) + start_info->nr_pt_frames + 1;
}

static uint64_t pattern(uint64_t pfn, unsigned i)
{
	return 0x5a5a000000000000ull ^ (pfn << 16) ^ i;
}

noreturn void attack_victim(domid_t attacker)
{
	static struct live_tables lt;
	pt_init();
	for (uint64_t pfn = victim_first_pfn(); pfn < pt_region_pages; pfn++)
		for (unsigned i = 0; i < 512; i++)
			((volatile uint64_t *)pt_pfn_va(pfn))[i] = pattern(pfn, i);
	live_tables_save(&lt);
	printf("victim: %lu pages filled, waiting for d%u\n", pt_region_pages - victim_first_pfn(), attacker);
	attack_wait_for(attacker);
	for (uint64_t pfn = victim_first_pfn(); pfn < pt_region_pages; pfn++)
		for (unsigned i = 0; i < 512; i++)
			if (((volatile uint64_t *)pt_pfn_va(pfn))[i] != pattern(pfn, i))
				test_fail("victim: page %lx word %u is 0x%lx", pfn, i,
					  ((volatile uint64_t *)pt_pfn_va(pfn))[i]);
	live_tables_check("victim table", &lt);
	printf("victim: memory and page tables intact\n");
	attack_hv_alive();
	test_pass();
}

void attack_wait_for(domid_t id)
{
	struct xen_domctl_getdomaininfo info;
	uint64_t start = guest_rdtsc();
	while (domctl_getinfo(id, &info) == 0 && info.domain == id) {
		if (guest_rdtsc() - start > WATCH_LIMIT_TICKS)
			test_fail("domain %u still running", id);
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	printf("domain %u has ended\n", id);
}
