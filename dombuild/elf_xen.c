/*
 * ELF64 + Xen note parsing for PV kernels (elf_xen.h).
 *
 * Acceptance follows Xen's libelf (xen/common/libelf/libelf-dominfo.c):
 * notes from PT_NOTE segments first (a segment at file offset 0 is
 * skipped, as Xen does), then, only if those held no Xen note, SHT_NOTE
 * sections; only notes named "Xen" count.  Numeric notes are read as 1, 2,
 * 4 or 8 little-endian bytes (any other size reads as 0); FEATURES notes
 * are parsed as they come (elf_features.c) and SUPPORTED_FEATURES adds its
 * first 32-bit word to the supported set.  An image without Xen notes is
 * refused; LOADER must start with "generic" or GUEST_OS with "linux";
 * XEN_VERSION must start with "xen-3.0"; PADDR_OFFSET needs VIRT_BASE.
 * Addresses: virt_offset = VIRT_BASE - PADDR_OFFSET (both default 0), the
 * image is [min p_paddr, max p_paddr + p_memsz) + virt_offset over the
 * PT_LOAD segments, the entry must lie inside it (its end included, as in
 * Xen), VIRT_BASE at or below it, INIT_P2M outside it, and nothing may
 * touch the hypervisor's hole.  Umbra adds: the hypercall page must be a
 * page of the image; malformed notes and segments refuse the image.
 *
 * Then the features (elf_features.h): a required feature this domain is
 * not offered refuses it, naming the feature; a control domain whose
 * SUPPORTED_FEATURES note does not list dom0 is refused, as Xen refuses
 * such a dom0.
 *
 * Portable: only memcpy/memset/memcmp are called, which the kernel and
 * every host C library provide.
 */
#include "elf_xen.h"
#include "elf_features.h"
#include "public/arch-x86_64.h"
#include "public/elfnote.h"
#include "public/errno.h"
#include "public/version.h"

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#include "elf64.h"

#define PAGE 4096ull

struct notes {
	unsigned count;                 /* Xen notes seen */
	bool has_entry, has_virt_base, has_paddr_offset, has_hypercall_page, has_init_p2m;
	uint64_t entry, virt_base, paddr_offset, hypercall_page, init_p2m;
	char unknown[64];               /* a required feature Xen does not know */
};

/* info->why = a b c: the end of a sentence that starts with "kernel". */
static int refuse(struct xen_elf_info *info, int rc, const char *a, const char *b, const char *c)
{
	const char *parts[3] = { a, b, c };
	size_t n = 0;
	for (unsigned i = 0; i < 3; i++)
		for (const char *s = parts[i]; s && *s && n + 1 < sizeof(info->why); s++)
			info->why[n++] = *s;
	info->why[n] = 0;
	return rc;
}

static bool in_image(size_t len, uint64_t off, uint64_t n)
{
	return off <= len && n <= len - off;
}

static uint64_t align4(uint64_t x)
{
	return (x + 3) & ~3ull;
}

static bool prefix(const char *s, const char *p)
{
	while (*p && *s == *p)
		s++, p++;
	return !*p;
}

static uint64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
	while (n--)
		v = v << 8 | p[n];
	return v;
}

static uint64_t numeric(const uint8_t *d, uint32_t descsz)
{
	return descsz == 1 || descsz == 2 || descsz == 4 || descsz == 8 ? le(d, descsz) : 0;
}

static void copy_string(char *dst, size_t size, const uint8_t *d, uint32_t descsz)
{
	size_t k = 0;
	while (k + 1 < size && k < descsz && d[k]) {
		dst[k] = (char)d[k];
		k++;
	}
	dst[k] = 0;
}

static int note(const uint8_t *d, uint32_t type, uint32_t descsz, struct notes *nt,
		struct xen_elf_info *info)
{
	uint64_t num = numeric(d, descsz);
	switch (type) {
	case XEN_ELFNOTE_ENTRY: nt->entry = num; nt->has_entry = true; break;
	case XEN_ELFNOTE_HYPERCALL_PAGE: nt->hypercall_page = num; nt->has_hypercall_page = true; break;
	case XEN_ELFNOTE_VIRT_BASE: nt->virt_base = num; nt->has_virt_base = true; break;
	case XEN_ELFNOTE_PADDR_OFFSET: nt->paddr_offset = num; nt->has_paddr_offset = true; break;
	case XEN_ELFNOTE_INIT_P2M: nt->init_p2m = num; nt->has_init_p2m = true; break;
	case XEN_ELFNOTE_MOD_START_PFN: info->mod_start_pfn = num != 0; break;
	case XEN_ELFNOTE_GUEST_OS: copy_string(info->guest_os, sizeof(info->guest_os), d, descsz); break;
	case XEN_ELFNOTE_LOADER: copy_string(info->loader, sizeof(info->loader), d, descsz); break;
	case XEN_ELFNOTE_XEN_VERSION: copy_string(info->xen_version, sizeof(info->xen_version), d, descsz); break;
	case XEN_ELFNOTE_FEATURES:
		if (elf_features_parse((const char *)d, descsz, &info->f_supported, &info->f_required,
				       nt->unknown, sizeof(nt->unknown)))
			return refuse(info, -XEN_EINVAL, "requires feature '", nt->unknown,
				      "' (FEATURES note), which Xen does not know");
		break;
	case XEN_ELFNOTE_SUPPORTED_FEATURES:
		info->has_supported_features = true;
		if (descsz >= 4 && descsz % 4 == 0)
			info->f_supported |= (uint32_t)le(d, 4);
		break;
	default:
		break;
	}
	return 0;
}

static int read_notes(const uint8_t *img, size_t len, uint64_t off, uint64_t size,
		      struct notes *nt, struct xen_elf_info *info)
{
	if (!in_image(len, off, size))
		return refuse(info, -XEN_EINVAL, "has a note area outside the file", NULL, NULL);
	uint64_t p = off, end = off + size;
	while (end - p >= 12) {
		uint32_t namesz = (uint32_t)le(img + p, 4), descsz = (uint32_t)le(img + p + 4, 4);
		uint32_t type = (uint32_t)le(img + p + 8, 4);
		uint64_t name = p + 12, desc = name + align4(namesz), next = desc + align4(descsz);
		if (desc > end || next > end)
			return refuse(info, -XEN_EINVAL, "has a truncated ELF note", NULL, NULL);
		p = next;
		if (end - name < 4 || memcmp(img + name, "Xen", 4))
			continue;
		nt->count++;
		int rc = note(img + desc, type, descsz, nt, info);
		if (rc)
			return rc;
	}
	return 0;
}

static int collect_notes(const uint8_t *img, size_t len, const struct elf64_ehdr *eh,
			 struct notes *nt, struct xen_elf_info *info)
{
	for (unsigned i = 0; i < eh->phnum; i++) {
		struct elf64_phdr ph;
		memcpy(&ph, img + eh->phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
		if (ph.type == PT_NOTE && ph.offset) {
			int rc = read_notes(img, len, ph.offset, ph.filesz, nt, info);
			if (rc)
				return rc;
		}
	}
	if (nt->count || !eh->shnum)
		return 0;
	if (eh->shentsize != sizeof(struct elf64_shdr) ||
	    !in_image(len, eh->shoff, (uint64_t)eh->shnum * sizeof(struct elf64_shdr)))
		return refuse(info, -XEN_EINVAL, "has section headers outside the file", NULL, NULL);
	for (unsigned i = 1; i < eh->shnum; i++) {
		struct elf64_shdr sh;
		memcpy(&sh, img + eh->shoff + (uint64_t)i * sizeof(sh), sizeof(sh));
		if (sh.type == SHT_NOTE) {
			int rc = read_notes(img, len, sh.offset, sh.size, nt, info);
			if (rc)
				return rc;
		}
	}
	return 0;
}

static int check_header(const uint8_t *img, size_t len, struct elf64_ehdr *eh, struct xen_elf_info *info)
{
	if (len < 4 || memcmp(img, "\177ELF", 4))
		return refuse(info, -XEN_ENOEXEC, "is not an ELF file", NULL, NULL);
	if (len >= 5 && img[4] == ELFCLASS32)
		return refuse(info, -XEN_ENOEXEC, "is a 32-bit ELF file; Umbra runs 64-bit PV kernels only",
			      NULL, NULL);
	if (len < sizeof(*eh))
		return refuse(info, -XEN_ENOEXEC, "is a truncated ELF file", NULL, NULL);
	memcpy(eh, img, sizeof(*eh));
	if (eh->ident[4] != ELFCLASS64 || eh->ident[5] != ELFDATA2LSB)
		return refuse(info, -XEN_ENOEXEC, "is not a little-endian 64-bit ELF file", NULL, NULL);
	if (eh->machine != EM_X86_64)
		return refuse(info, -XEN_ENOEXEC, "is not an x86-64 ELF file", NULL, NULL);
	if (eh->type != ET_EXEC)
		return refuse(info, -XEN_ENOEXEC, "is not an ELF executable", NULL, NULL);
	if (eh->phentsize != sizeof(struct elf64_phdr) || !eh->phnum ||
	    !in_image(len, eh->phoff, (uint64_t)eh->phnum * eh->phentsize))
		return refuse(info, -XEN_EINVAL, "is a truncated or corrupt ELF file (program headers)",
			      NULL, NULL);
	return 0;
}

static int check_features(bool control, struct xen_elf_info *info)
{
	uint32_t lacking = info->f_required & ~elf_features_offered(control);
	for (unsigned bit = 0; bit < 32; bit++)
		if (lacking & (1u << bit))
			return refuse(info, -XEN_EINVAL, "requires feature ", elf_feature_name(bit),
				      bit == XENFEAT_dom0 ? " (FEATURES note), which only the control domain has"
							  : " (FEATURES note), which Umbra does not offer");
	if (control && info->has_supported_features && !(info->f_supported & (1u << XENFEAT_dom0)))
		return refuse(info, -XEN_EINVAL, "does not support running as the control domain",
			      " (its SUPPORTED_FEATURES note lacks dom0)", NULL);
	return 0;
}

static bool in_guest_space(uint64_t a, uint64_t b)
{
	/* [a, b) entirely below the canonical hole, or entirely above the hypervisor's hole */
	return a <= b && (b <= (1ull << 47) || a >= HYPERVISOR_VIRT_END);
}

static int check_addresses(const uint8_t *img, size_t len, const struct elf64_ehdr *eh,
			   const struct notes *nt, struct xen_elf_info *info)
{
	uint64_t lo = UINT64_MAX, hi = 0;
	for (unsigned i = 0; i < eh->phnum; i++) {
		struct elf64_phdr ph;
		memcpy(&ph, img + eh->phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
		if (ph.type != PT_LOAD)
			continue;
		if (!in_image(len, ph.offset, ph.filesz) || ph.filesz > ph.memsz ||
		    ph.paddr + ph.memsz < ph.paddr)
			return refuse(info, -XEN_EINVAL, "has a PT_LOAD segment outside the file ",
				      "or with filesz > memsz", NULL);
		lo = lo < ph.paddr ? lo : ph.paddr;
		hi = hi > ph.paddr + ph.memsz ? hi : ph.paddr + ph.memsz;
	}
	if (lo >= hi)
		return refuse(info, -XEN_EINVAL, "has no loadable segments", NULL, NULL);
	if (nt->has_paddr_offset && !nt->has_virt_base)
		return refuse(info, -XEN_EINVAL, "has a PADDR_OFFSET note without VIRT_BASE", NULL, NULL);
	info->virt_base = nt->virt_base;
	info->virt_offset = nt->virt_base - nt->paddr_offset;
	info->v_start = lo + info->virt_offset;
	info->v_end = hi + info->virt_offset;
	info->entry = nt->has_entry ? nt->entry : eh->entry;
	if (info->v_end < info->v_start || !in_guest_space(info->virt_base, info->v_end) ||
	    info->virt_base > info->v_start)
		return refuse(info, -XEN_EINVAL, "has addresses that overlap the hypervisor ",
			      "or are not canonical", NULL);
	if (info->entry < info->v_start || info->entry > info->v_end)
		return refuse(info, -XEN_EINVAL, "has its entry point outside the image", NULL, NULL);
	if (nt->has_init_p2m && nt->init_p2m >= info->v_start && nt->init_p2m < info->v_end)
		return refuse(info, -XEN_EINVAL, "has an INIT_P2M address inside the image", NULL, NULL);
	if (nt->has_hypercall_page) {
		uint64_t hp = nt->hypercall_page;
		if (hp < info->v_start || hp >= info->v_end || (hp & (PAGE - 1)))
			return refuse(info, -XEN_EINVAL, "has a hypercall page outside the image ",
				      "or not page aligned", NULL);
		info->hypercall_page = hp;
	}
	return 0;
}

int elf_xen_parse(const void *image, size_t len, bool control, struct xen_elf_info *info)
{
	const uint8_t *img = image;
	struct elf64_ehdr eh;
	struct notes nt;
	memset(info, 0, sizeof(*info));
	memset(&nt, 0, sizeof(nt));
	int rc = check_header(img, len, &eh, info);
	if (!rc)
		rc = collect_notes(img, len, &eh, &nt, info);
	if (rc)
		return rc;
	if (!nt.count)
		return refuse(info, -XEN_EINVAL, "has no Xen ELF notes: it is not a Xen PV kernel", NULL, NULL);
	if (!prefix(info->loader, "generic") && !prefix(info->guest_os, "linux"))
		return refuse(info, -XEN_EINVAL, "has no LOADER note starting with \"generic\" ",
			      "(nor a GUEST_OS note starting with \"linux\")", NULL);
	if (!prefix(info->xen_version, "xen-3.0"))
		return refuse(info, -XEN_EINVAL, "has no XEN_VERSION note starting with \"xen-3.0\"", NULL, NULL);
	if ((rc = check_features(control, info)))
		return rc;
	return check_addresses(img, len, &eh, &nt, info);
}

void elf_xen_load(const void *image, const struct xen_elf_info *info,
		  void (*put)(void *ctx, uint64_t va, const void *src, uint64_t n), void *ctx)
{
	const uint8_t *img = image;
	struct elf64_ehdr eh;
	memcpy(&eh, img, sizeof(eh));
	for (unsigned i = 0; i < eh.phnum; i++) {
		struct elf64_phdr ph;
		memcpy(&ph, img + eh.phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
		if (ph.type != PT_LOAD)
			continue;
		uint64_t va = ph.paddr + info->virt_offset;
		put(ctx, va, img + ph.offset, ph.filesz);
		put(ctx, va + ph.filesz, NULL, ph.memsz - ph.filesz);
	}
}
