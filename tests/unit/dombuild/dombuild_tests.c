/*
 * Host unit tests of the domain builder (dombuild/), compiled as the
 * hypervisor and the guest toolstack compile it, against the fake machine
 * of fake_env.c, with the pv-mmu model judging the result.
 *
 * Rules under test, one case each or more:
 *  - the layout is Xen's (image, p2m list, start_info, xenstore, console,
 *    page tables, boot stack, region ending on 4 MiB with 512 KiB spare);
 *  - every PFN gets one frame of the domain and the p2m list names it;
 *  - the page tables map exactly the region onto PFNs in order, with Xen's
 *    flags, page-table frames read-only, wherever the region sits (across
 *    L2 and L3 boundaries), and the pv-mmu model accepts them when the L4
 *    is pinned (and refuses them once a table frame is made writable: the
 *    pin check can fail);
 *  - start_info holds what Xen's toolstack writes; the console page starts
 *    disconnected; the image is loaded, BSS and every laid-out page zeroed
 *    over the garbage the frames came with;
 *  - the hypercall page is filled after the image is loaded;
 *  - vCPU 0's context is Xen's start-of-day state;
 *  - at most DOMBUILD_MAX_MAPPED frames are mapped at once and all are
 *    unmapped at the end, on success and on every failure; failures of
 *    populate, map and hypercall_page are reported, as are an image that
 *    is not a kernel and memory too small for the layout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dombuild.h"
#include "elf_image.h"
#include "fake_env.h"
#include "public/elfnote.h"
#include "public/errno.h"
#include "unit_check.h"

#define CASE(fn) { "dombuild/" #fn, fn }
#define PAGES 2048                      /* 8 MiB */
#define BSS_END 0x5000ull               /* the image's memsz: two pages of BSS */
#define HCALL_OFFSET 0x2000ull

static struct fake_env fe;
static struct img im;
static struct dombuild b;
static struct dombuild_args args;

static uint8_t image_byte(uint64_t i)
{
	return (uint8_t)(i * 7 + 1);
}

static bool mod_start_pfn_note;          /* make_image adds MOD_START_PFN = 1 */

/* A kernel at virt_base: 0x3000 bytes of pattern then BSS, a hypercall page. */
static void make_image(uint64_t virt_base)
{
	img_begin(&im);
	img_put64(&im, EH_ENTRY, virt_base + 0x40);
	img_put64(&im, PH0 + 16, virt_base);
	img_note_str(&im, XEN_ELFNOTE_LOADER, "generic");
	img_note_str(&im, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	img_note_u64(&im, XEN_ELFNOTE_VIRT_BASE, virt_base);
	img_note_u64(&im, XEN_ELFNOTE_HYPERCALL_PAGE, virt_base + HCALL_OFFSET);
	if (mod_start_pfn_note)
		img_note_u64(&im, XEN_ELFNOTE_MOD_START_PFN, 1);
	img_end(&im);
	img_put64(&im, PH0 + PH_MEMSZ, BSS_END);
	for (uint64_t i = 0; i < IMG_LOAD_SIZE; i++)
		im.b[0x1000 + i] = image_byte(i);
}

static void setup(void)
{
	fake_env_free(&fe);
	fake_env_init(&fe);
	make_image(IMG_VIRT_BASE);
	args = (struct dombuild_args){
		.image = im.b, .image_len = im.len, .nr_pages = PAGES, .cmdline = "console=hvc0 quiet",
		.shared_info_mfn = 0x1234, .store_evtchn = 1, .console_evtchn = 2,
	};
	memset(&b, 0, sizeof(b));
}

/* Prepare and build; 0 or the first error. */
static int build(void)
{
	args.image = im.b;
	args.image_len = im.len;
	int rc = dombuild_prepare(&b, &args);
	return rc ? rc : dombuild_build(&b, &fe.env, &args);
}

static uint64_t p2m(uint64_t pfn)
{
	return ((const uint64_t *)fake_env_page(&fe, b.p2m_mfns[pfn / 512]))[pfn % 512];
}

static uint8_t *page_of_pfn(uint64_t pfn)
{
	return fake_env_page(&fe, p2m(pfn));
}

/* The L1 entry for va (0 if a table above it is missing), and each upper entry in *upper. */
static uint64_t walk(uint64_t va, uint64_t upper[5])
{
	uint64_t mfn = b.l4_mfn;
	for (unsigned level = 4; level >= 1; level--) {
		uint64_t e = ((const uint64_t *)fake_env_page(&fe, mfn))[(va >> (12 + 9 * (level - 1))) & 511];
		if (level == 1)
			return e;
		upper[level] = e;
		if (!(e & 1) || (e >> 12 & 0xffffffffff) >= FAKE_ENV_FRAMES)
			return 0;
		mfn = (e >> 12) & 0xffffffffffull;
	}
	return 0;
}

static bool all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

/* ---- cases ---- */

static void layout_is_xens(struct unit *u)
{
	UNIT_CHECK_EQ(u, build(), 0);
	const struct pv_layout *l = &b.layout;
	UNIT_CHECK_EQ(u, l->p2m_pfn, BSS_END >> 12);          /* right after the image */
	UNIT_CHECK_EQ(u, l->p2m_pages, PAGES * 8 / 4096);
	UNIT_CHECK_EQ(u, l->start_info_pfn, l->p2m_pfn + l->p2m_pages);
	UNIT_CHECK_EQ(u, l->xenstore_pfn, l->start_info_pfn + 1);
	UNIT_CHECK_EQ(u, l->console_pfn, l->start_info_pfn + 2);
	UNIT_CHECK_EQ(u, l->pt_pfn, l->start_info_pfn + 3);
	UNIT_CHECK_EQ(u, l->stack_pfn, l->pt_pfn + l->nr_pt);
	UNIT_CHECK_EQ(u, l->nr_pt, 1 + l->nr_l3 + l->nr_l2 + l->nr_l1);
	UNIT_CHECK_EQ(u, (l->region_pages << 12) % (4 << 20), 0);
	UNIT_CHECK(u, (l->region_pages - l->stack_pfn - 1) << 12 >= 512 << 10);
}

static void every_pfn_gets_one_frame(struct unit *u)
{
	UNIT_CHECK_EQ(u, build(), 0);
	static uint8_t seen[FAKE_ENV_FRAMES];
	memset(seen, 0, sizeof(seen));
	for (uint64_t pfn = 0; pfn < PAGES; pfn++) {
		uint64_t mfn = p2m(pfn);
		UNIT_CHECK(u, mfn > 0 && mfn < FAKE_ENV_FRAMES);
		UNIT_CHECK_EQ(u, fe.frames[mfn].owner, FAKE_ENV_DOMID);
		UNIT_CHECK_EQ(u, fe.m2p[mfn], pfn);
		UNIT_CHECK(u, !seen[mfn]);
		seen[mfn] = 1;
	}
	uint64_t owned = 0;
	for (uint64_t mfn = 0; mfn < FAKE_ENV_FRAMES; mfn++)
		owned += fe.frames[mfn].owner == FAKE_ENV_DOMID;
	UNIT_CHECK_EQ(u, owned, PAGES);                 /* not one frame more */
	for (uint64_t i = PAGES % 512; i && i < 512; i++)
		UNIT_CHECK_EQ(u, ((const uint64_t *)fake_env_page(&fe, b.p2m_mfns[PAGES / 512]))[i], 0);
	UNIT_CHECK_EQ(u, dombuild_mfn(&b, &fe.env, 77), p2m(77));
}

static void check_tables(struct unit *u)
{
	const struct pv_layout *l = &b.layout;
	uint64_t upper[5];
	for (uint64_t pfn = 0; pfn < l->region_pages; pfn++) {
		uint64_t e = walk(l->virt_base + (pfn << 12), upper);
		bool table = pfn >= l->pt_pfn && pfn < l->pt_pfn + l->nr_pt;
		UNIT_CHECK_EQ(u, e, (p2m(pfn) << 12) | 0x21 | (table ? 0 : 2));
		for (unsigned level = 2; level <= 4; level++)
			UNIT_CHECK_EQ(u, upper[level] & 0xfff, 0x67);
	}
	uint64_t after = l->virt_base + (l->region_pages << 12);
	UNIT_CHECK_EQ(u, walk(after, upper), 0);
	UNIT_CHECK_EQ(u, walk(l->virt_base - 4096, upper), 0);
}

static void tables_map_the_region(struct unit *u)
{
	UNIT_CHECK_EQ(u, build(), 0);
	check_tables(u);
}

/* Regions that straddle a 1 GiB and a 512 GiB boundary need two L2s, two L3s. */
static void tables_across_boundaries(struct unit *u)
{
	const uint64_t bases[] = { (1ull << 30) - (2ull << 20), (512ull << 30) - (2ull << 20) };
	for (unsigned i = 0; i < 2; i++) {
		setup();
		make_image(bases[i]);
		UNIT_CHECK_EQ(u, build(), 0);
		UNIT_CHECK_EQ(u, b.layout.nr_l2, 2);
		UNIT_CHECK_EQ(u, b.layout.nr_l3, i ? 2 : 1);
		check_tables(u);
		if (u->failed)
			return;
		struct mmu_check_failure why;
		UNIT_CHECK_EQ(u, mmu_install_boot_l4(&fe.mmu, &fe.vcpu, b.l4_mfn), 0);
		struct mmu_vcpu *v = &fe.vcpu;
		UNIT_CHECK_EQ(u, mmu_check_invariants(&fe.mmu, &v, 1, fe.tally, &why), 0);
	}
}

static void model_accepts_the_tables(struct unit *u)
{
	UNIT_CHECK_EQ(u, build(), 0);
	UNIT_CHECK_EQ(u, mmu_install_boot_l4(&fe.mmu, &fe.vcpu, b.l4_mfn), 0);
	struct mmu_check_failure why;
	struct mmu_vcpu *v = &fe.vcpu;
	UNIT_CHECK_EQ(u, mmu_check_invariants(&fe.mmu, &v, 1, fe.tally, &why), 0);
	UNIT_CHECK_EQ(u, fe.frames[b.l4_mfn].type, MMU_TYPE_L4);
	UNIT_CHECK_EQ(u, fe.frames[p2m(b.layout.pt_pfn + b.layout.nr_pt - 1)].type, MMU_TYPE_L1);
	UNIT_CHECK_EQ(u, fe.frames[p2m(0)].type, MMU_TYPE_WRITABLE);
}

static void model_refuses_a_writable_table(struct unit *u)
{
	UNIT_CHECK_EQ(u, build(), 0);
	uint64_t upper[5];
	uint64_t va = b.layout.virt_base + ((b.layout.pt_pfn + 1) << 12);   /* the first L3 */
	walk(va, upper);
	uint64_t *l1 = (uint64_t *)fake_env_page(&fe, (upper[2] >> 12) & 0xffffffffffull);
	l1[(va >> 12) & 511] |= 2;
	UNIT_CHECK(u, mmu_install_boot_l4(&fe.mmu, &fe.vcpu, b.l4_mfn) < 0);
	UNIT_CHECK_EQ(u, fe.vcpu.kernel_l4, MMU_NO_MFN);
}

static void start_info_fields(struct unit *u)
{
	UNIT_CHECK_EQ(u, build(), 0);
	const struct pv_layout *l = &b.layout;
	const struct start_info *si = (const void *)page_of_pfn(l->start_info_pfn);
	UNIT_CHECK_EQ(u, b.start_info_mfn, p2m(l->start_info_pfn));
	UNIT_CHECK(u, !strcmp(si->magic, "xen-3.0-x86_64"));
	UNIT_CHECK_EQ(u, si->nr_pages, PAGES);
	UNIT_CHECK_EQ(u, si->shared_info, 0x1234ull << 12);
	UNIT_CHECK_EQ(u, si->flags, 0);
	UNIT_CHECK_EQ(u, si->store_mfn, p2m(l->xenstore_pfn));
	UNIT_CHECK_EQ(u, b.store_mfn, si->store_mfn);
	UNIT_CHECK_EQ(u, si->store_evtchn, 1);
	UNIT_CHECK_EQ(u, si->console.domU.mfn, p2m(l->console_pfn));
	UNIT_CHECK_EQ(u, b.console_mfn, si->console.domU.mfn);
	UNIT_CHECK_EQ(u, si->console.domU.evtchn, 2);
	UNIT_CHECK_EQ(u, si->pt_base, IMG_VIRT_BASE + (l->pt_pfn << 12));
	UNIT_CHECK_EQ(u, si->nr_pt_frames, l->nr_pt);
	UNIT_CHECK_EQ(u, si->mfn_list, IMG_VIRT_BASE + (l->p2m_pfn << 12));
	UNIT_CHECK_EQ(u, si->mod_start, 0);
	UNIT_CHECK_EQ(u, si->mod_len, 0);
	UNIT_CHECK(u, !strcmp(si->cmd_line, "console=hvc0 quiet"));
	UNIT_CHECK_EQ(u, si->first_p2m_pfn, 0);
	UNIT_CHECK(u, all_bytes((const uint8_t *)si + sizeof(*si), 4096 - sizeof(*si), 0));
	const struct xencons_interface *c = (const void *)page_of_pfn(l->console_pfn);
	UNIT_CHECK_EQ(u, c->connection, XENCONSOLE_DISCONNECTED);
	UNIT_CHECK(u, all_bytes((const uint8_t *)c, offsetof(struct xencons_interface, connection), 0));
	UNIT_CHECK(u, all_bytes(page_of_pfn(l->xenstore_pfn), 4096, 0));
}

/* A module (initial ramdisk) lies right after the image, whole pages, its
 * tail zeroed; start_info names it by address, or by PFN with
 * SIF_MOD_START_PFN for a kernel whose MOD_START_PFN note asks for that. */
static void module_after_the_image(struct unit *u)
{
	static uint8_t module[10000];
	for (size_t i = 0; i < sizeof(module); i++)
		module[i] = (uint8_t)(i * 13 + 5);
	for (int by_pfn = 0; by_pfn < 2; by_pfn++) {
		mod_start_pfn_note = by_pfn;
		setup();
		args.module = module;
		args.module_len = sizeof(module);
		UNIT_CHECK_EQ(u, build(), 0);
		const struct pv_layout *l = &b.layout;
		UNIT_CHECK_EQ(u, l->module_pfn, BSS_END >> 12);
		UNIT_CHECK_EQ(u, l->module_pages, 3);
		UNIT_CHECK_EQ(u, l->p2m_pfn, l->module_pfn + 3);
		for (uint64_t k = 0; k < 3; k++) {
			const uint8_t *pg = page_of_pfn(l->module_pfn + k);
			size_t n = k < 2 ? 4096 : sizeof(module) - 8192;
			UNIT_CHECK(u, !memcmp(pg, module + k * 4096, n));
			UNIT_CHECK(u, all_bytes(pg + n, 4096 - n, 0));
		}
		const struct start_info *si = (const void *)page_of_pfn(l->start_info_pfn);
		UNIT_CHECK_EQ(u, si->mod_len, sizeof(module));
		UNIT_CHECK_EQ(u, si->mod_start, by_pfn ? l->module_pfn : IMG_VIRT_BASE + (l->module_pfn << 12));
		UNIT_CHECK_EQ(u, si->flags, by_pfn ? SIF_MOD_START_PFN : 0);
		check_tables(u);
	}
	mod_start_pfn_note = false;
}

static void initial_domain_has_no_store_or_console(struct unit *u)
{
	args.initial = args.privileged = true;
	make_image(IMG_VIRT_BASE);
	UNIT_CHECK_EQ(u, build(), 0);
	const struct pv_layout *l = &b.layout;
	UNIT_CHECK_EQ(u, l->pt_pfn, l->start_info_pfn + 1);
	const struct start_info *si = (const void *)page_of_pfn(l->start_info_pfn);
	UNIT_CHECK_EQ(u, si->flags, SIF_PRIVILEGED | SIF_INITDOMAIN);
	UNIT_CHECK_EQ(u, si->store_mfn, 0);
	UNIT_CHECK_EQ(u, si->console.domU.mfn, 0);
	UNIT_CHECK_EQ(u, b.store_mfn, 0);
	UNIT_CHECK_EQ(u, b.console_mfn, 0);
}

static void command_line_truncated_with_nul(struct unit *u)
{
	static char longline[3000];
	memset(longline, 'x', sizeof(longline) - 1);
	args.cmdline = longline;
	UNIT_CHECK_EQ(u, build(), 0);
	const struct start_info *si = (const void *)page_of_pfn(b.layout.start_info_pfn);
	UNIT_CHECK_EQ(u, strlen(si->cmd_line), MAX_GUEST_CMDLINE - 1);
	args.cmdline = NULL;
	setup();
	args.cmdline = NULL;
	UNIT_CHECK_EQ(u, build(), 0);
	si = (const void *)page_of_pfn(b.layout.start_info_pfn);
	UNIT_CHECK_EQ(u, si->cmd_line[0], 0);
}

static void image_loaded_and_layout_zeroed(struct unit *u)
{
	UNIT_CHECK_EQ(u, build(), 0);
	const struct pv_layout *l = &b.layout;
	for (uint64_t i = 0; i < IMG_LOAD_SIZE; i++) {
		if (i >> 12 == HCALL_OFFSET >> 12)
			continue;
		UNIT_CHECK_EQ(u, page_of_pfn(i >> 12)[i & 4095], image_byte(i));
	}
	for (uint64_t pfn = IMG_LOAD_SIZE >> 12; pfn < BSS_END >> 12; pfn++)
		UNIT_CHECK(u, all_bytes(page_of_pfn(pfn), 4096, 0));
	UNIT_CHECK(u, all_bytes(page_of_pfn(l->stack_pfn), 4096, 0));
	/* Pages past the layout are the domain's, untouched. */
	UNIT_CHECK(u, all_bytes(page_of_pfn(l->stack_pfn + 1), 4096, FAKE_ENV_GARBAGE));
}

static void hypercall_page_filled_after_load(struct unit *u)
{
	UNIT_CHECK_EQ(u, build(), 0);
	UNIT_CHECK_EQ(u, fe.hypercall_mfn, p2m(HCALL_OFFSET >> 12));
	UNIT_CHECK(u, all_bytes(page_of_pfn(HCALL_OFFSET >> 12), 4096, 0xcc));
}

static void vcpu_context_is_start_of_day(struct unit *u)
{
	UNIT_CHECK_EQ(u, build(), 0);
	static struct vcpu_guest_context c;
	memset(&c, 0x5a, sizeof(c));
	dombuild_vcpu_context(&b.start, &c);
	const struct pv_layout *l = &b.layout;
	UNIT_CHECK_EQ(u, c.flags, VGCF_in_kernel | VGCF_online);
	UNIT_CHECK_EQ(u, c.user_regs.rip, IMG_VIRT_BASE + 0x40);
	UNIT_CHECK_EQ(u, c.user_regs.rsp, IMG_VIRT_BASE + ((l->stack_pfn + 1) << 12));
	UNIT_CHECK_EQ(u, c.user_regs.rsi, IMG_VIRT_BASE + (l->start_info_pfn << 12));
	UNIT_CHECK_EQ(u, c.user_regs.rflags, 0x200);
	UNIT_CHECK_EQ(u, c.user_regs.cs, 0xe033);
	UNIT_CHECK_EQ(u, c.user_regs.ss, 0xe02b);
	UNIT_CHECK_EQ(u, c.user_regs.ds | c.user_regs.es | c.user_regs.fs | c.user_regs.gs, 0);
	UNIT_CHECK_EQ(u, c.user_regs.rax | c.user_regs.rdi | c.user_regs.r15, 0);
	UNIT_CHECK_EQ(u, c.kernel_ss, 0xe02b);
	UNIT_CHECK_EQ(u, c.kernel_sp, c.user_regs.rsp);
	UNIT_CHECK_EQ(u, c.ctrlreg[3], b.l4_mfn << 12);
	UNIT_CHECK_EQ(u, c.ctrlreg[1], 0);
	UNIT_CHECK_EQ(u, c.debugreg[6], 0xffff0ff0);
	UNIT_CHECK_EQ(u, c.debugreg[7], 0x400);
	UNIT_CHECK_EQ(u, c.gdt_ents | c.ldt_ents | c.event_callback_eip | c.vm_assist, 0);
	UNIT_CHECK_EQ(u, c.trap_ctxt[14].address, 0);
}

static void mappings_bounded_and_released(struct unit *u)
{
	UNIT_CHECK_EQ(u, build(), 0);
	UNIT_CHECK(u, fe.max_mapped >= 1 && fe.max_mapped <= DOMBUILD_MAX_MAPPED);
	UNIT_CHECK_EQ(u, fe.mapped, 0);
}

static void populate_shortfall_reported(struct unit *u)
{
	const uint64_t limits[] = { 0, 2, 600, PAGES - 1 };
	for (unsigned i = 0; i < 4; i++) {
		setup();
		fe.populate_limit = limits[i];
		UNIT_CHECK_EQ(u, build(), -XEN_ENOMEM);
		UNIT_CHECK_EQ(u, fe.mapped, 0);
	}
}

static void map_failure_reported(struct unit *u)
{
	/* A build's first map() call fails, then its second, ... spread to its last. */
	UNIT_CHECK_EQ(u, build(), 0);
	uint64_t total = fe.maps;
	UNIT_CHECK(u, total > 100);
	for (uint64_t which = 1; which <= total; which += 1 + total / 16) {
		setup();
		fe.fail_map_at = which;
		UNIT_CHECK_EQ(u, build(), -XEN_EFAULT);
		UNIT_CHECK_EQ(u, fe.mapped, 0);
	}
	setup();
	fe.fail_map_at = total;
	UNIT_CHECK_EQ(u, build(), -XEN_EFAULT);
}

static void hypercall_page_error_reported(struct unit *u)
{
	fe.hypercall_rc = -XEN_EPERM;
	UNIT_CHECK_EQ(u, build(), -XEN_EPERM);
	UNIT_CHECK_EQ(u, fe.mapped, 0);
}

static void bad_image_and_small_memory_refused(struct unit *u)
{
	args.image = "not an ELF image";
	args.image_len = 16;
	UNIT_CHECK_EQ(u, dombuild_prepare(&b, &args), -XEN_ENOEXEC);
	UNIT_CHECK_EQ(u, fe.next, 0);
	setup();
	args.nr_pages = 512;
	UNIT_CHECK_EQ(u, build(), -XEN_ENOMEM);
	UNIT_CHECK_EQ(u, fe.next, 0);                   /* refused before any frame was given */
}

int main(void)
{
	static const struct unit_case cases[] = {
		CASE(layout_is_xens),
		CASE(every_pfn_gets_one_frame),
		CASE(tables_map_the_region),
		CASE(tables_across_boundaries),
		CASE(model_accepts_the_tables),
		CASE(model_refuses_a_writable_table),
		CASE(start_info_fields),
		CASE(module_after_the_image),
		CASE(initial_domain_has_no_store_or_console),
		CASE(command_line_truncated_with_nul),
		CASE(image_loaded_and_layout_zeroed),
		CASE(hypercall_page_filled_after_load),
		CASE(vcpu_context_is_start_of_day),
		CASE(mappings_bounded_and_released),
		CASE(populate_shortfall_reported),
		CASE(map_failure_reported),
		CASE(hypercall_page_error_reported),
		CASE(bad_image_and_small_memory_refused),
	};
	int failed = unit_run(cases, sizeof(cases) / sizeof(cases[0]), setup, NULL);
	fake_env_free(&fe);
	return failed ? 1 : 0;
}
