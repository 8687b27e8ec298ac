/*
 * read_file(): reads with stdio until end of file, so it works for pipes
 * and /dev/stdin as well as regular files, and stops at READFILE_MAX so a
 * mistaken argument (a disk image, /dev/zero) cannot exhaust memory.
 */
#include "readfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;
	int err = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (n == cap) {
			if (cap >= READFILE_MAX) {
				err = EFBIG;
				break;
			}
			cap = cap ? 2 * cap : 4096;
			char *grown = realloc(buf, cap);
			if (!grown) {
				err = ENOMEM;
				break;
			}
			buf = grown;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0) {
			err = ferror(f) ? EIO : 0;
			break;
		}
	}
	fclose(f);
	if (err) {
		free(buf);
		errno = err;
		return NULL;
	}
	*len = n;
	return buf;
}
