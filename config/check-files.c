/*
 * The files a description names: each kernel must exist, be a regular
 * file and be a kernel the hypervisor's builder accepts for that domain
 * (dombuild/elf_xen.c, the builder's own reader: ELF64 x86-64, Xen
 * notes, features; for an HVM domain dombuild/elf_pvh.c: a PVH entry
 * note, segments inside its memory); an initrd must be a non-empty regular file of at most
 * 1 GiB; a PV domain's memory must hold its kernel's start-of-day layout
 * with its initrd (dombuild/pv_layout.c, the builder's own arithmetic);
 * each disk image must exist and be a regular file.  The resolved path of
 * every kernel and initrd must be one QEMU's module list can carry
 * (no space, no comma).  Relative paths are relative to the XML file's
 * directory, so a description and its files move together.
 *
 * Files are opened without blocking and judged by fstat() before any
 * byte is read, so a path that names a FIFO or a device cannot hang the
 * check; kernels are mapped, not read, so a large file costs nothing.
 * A file that passes gets its absolute path recorded in the model: that
 * is what the manifest stores and what the launcher loads.
 */
#include "desc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf_pvh.h"
#include "elf_xen.h"
#include "public/errno.h"
#include "pv_layout.h"
#include "value.h"

/* path made relative to the description's directory, if it is relative. */
static const char *located(struct desc_system *s, const char *path)
{
	if (path[0] == '/')
		return path;
	size_t n = strlen(s->dir) + 1 + strlen(path) + 1;
	char *joined = arena_alloc(&s->arena, n);
	strcpy(joined, s->dir);
	strcat(joined, "/");
	return strcat(joined, path);
}

/* Open a regular file for reading; -1 with a message otherwise. */
static int open_regular(struct desc_system *s, const char *what, const char *path, long line,
			struct diag *d, struct stat *st)
{
	int fd = open(located(s, path), O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT)
			diag_error(d, line, "%s '%s' does not exist", what, path);
		else
			diag_error(d, line, "%s '%s' cannot be opened: %s", what, path, strerror(errno));
		return -1;
	}
	if (fstat(fd, st) || !S_ISREG(st->st_mode)) {
		diag_error(d, line, "%s '%s' is not a regular file", what, path);
		close(fd);
		return -1;
	}
	return fd;
}

static const char *absolute(struct desc_system *s, const char *what, const char *path, long line,
			    struct diag *d)
{
	char buf[PATH_MAX];

	if (!realpath(located(s, path), buf)) {
		diag_error(d, line, "%s '%s' cannot be resolved: %s", what, path, strerror(errno));
		return NULL;
	}
	return arena_strdup(&s->arena, buf);
}

/* QEMU's -initrd list separates modules by commas and a path from its arguments by a space. */
static bool loadable_path(const char *what, const char *path, const char *resolved, long line,
			  struct diag *d)
{
	const char *bad = strpbrk(resolved, " ,");

	if (!bad)
		return true;
	if (strchr(path, *bad))
		diag_error(d, line, "%s path '%s' has a %s, which QEMU's module list cannot carry "
			   "(move or link the file)", what, path, *bad == ' ' ? "space" : "comma");
	else
		diag_error(d, line, "%s '%s' resolves to '%s', which has a %s: QEMU's module list cannot "
			   "carry it (move or link the file)", what, path, resolved, *bad == ' ' ? "space" : "comma");
	return false;
}

/* The kernel's layout must fit the domain's memory, as the builder requires. */
static void check_layout(const struct desc_domain *dom, const struct xen_elf_info *info, struct diag *d)
{
	char have[32], need[32];
	struct pv_layout l;
	bool control = dom->role == MANIFEST_ROLE_CONTROL;

	if (dom->type != MANIFEST_TYPE_PV || dom->memory_kib < MANIFEST_MEMORY_MIN_KIB ||
	    dom->memory_kib > PV_LAYOUT_MAX_PAGES * 4 ||
	    pv_layout_compute(&l, info->virt_base, info->v_end, dom->initrd_size, dom->memory_kib / 4,
			      control) != -XEN_ENOMEM)
		return;
	diag_error(d, dom->memory_line, "domain memory %s is less than the %s the start-of-day layout of "
		   "kernel '%s'%s needs", value_kib_text(have, dom->memory_kib),
		   value_kib_text(need, pv_layout_min_pages(info->virt_base, info->v_end, dom->initrd_size,
							    control) * 4),
		   dom->kernel, dom->initrd_size ? " with its initrd" : "");
}

/* A PV kernel by Xen's PV rules, an HVM guest's as a PVH kernel that fits
 * the domain's memory (the hypervisor's builders' own readers; an HVM
 * control or driver domain, refused anyway, is read as PV); *why
 * completes "kernel ..." on refusal. */
static int parse_kernel(const struct desc_domain *dom, const void *img, size_t len,
			struct xen_elf_info *info, const char **why)
{
	static struct pvh_elf_info pvh;
	if (dom->type == MANIFEST_TYPE_HVM && dom->role == MANIFEST_ROLE_GUEST) {
		int rc = elf_pvh_parse(img, len, (uint64_t)dom->memory_kib * 1024, &pvh);
		*why = pvh.why;
		return rc;
	}
	*why = info->why;
	return elf_xen_parse(img, len, dom->role == MANIFEST_ROLE_CONTROL, info);
}

static void check_kernel(struct desc_system *s, struct desc_domain *dom, struct diag *d)
{
	struct stat st;
	struct xen_elf_info info;
	const char *why;
	int fd = open_regular(s, "kernel", dom->kernel, dom->kernel_line, d, &st);
	int rc;

	if (fd < 0)
		return;
	if (st.st_size > 0) {
		void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED) {
			diag_error(d, dom->kernel_line, "kernel '%s' cannot be read: %s", dom->kernel, strerror(errno));
			close(fd);
			return;
		}
		rc = parse_kernel(dom, map, (size_t)st.st_size, &info, &why);
		munmap(map, (size_t)st.st_size);
	} else {
		rc = parse_kernel(dom, "", 0, &info, &why);
	}
	close(fd);
	if (rc) {
		diag_error(d, dom->kernel_line, "kernel '%s' %s", dom->kernel, why);
		return;
	}
	check_layout(dom, &info, d);
	const char *path = absolute(s, "kernel", dom->kernel, dom->kernel_line, d);
	if (path && loadable_path("kernel", dom->kernel, path, dom->kernel_line, d))
		dom->kernel_path = path;
}

static void check_initrd(struct desc_system *s, struct desc_domain *dom, struct diag *d)
{
	struct stat st;
	int fd = open_regular(s, "initrd", dom->initrd, dom->initrd_line, d, &st);

	if (fd < 0)
		return;
	close(fd);
	if (st.st_size == 0 || (uint64_t)st.st_size > (PV_LAYOUT_MAX_PAGES << 12)) {
		diag_error(d, dom->initrd_line, "initrd '%s' is %s (it must hold 1 byte to 1 GiB)", dom->initrd,
			   st.st_size ? "larger than 1 GiB" : "empty");
		return;
	}
	const char *path = absolute(s, "initrd", dom->initrd, dom->initrd_line, d);
	if (path && loadable_path("initrd", dom->initrd, path, dom->initrd_line, d)) {
		dom->initrd_path = path;
		dom->initrd_size = (uint64_t)st.st_size;
	}
}

static void check_image(struct desc_system *s, struct desc_disk *disk, struct diag *d)
{
	struct stat st;
	int fd = open_regular(s, "disk image", disk->source, disk->source_line, d, &st);

	if (fd < 0)
		return;
	close(fd);
	disk->image_path = absolute(s, "disk image", disk->source, disk->source_line, d);
}

void desc_check_files(struct desc_system *s, struct diag *d)
{
	for (size_t i = 0; i < s->ndomains; i++) {
		struct desc_domain *dom = &s->domains[i];
		if (dom->initrd && *dom->initrd)
			check_initrd(s, dom, d);
		if (*dom->kernel)
			check_kernel(s, dom, d);
		for (size_t k = 0; k < dom->ndisks; k++)
			if (*dom->disks[k].source)
				check_image(s, &dom->disks[k], d);
	}
}
