/*
 * ELF64 + Xen note parsing for PV kernels (elf_xen.h).
 *
 * Acceptance follows Xen's libelf: notes from PT_NOTE segments first, then
 * SHT_NOTE sections; only notes named "Xen" count and a malformed one
 * rejects the image; an image without Xen notes is refused; LOADER must start
 * with "generic" or GUEST_OS with "linux"; XEN_VERSION must start with
 * "xen-3.0".  Addresses: virt_offset = VIRT_BASE - PADDR_OFFSET (both default
 * 0), the image is [min p_paddr, max p_paddr + p_memsz) + virt_offset, the
 * entry must lie inside it, and nothing may touch the hypervisor's hole.
 */
#include "elf_xen.h"
#include "lib.h"
#include "public/arch-x86_64.h"
#include "public/elfnote.h"
#include "public/errno.h"

struct elf64_ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

struct elf64_shdr {
	uint32_t name, type;
	uint64_t flags, addr, offset, size;
	uint32_t link, info;
	uint64_t addralign, entsize;
};

#define PT_LOAD 1
#define PT_NOTE 4
#define SHT_NOTE 7

struct notes {
	bool any;
	bool has_entry, has_virt_base, has_paddr_offset;
	uint64_t entry, virt_base, paddr_offset, hypercall_page;
	char features[256];
};

static bool in_image(size_t len, uint64_t off, uint64_t n)
{
	return off <= len && n <= len - off;
}

static void copy_note_str(char *dst, size_t size, const uint8_t *desc, uint32_t n)
{
	size_t k = MIN((size_t)n, size - 1);
	memcpy(dst, desc, k);
	dst[k] = 0;
}

static const struct { const char *name; unsigned bit; } feature_names[] = {
	{ "writable_page_tables", 0 }, { "writable_descriptor_tables", 1 },
	{ "auto_translated_physmap", 2 }, { "supervisor_mode_kernel", 3 },
	{ "pae_pgdir_above_4gb", 4 }, { "mmu_pt_update_preserve_ad", 5 },
	{ "highmem_assist", 6 }, { "gnttab_map_avail_bits", 7 }, { "hvm_callback_vector", 8 },
	{ "hvm_safe_pvclock", 9 }, { "hvm_pirqs", 10 }, { "dom0", 11 },
};

/* FEATURES is "name|!name|...": '!' marks a required feature. */
static int required_features(const char *s, uint32_t *req, const char **why)
{
	while (*s) {
		bool must = *s == '!';
		if (must)
			s++;
		size_t n = 0;
		while (s[n] && s[n] != '|')
			n++;
		bool known = false;
		for (unsigned i = 0; i < ARRAY_SIZE(feature_names); i++)
			if (strlen(feature_names[i].name) == n && !strncmp(s, feature_names[i].name, n)) {
				known = true;
				if (must)
					*req |= 1u << feature_names[i].bit;
			}
		if (!known && must) {
			*why = "image requires an unknown feature";
			return -XEN_EINVAL;
		}
		s += n;
		if (*s == '|')
			s++;
	}
	return 0;
}

static int read_notes(const uint8_t *img, size_t len, uint64_t off, uint64_t size,
		      struct notes *nt, struct xen_elf_info *info, const char **why)
{
	if (!in_image(len, off, size)) {
		*why = "note area outside the image";
		return -XEN_EINVAL;
	}
	uint64_t p = off, end = off + size;
	while (end - p >= 12) {
		uint32_t namesz, descsz, type;
		memcpy(&namesz, img + p, 4);
		memcpy(&descsz, img + p + 4, 4);
		memcpy(&type, img + p + 8, 4);
		uint64_t name = p + 12, desc = name + ALIGN_UP((uint64_t)namesz, 4);
		uint64_t next = desc + ALIGN_UP((uint64_t)descsz, 4);
		if (desc > end || next > end || next < desc) {
			*why = "truncated ELF note";
			return -XEN_EINVAL;
		}
		p = next;
		if (namesz != 4 || memcmp(img + name, "Xen", 4))
			continue;
		nt->any = true;
		const uint8_t *d = img + desc;
		uint64_t num = 0;
		if (descsz == 4 || descsz == 8)
			memcpy(&num, d, descsz);
		bool numeric = type == XEN_ELFNOTE_ENTRY || type == XEN_ELFNOTE_HYPERCALL_PAGE ||
			       type == XEN_ELFNOTE_VIRT_BASE || type == XEN_ELFNOTE_PADDR_OFFSET;
		if (numeric && descsz != 4 && descsz != 8) {
			*why = "numeric Xen note with a bad size";
			return -XEN_EINVAL;
		}
		switch (type) {
		case XEN_ELFNOTE_ENTRY: nt->entry = num; nt->has_entry = true; break;
		case XEN_ELFNOTE_HYPERCALL_PAGE: nt->hypercall_page = num; break;
		case XEN_ELFNOTE_VIRT_BASE: nt->virt_base = num; nt->has_virt_base = true; break;
		case XEN_ELFNOTE_PADDR_OFFSET: nt->paddr_offset = num; nt->has_paddr_offset = true; break;
		case XEN_ELFNOTE_GUEST_OS: copy_note_str(info->guest_os, sizeof(info->guest_os), d, descsz); break;
		case XEN_ELFNOTE_LOADER: copy_note_str(info->loader, sizeof(info->loader), d, descsz); break;
		case XEN_ELFNOTE_XEN_VERSION: copy_note_str(info->xen_version, sizeof(info->xen_version), d, descsz); break;
		case XEN_ELFNOTE_FEATURES: copy_note_str(nt->features, sizeof(nt->features), d, descsz); break;
		default: break;
		}
	}
	return 0;
}

static int collect_notes(const uint8_t *img, size_t len, const struct elf64_ehdr *eh,
			 struct notes *nt, struct xen_elf_info *info, const char **why)
{
	for (unsigned i = 0; i < eh->phnum; i++) {
		const struct elf64_phdr *ph = (const void *)(img + eh->phoff + (uint64_t)i * eh->phentsize);
		if (ph->type == PT_NOTE) {
			int rc = read_notes(img, len, ph->offset, ph->filesz, nt, info, why);
			if (rc)
				return rc;
		}
	}
	if (nt->any || !eh->shnum)
		return 0;
	if (eh->shentsize != sizeof(struct elf64_shdr) ||
	    !in_image(len, eh->shoff, (uint64_t)eh->shnum * sizeof(struct elf64_shdr))) {
		*why = "section headers outside the image";
		return -XEN_EINVAL;
	}
	for (unsigned i = 0; i < eh->shnum; i++) {
		const struct elf64_shdr *sh = (const void *)(img + eh->shoff + (uint64_t)i * sizeof(*sh));
		if (sh->type == SHT_NOTE) {
			int rc = read_notes(img, len, sh->offset, sh->size, nt, info, why);
			if (rc)
				return rc;
		}
	}
	return 0;
}

static bool in_guest_space(uint64_t a, uint64_t b)
{
	/* [a, b) entirely below the canonical hole, or entirely above the hypervisor's hole */
	return a <= b && (b <= (1ull << 47) || a >= HYPERVISOR_VIRT_END);
}

int elf_xen_parse(const void *image, size_t len, uint32_t supported_features,
		  struct xen_elf_info *info, const char **why)
{
	const uint8_t *img = image;
	memset(info, 0, sizeof(*info));
	struct elf64_ehdr eh;
	if (len < sizeof(eh)) {
		*why = "image too small for an ELF header";
		return -XEN_ENOEXEC;
	}
	memcpy(&eh, img, sizeof(eh));
	if (memcmp(eh.ident, "\177ELF", 4) || eh.ident[4] != 2 || eh.ident[5] != 1) {
		*why = "not a little-endian ELF64 image";
		return -XEN_ENOEXEC;
	}
	if (eh.machine != 62 || eh.type != 2) {
		*why = "not an x86_64 executable";
		return -XEN_ENOEXEC;
	}
	if (eh.phentsize != sizeof(struct elf64_phdr) || !eh.phnum ||
	    !in_image(len, eh.phoff, (uint64_t)eh.phnum * eh.phentsize) || (eh.phoff & 7)) {
		*why = "program headers outside the image";
		return -XEN_EINVAL;
	}
	struct notes nt = { 0 };
	int rc = collect_notes(img, len, &eh, &nt, info, why);
	if (rc)
		return rc;
	if (!nt.any) {
		*why = "no Xen ELF notes: not a Xen PV kernel";
		return -XEN_EINVAL;
	}
	if (strncmp(info->loader, "generic", 7) && strncmp(info->guest_os, "linux", 5)) {
		*why = "LOADER note must start with \"generic\" (or GUEST_OS with \"linux\")";
		return -XEN_EINVAL;
	}
	if (strncmp(info->xen_version, "xen-3.0", 7)) {
		*why = "XEN_VERSION note must start with \"xen-3.0\"";
		return -XEN_EINVAL;
	}
	if ((rc = required_features(nt.features, &info->required_features, why)))
		return rc;
	if (info->required_features & ~supported_features) {
		*why = "image requires a feature this hypervisor does not offer";
		return -XEN_EINVAL;
	}
	uint64_t lo = UINT64_MAX, hi = 0;
	for (unsigned i = 0; i < eh.phnum; i++) {
		const struct elf64_phdr *ph = (const void *)(img + eh.phoff + (uint64_t)i * eh.phentsize);
		if (ph->type != PT_LOAD)
			continue;
		if (!in_image(len, ph->offset, ph->filesz) || ph->filesz > ph->memsz ||
		    ph->paddr + ph->memsz < ph->paddr) {
			*why = "PT_LOAD segment outside the image or with filesz > memsz";
			return -XEN_EINVAL;
		}
		lo = MIN(lo, ph->paddr);
		hi = MAX(hi, ph->paddr + ph->memsz);
	}
	if (lo >= hi) {
		*why = "no loadable segments";
		return -XEN_EINVAL;
	}
	info->virt_base = nt.virt_base;
	info->virt_offset = nt.virt_base - nt.paddr_offset;
	info->v_start = lo + info->virt_offset;
	info->v_end = hi + info->virt_offset;
	info->entry = nt.has_entry ? nt.entry : eh.entry;
	info->hypercall_page = nt.hypercall_page;
	if (info->v_end < info->v_start || !in_guest_space(info->virt_base, info->v_end) ||
	    info->virt_base > info->v_start) {
		*why = "image addresses overlap the hypervisor or are not canonical";
		return -XEN_EINVAL;
	}
	if (info->entry < info->v_start || info->entry >= info->v_end) {
		*why = "entry point outside the image";
		return -XEN_EINVAL;
	}
	if (info->hypercall_page && (info->hypercall_page < info->v_start ||
				     info->hypercall_page + 4096 > ALIGN_UP(info->v_end, 4096) ||
				     (info->hypercall_page & 4095))) {
		*why = "hypercall page outside the image or not page aligned";
		return -XEN_EINVAL;
	}
	return 0;
}

void elf_xen_load(const void *image, const struct xen_elf_info *info,
		  void (*put)(void *ctx, uint64_t va, const void *src, uint64_t n), void *ctx)
{
	const uint8_t *img = image;
	const struct elf64_ehdr *eh = image;
	for (unsigned i = 0; i < eh->phnum; i++) {
		const struct elf64_phdr *ph = (const void *)(img + eh->phoff + (uint64_t)i * eh->phentsize);
		if (ph->type != PT_LOAD)
			continue;
		uint64_t va = ph->paddr + info->virt_offset;
		put(ctx, va, img + ph->offset, ph->filesz);
		put(ctx, va + ph->filesz, NULL, ph->memsz - ph->filesz);
	}
}
