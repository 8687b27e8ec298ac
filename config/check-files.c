/*
 * The files a description names: each kernel must exist, be a regular
 * file and be a bootable image (kernel-image.c); each disk image must
 * exist and be a regular file.  Relative paths are relative to the XML
 * file's directory, so a description and its files move together.
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

#include "kernel-image.h"

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

static void check_kernel(struct desc_system *s, struct desc_domain *dom, struct diag *d)
{
	struct stat st;
	int fd = open_regular(s, "kernel", dom->kernel, dom->kernel_line, d, &st);
	enum kimage_verdict v = KIMAGE_NOT_ELF;

	if (fd < 0)
		return;
	if (st.st_size > 0) {
		void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED) {
			diag_error(d, dom->kernel_line, "kernel '%s' cannot be read: %s", dom->kernel, strerror(errno));
			close(fd);
			return;
		}
		v = kimage_probe(map, (size_t)st.st_size);
		munmap(map, (size_t)st.st_size);
	}
	close(fd);
	if (v != KIMAGE_OK)
		diag_error(d, dom->kernel_line, "kernel '%s' %s", dom->kernel, kimage_problem(v));
	else
		dom->kernel_path = absolute(s, "kernel", dom->kernel, dom->kernel_line, d);
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
		if (*dom->kernel)
			check_kernel(s, dom, d);
		for (size_t k = 0; k < dom->ndisks; k++)
			if (*dom->disks[k].source)
				check_image(s, &dom->disks[k], d);
	}
}
