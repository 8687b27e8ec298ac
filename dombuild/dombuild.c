/*
 * The builder's sequence (dombuild.h): prepare, build, vCPU 0's context.
 *
 * Build order, as the checklist of xen-pv-abi.md 5.6 has it: the frames and
 * the p2m list; then every page of the layout except the p2m list is
 * zeroed (the image's and the module's pages, and start_info up to the boot
 * stack); the image's PT_LOAD segments are copied in (their BSS is already
 * zero), then the module; the
 * page tables, start_info and the console page are written; last the
 * hypervisor fills the hypercall page, which lies inside the image and
 * would otherwise be overwritten by it.
 *
 * Invariant: the library maps at most DOMBUILD_MAX_MAPPED frames at once
 * and unmaps every frame it mapped, on success and on failure, so an
 * environment that maps through the caller's own page tables (a guest's
 * foreign mappings) is left with nothing it must clean up but its cache.
 */
#include "dombuild_internal.h"
#include "public/xen.h"
#include "public/arch-x86_64.h"

void *dombuild_map_pfn(struct dombuild *b, struct dombuild_env *env, uint64_t pfn)
{
	if (b->error)
		return NULL;
	uint64_t mfn = dombuild_mfn(b, env, pfn);
	void *p = mfn ? env->map(env, mfn) : NULL;
	if (!p)
		dombuild_fail(b, -XEN_EFAULT);
	return p;
}

void dombuild_zero(struct dombuild *b, struct dombuild_env *env, uint64_t first, uint64_t n)
{
	for (uint64_t pfn = first; pfn < first + n; pfn++) {
		void *p = dombuild_map_pfn(b, env, pfn);
		if (!p)
			return;
		memset(p, 0, DOMBUILD_PAGE);
		env->unmap(env, p);
	}
}

int dombuild_prepare(struct dombuild *b, const struct dombuild_args *a)
{
	b->error = 0;
	int rc = elf_xen_parse(a->image, a->image_len, a->privileged, &b->info);
	if (rc)
		return rc;
	return pv_layout_compute(&b->layout, b->info.virt_base, b->info.v_end, a->module_len,
				 a->nr_pages, a->initial);
}

struct loader {
	struct dombuild *b;
	struct dombuild_env *env;
};

/* elf_xen_load's callback: copy n bytes (src NULL: BSS, already zero) to va. */
static void load_bytes(void *ctx, uint64_t va, const void *src, uint64_t n)
{
	struct loader *ld = ctx;
	uint64_t base = ld->b->layout.virt_base;
	while (src && n && !ld->b->error) {
		uint64_t off = va - base, chunk = DOMBUILD_PAGE - (off & (DOMBUILD_PAGE - 1));
		if (chunk > n)
			chunk = n;
		uint8_t *page = dombuild_map_pfn(ld->b, ld->env, off >> 12);
		if (!page)
			return;
		memcpy(page + (off & (DOMBUILD_PAGE - 1)), src, chunk);
		ld->env->unmap(ld->env, page);
		src = (const uint8_t *)src + chunk;
		va += chunk;
		n -= chunk;
	}
}

int dombuild_build(struct dombuild *b, struct dombuild_env *env, const struct dombuild_args *a)
{
	const struct pv_layout *l = &b->layout;
	b->error = 0;
	dombuild_populate(b, env);
	dombuild_zero(b, env, 0, l->p2m_pfn);
	dombuild_zero(b, env, l->start_info_pfn, l->stack_pfn + 1 - l->start_info_pfn);
	struct loader ld = { b, env };
	if (!b->error)
		elf_xen_load(a->image, &b->info, load_bytes, &ld);
	load_bytes(&ld, l->virt_base + (l->module_pfn << 12), a->module, a->module_len);
	dombuild_page_tables(b, env);
	if (b->error)
		return b->error;
	b->l4_mfn = dombuild_mfn(b, env, l->pt_pfn);
	b->start_info_mfn = dombuild_mfn(b, env, l->start_info_pfn);
	b->store_mfn = a->initial ? 0 : dombuild_mfn(b, env, l->xenstore_pfn);
	b->console_mfn = a->initial ? 0 : dombuild_mfn(b, env, l->console_pfn);
	b->start = (struct dombuild_start){
		.entry = b->info.entry, .stack_top = l->virt_base + ((l->stack_pfn + 1) << 12),
		.start_info_va = l->virt_base + (l->start_info_pfn << 12), .l4_mfn = b->l4_mfn,
	};
	dombuild_start_info(b, env, a);
	if (!b->error && b->info.hypercall_page) {
		uint64_t pfn = (b->info.hypercall_page - l->virt_base) >> 12;
		int rc = env->hypercall_page(env, dombuild_mfn(b, env, pfn));
		if (rc)
			dombuild_fail(b, rc);
	}
	return b->error;
}

void dombuild_vcpu_context(const struct dombuild_start *s, struct vcpu_guest_context *c)
{
	memset(c, 0, sizeof(*c));
	c->flags = VGCF_in_kernel | VGCF_online;
	c->user_regs.rip = s->entry;
	c->user_regs.rsp = s->stack_top;
	c->user_regs.rsi = s->start_info_va;
	c->user_regs.rflags = 0x200;                    /* IF: events stay masked in vcpu_info */
	c->user_regs.cs = FLAT_KERNEL_CS;
	c->user_regs.ss = FLAT_KERNEL_SS;
	c->kernel_ss = FLAT_KERNEL_SS;
	c->kernel_sp = c->user_regs.rsp;
	c->ctrlreg[3] = s->l4_mfn << 12;
	c->debugreg[6] = 0xffff0ff0;                    /* the reset values */
	c->debugreg[7] = 0x400;
}
