/*
 * Building and destroying HVM domains, and their counters.
 *
 * hvm_build makes a domain the way Xen's toolstack makes a PVH guest
 * without firmware: all of its RAM is allocated now (frames owned by the
 * domain, M2P set) and mapped 1:1 by guest frame number in its p2m from
 * guest-physical 0; the kernel's PT_LOAD segments are copied to their
 * physical addresses (elf_pvh.c checked they fit); at 0x1000 goes the
 * struct hvm_start_info (magic 0x336EC578, version 1, no modules), its
 * command line at 0x1100 and a one-entry memory map (RAM from 0 to the
 * end) at 0x1080; vCPU 0 starts at the PHYS32_ENTRY note in 32-bit
 * protected mode with EBX = 0x1000 (svm_vmcb.c).  Only paging='hap' is
 * built; the boot refuses the rest (boot_manifest.c).
 *
 * hvm_domain_destroy (from domain_destroy) prints the counters, frees the
 * VMCBs, the p2m's tables and the hvm_domain frame; the RAM frames are
 * the domain's and go back with the rest of its memory.  Invariant: after
 * it, the hypervisor holds no frame for the domain.
 */
#include "console.h"
#include "elf_pvh.h"
#include "hvm.h"
#include "hvm_paging.h"
#include "mm.h"
#include "sched.h"
#include "svm.h"
#include "../arch/x86_64/lapic.h"

#define START_INFO_GPA  0x1000ull
#define MEMMAP_GPA      0x1080ull
#define CMDLINE_GPA     0x1100ull
#define CMDLINE_MAX     (PAGE_SIZE - 0x100)

struct hvm_start_info {
	uint32_t magic, version, flags, nr_modules;
	uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr, memmap_paddr;
	uint32_t memmap_entries, reserved;
};
_Static_assert(sizeof(struct hvm_start_info) == 56, "Xen's layout");

struct hvm_memmap_entry {
	uint64_t addr, size;
	uint32_t type, reserved;
};

static const char *const exit_names[HVM_EXIT_KINDS] = {
	"cr", "exception", "intr", "vintr", "cpuid", "hlt", "invlpg", "ioio", "msr",
	"shutdown", "vmmcall", "npf", "other",
};

void hvm_print_counters(const struct domain *d)
{
	const struct hvm_counters *s = &hvm_of(d)->stats;
	char line[256];
	size_t n = 0;
	for (unsigned k = 0; k < HVM_EXIT_KINDS; k++)
		if (s->exits[k])
			n += (size_t)snprintf(line + n, sizeof(line) - n, " %s %lu", exit_names[k], s->exits[k]);
	log_info("d%u (%s) HVM %s: exits:%s", d->id, d->name, hvm_of(d)->paging->name, n ? line : " none");
	log_info("d%u (%s) HVM %s: nested page faults %lu, ASID flushes %lu, full TLB flushes %lu, "
		 "interrupts injected %lu, p2m entries removed %lu, PIT ticks %lu", d->id, d->name,
		 hvm_of(d)->paging->name, s->npf, s->asid_flushes, s->full_flushes, s->irqs_injected,
		 s->p2m_removed, hvm_of(d)->dev.pit.ticks);
}

static void put_segment(void *ctx, uint64_t pa, const void *src, uint64_t n)
{
	struct domain *d = ctx;
	static const uint8_t zeros[256];
	if (src) {
		hvm_copy_to_gpa(d, pa, src, n);
		return;
	}
	for (uint64_t done = 0; done < n; done += sizeof(zeros))
		hvm_copy_to_gpa(d, pa + done, zeros, MIN(sizeof(zeros), n - done));
}

static int populate(struct domain *d, uint64_t pages)
{
	for (uint64_t gfn = 0; gfn < pages; gfn++) {
		uint64_t mfn = frame_alloc_for(d, false);
		if (!mfn)
			return -XEN_ENOMEM;
		m2p_rw[mfn] = gfn;
		if (p2m_set(d, gfn, mfn))
			return -XEN_ENOMEM;
	}
	hvm_of(d)->ram_pages = pages;
	return 0;
}

static void write_start_info(struct domain *d, const char *cmdline)
{
	size_t len = strlen(cmdline ? cmdline : "");
	len = MIN(len, CMDLINE_MAX - 1);
	struct hvm_start_info si = {
		.magic = 0x336EC578, .version = 1, .cmdline_paddr = CMDLINE_GPA,
		.memmap_paddr = MEMMAP_GPA, .memmap_entries = 1,
	};
	struct hvm_memmap_entry ram = { .addr = 0, .size = hvm_of(d)->ram_pages << PAGE_SHIFT, .type = 1 };
	hvm_copy_to_gpa(d, START_INFO_GPA, &si, sizeof(si));
	hvm_copy_to_gpa(d, MEMMAP_GPA, &ram, sizeof(ram));
	if (len)
		hvm_copy_to_gpa(d, CMDLINE_GPA, cmdline, len);
}

static int start_vcpu0(struct domain *d, uint32_t entry)
{
	struct vcpu *v = d->vcpus[0];
	struct hvm_vcpu *hv = &hvm_of(d)->vcpu0;
	hv->vmcb_mfn = frame_alloc_xen();
	if (!hv->vmcb_mfn)
		return -XEN_ENOMEM;
	hv->vmcb = mfn_to_virt(hv->vmcb_mfn);
	v->hvm = hv;
	svm_vmcb_init(v, entry, START_INFO_GPA);
	v->initialised = true;
	v->down = false;
	runstate_sync(v, now_ns());
	return 0;
}

static struct domain *create(const struct hvm_build_args *a)
{
	domid_t id = domain_take_id(DOMID_ANY);
	struct domain *d = id == DOMID_ANY ? NULL : domain_create(a->name, false, id);
	if (!d)
		return NULL;
	uint64_t mfn = frame_alloc_xen();
	if (!mfn) {
		domain_destroy(d);
		return NULL;
	}
	d->hvm = mfn_to_virt(mfn);
	d->hvm->self_mfn = mfn;
	d->hvm->paging = &hap_paging_ops;
	d->creation_finished = true;
	if (a->weight)
		d->weight = a->weight;
	d->cap = a->cap;
	d->max_pages = a->nr_pages;
	return d;
}

struct domain *hvm_build(const struct hvm_build_args *a)
{
	struct pvh_elf_info info;
	if (!svm_available) {
		log_err("cannot build %s: this CPU offers no usable SVM", a->name);
		return NULL;
	}
	if (elf_pvh_parse(a->image, a->image_len, a->nr_pages << PAGE_SHIFT, &info)) {
		log_err("cannot build %s: kernel %s", a->name, info.why);
		return NULL;
	}
	struct domain *d = create(a);
	if (!d) {
		log_err("cannot build %s: no free domain slot or memory", a->name);
		return NULL;
	}
	int rc = populate(d, a->nr_pages);
	if (!rc)
		rc = d->hvm->paging->init(d);
	if (!rc) {
		elf_pvh_load(a->image, put_segment, d);
		write_start_info(d, a->cmdline);
		rc = start_vcpu0(d, info.entry);
	}
	if (rc) {
		log_err("cannot build %s: out of memory (%lu KiB asked, error %d)", a->name, a->nr_pages * 4, rc);
		domain_destroy(d);
		return NULL;
	}
	log_info("d%u (%s): HVM, paging %s, %lu pages, kernel at %lx-%lx, entry %x, start info %llx, "
		 "%lu p2m table frames", d->id, d->name, d->hvm->paging->name, a->nr_pages, info.paddr_lo,
		 info.paddr_hi, info.entry, START_INFO_GPA, d->hvm->p2m_frames);
	return d;
}

void hvm_domain_destroy(struct domain *d)
{
	struct hvm_domain *h = d->hvm;
	if (!h)
		return;
	hvm_print_counters(d);
	for (unsigned k = 0; k < d->nr_vcpus; k++) {
		struct vcpu *v = d->vcpus[k];
		if (!v->hvm)
			continue;
		hvm_asid_release(&v->hvm->asid);
		frame_free_xen(v->hvm->vmcb_mfn);
		v->hvm = NULL;
	}
	if (h->paging->teardown)
		h->paging->teardown(d);
	p2m_destroy(d);
	d->hvm = NULL;
	frame_free_xen(h->self_mfn);
}
