/*
 * Building a PV domain in Xen's start-of-day layout.
 *
 * Order: parse the image (elf_xen.c), compute the layout (pv_layout.c),
 * allocate every frame of the domain (PFN -> MFN in the p2m list, MFN -> PFN
 * in the M2P), load the image, write the bootstrap page tables, fill the
 * hypercall page, start_info and the console page, and set the initial
 * registers (xen-pv-abi.md 5.4).  domain_build_pv does all of it for a
 * boot-time domain; domain_build_image fills a domain created empty (by
 * domctl createdomain), as Xen's toolstack would before unpausing it.  The page tables map the region read-write
 * except the page-table frames themselves, which are mapped read-only; the
 * L4 is then pinned and installed through the pv-mmu model, which validates
 * the whole hierarchy exactly as it would a guest's: from its first
 * instruction the guest can change its page tables only through the
 * hypervisor, and a builder mistake is caught like a guest's.  Any failure
 * destroys the half-built domain, returning its frames.
 */
#include "console.h"
#include "domain_build.h"
#include "elf_xen.h"
#include "mm.h"
#include "pv_layout.h"
#include "sched.h"
#include "public/version.h"
#include "public/io/xs_wire.h"
#include "../arch/x86_64/paging.h"

struct build {
	struct domain *d;
	struct pv_layout l;
	uint64_t *p2m_frames;           /* MFNs of the p2m list pages */
};

static uint64_t pfn_to_mfn(struct build *b, uint64_t pfn)
{
	uint64_t *page = mfn_to_virt(b->p2m_frames[pfn / 512]);
	return page[pfn % 512];
}

static void *pfn_ptr(struct build *b, uint64_t pfn)
{
	return mfn_to_virt(pfn_to_mfn(b, pfn));
}

static void put_bytes(void *ctx, uint64_t va, const void *src, uint64_t n)
{
	struct build *b = ctx;
	while (n) {
		uint64_t off = va - b->l.virt_base;
		uint64_t chunk = MIN(n, 4096 - (off & 4095));
		uint8_t *dst = (uint8_t *)pfn_ptr(b, off >> 12) + (off & 4095);
		if (src) {
			memcpy(dst, src, chunk);
			src = (const uint8_t *)src + chunk;
		} else {
			memset(dst, 0, chunk);
		}
		va += chunk;
		n -= chunk;
	}
}

static int alloc_memory(struct build *b)
{
	static uint64_t p2m_frames[PV_LAYOUT_MAX_PAGES / 512];
	struct pv_layout *l = &b->l;
	b->p2m_frames = p2m_frames;
	/* The p2m pages first, so every later frame can be recorded in them. */
	for (uint64_t i = 0; i < l->p2m_pages; i++)
		if (!(p2m_frames[i] = frame_alloc_for(b->d, false)))
			return -XEN_ENOMEM;
	for (uint64_t pfn = 0; pfn < l->nr_pages; pfn++) {
		uint64_t mfn;
		if (pfn >= l->p2m_pfn && pfn < l->p2m_pfn + l->p2m_pages)
			mfn = p2m_frames[pfn - l->p2m_pfn];
		else if (!(mfn = frame_alloc_for(b->d, false)))
			return -XEN_ENOMEM;
		((uint64_t *)mfn_to_virt(p2m_frames[pfn / 512]))[pfn % 512] = mfn;
		m2p_rw[mfn] = pfn;
	}
	b->d->nr_pages = l->nr_pages;
	return 0;
}

/*
 * Map [virt_base, virt_base + region) as Xen's builder does: L1 entries
 * P|RW|A (page-table frames without RW), upper entries P|RW|A|D|US.  The
 * tables are checked afterwards by pinning the L4 through the model, which
 * also adds US to kernel mappings and installs the hypervisor's L4 slots.
 */
static void build_page_tables(struct build *b)
{
	struct pv_layout *l = &b->l;
	const uint64_t upper = PTE_P | PTE_RW | PTE_A | PTE_D | PTE_US;
	uint64_t l3_pfn = l->pt_pfn + 1, l2_pfn = l3_pfn + l->nr_l3, l1_pfn = l2_pfn + l->nr_l2;
	uint64_t *l4 = pfn_ptr(b, l->pt_pfn);
	uint64_t *l3 = NULL, *l2 = NULL, *l1 = NULL;
	uint64_t last3 = ~0ull, last2 = ~0ull, last1 = ~0ull;
	for (uint64_t pfn = 0; pfn < l->region_pages; pfn++) {
		uint64_t va = l->virt_base + (pfn << 12);
		if (va >> 39 != last3) {
			last3 = va >> 39;
			uint64_t mfn = pfn_to_mfn(b, l3_pfn++);
			l3 = mfn_to_virt(mfn);
			l4[(va >> 39) & 511] = (mfn << 12) | upper;
		}
		if (va >> 30 != last2) {
			last2 = va >> 30;
			uint64_t mfn = pfn_to_mfn(b, l2_pfn++);
			l2 = mfn_to_virt(mfn);
			l3[(va >> 30) & 511] = (mfn << 12) | upper;
		}
		if (va >> 21 != last1) {
			last1 = va >> 21;
			uint64_t mfn = pfn_to_mfn(b, l1_pfn++);
			l1 = mfn_to_virt(mfn);
			l2[(va >> 21) & 511] = (mfn << 12) | upper;
		}
		bool is_pt = pfn >= l->pt_pfn && pfn < l->pt_pfn + l->nr_pt;
		l1[(va >> 12) & 511] = (pfn_to_mfn(b, pfn) << 12) | PTE_P | PTE_A | (is_pt ? 0 : PTE_RW);
	}
}

static void fill_hypercall_page(uint8_t *p)
{
	memset(p, 0xcc, 4096);
	for (unsigned n = 0; n < HYPERCALL_PAGE_SLOTS; n++) {
		uint8_t *s = p + n * 32;
		if (n == __HYPERVISOR_iret) {
			const uint8_t stub[11] = { 0x51, 0x41, 0x53, 0x50, 0xb8, 23, 0, 0, 0, 0x0f, 0x05 };
			memcpy(s, stub, sizeof(stub));
			continue;
		}
		const uint8_t stub[14] = { 0x51, 0x41, 0x53, 0xb8, (uint8_t)n, 0, 0, 0,
					   0x0f, 0x05, 0x41, 0x5b, 0x59, 0xc3 };
		memcpy(s, stub, sizeof(stub));
	}
}

/* As Xen's toolstack: the store port, then the console port, both unbound
 * with the initial domain (which runs XenStore and the console back end) as
 * the remote end. */
static int service_ports(struct domain *d)
{
	domid_t backend = 0;
	int store = evtchn_alloc_unbound_in(d, backend);
	int console = store < 0 ? store : evtchn_alloc_unbound_in(d, backend);
	if (console < 0)
		return console;
	d->store_port = (uint32_t)store;
	d->console_port = (uint32_t)console;
	return 0;
}

static void fill_start_info(struct build *b, const char *cmdline)
{
	struct pv_layout *l = &b->l;
	struct domain *d = b->d;
	struct start_info *si = pfn_ptr(b, l->start_info_pfn);
	strncpy_z(si->magic, "xen-3.0-x86_64", sizeof(si->magic));
	si->nr_pages = l->nr_pages;
	si->shared_info = d->shared_info_mfn << 12;
	si->flags = d->initial ? SIF_INITDOMAIN | SIF_PRIVILEGED : (d->privileged ? SIF_PRIVILEGED : 0);
	if (!d->initial) {
		si->store_mfn = d->store_mfn = pfn_to_mfn(b, l->xenstore_pfn);
		si->store_evtchn = d->store_port;
		si->console.domU.mfn = d->console_mfn = pfn_to_mfn(b, l->console_pfn);
		si->console.domU.evtchn = d->console_port;
		((struct xencons_interface *)pfn_ptr(b, l->console_pfn))->connection = XENCONSOLE_DISCONNECTED;
		/* Xen's late-XenStore protocol: the guest waits for XENSTORE_CONNECTED,
		 * which the store sets when it introduces the domain. */
		((struct xenstore_domain_interface *)pfn_ptr(b, l->xenstore_pfn))->connection = XENSTORE_RECONNECT;
	}
	si->pt_base = l->virt_base + (l->pt_pfn << 12);
	si->nr_pt_frames = l->nr_pt;
	si->mfn_list = l->virt_base + (l->p2m_pfn << 12);
	strncpy_z(si->cmd_line, cmdline, sizeof(si->cmd_line));
}

static void set_initial_registers(struct build *b, uint64_t entry)
{
	struct pv_layout *l = &b->l;
	struct vcpu *v = b->d->vcpus[0];
	struct cpu_regs *r = &v->regs;
	memset(r, 0, sizeof(*r));
	r->rip = entry;
	r->rsp = l->virt_base + ((l->stack_pfn + 1) << 12);
	r->rsi = l->virt_base + (l->start_info_pfn << 12);
	r->rflags = 0x200;
	r->cs = FLAT_KERNEL_CS;
	r->ss = FLAT_KERNEL_SS;
	v->kernel_sp = r->rsp;
	v->kernel_ss = FLAT_KERNEL_SS;
}

int domain_build_image(struct domain *d, const struct pv_build_args *a)
{
	struct xen_elf_info info;
	struct build b = { .d = d };
	uint64_t free_before = frames_free;
	if (a->nr_pages > d->max_pages) {
		log_err("cannot build %s: %lu KiB of memory is above its maximum, %lu KiB", d->name,
			a->nr_pages * 4, d->max_pages * 4);
		return -XEN_ENOMEM;
	}
	int rc = elf_xen_parse(a->image, a->image_len, d->privileged, &info);
	if (rc) {
		log_err("cannot build %s: kernel %s (error %d)", d->name, info.why, rc);
	} else if ((rc = pv_layout_compute(&b.l, info.virt_base, info.v_end, a->nr_pages, d->initial))) {
		if (rc == -XEN_E2BIG)
			log_err("cannot build %s: %lu KiB of memory is more than the %llu KiB a domain can have",
				d->name, a->nr_pages * 4, PV_LAYOUT_MAX_PAGES * 4);
		else
			log_err("cannot build %s: %lu KiB of memory is less than the %lu KiB its kernel's "
				"start-of-day layout needs", d->name, a->nr_pages * 4,
				pv_layout_min_pages(info.virt_base, info.v_end, d->initial) * 4);
	} else if ((rc = alloc_memory(&b))) {
		log_err("cannot build %s: out of memory (%lu KiB asked, %lu KiB free)", d->name,
			a->nr_pages * 4, free_before * 4);
	}
	if (rc)
		return rc;
	if (!d->initial && (rc = service_ports(d)))
		return rc;
	elf_xen_load(a->image, &info, put_bytes, &b);
	build_page_tables(&b);
	rc = mmu_install_boot_l4(&mmu_env, &d->vcpus[0]->mmu, pfn_to_mfn(&b, b.l.pt_pfn));
	if (rc) {
		log_err("cannot build %s: the bootstrap page tables do not validate (error %d)", d->name, rc);
		return rc;
	}
	if (info.hypercall_page)
		fill_hypercall_page(pfn_ptr(&b, (info.hypercall_page - info.virt_base) >> 12));
	fill_start_info(&b, a->cmdline);
	set_initial_registers(&b, info.entry);
	d->vcpus[0]->initialised = true;
	d->vcpus[0]->down = false;
	log_info("d%u (%s): %lu pages, image %lx-%lx, entry %lx, start_info %lx, %lu page-table frames, "
		 "L4 at mfn %lx", d->id, d->name, b.l.nr_pages, info.v_start, info.v_end, info.entry,
		 b.l.virt_base + (b.l.start_info_pfn << 12), b.l.nr_pt, pfn_to_mfn(&b, b.l.pt_pfn));
	return 0;
}

struct domain *domain_build_pv(const struct pv_build_args *a)
{
	domid_t id = domain_take_id(DOMID_ANY);
	struct domain *d = id == DOMID_ANY ? NULL : domain_create(a->name, a->privileged, id);
	if (!d) {
		log_err("cannot build %s: no free domain slot or memory", a->name);
		return NULL;
	}
	d->initial = d->mmu.initial = a->initial;
	if (a->max_evtchn_ports)
		evtchn_init(d, a->max_evtchn_ports);
	if (a->max_grant_frames)
		gnttab_init(d, a->max_grant_frames);
	if (a->weight)
		d->weight = a->weight;
	d->cap = a->cap;
	d->max_pages = a->nr_pages;
	if (domain_build_image(d, a)) {
		domain_destroy(d);
		return NULL;
	}
	return d;
}
