/*
 * File descriptors of a newlib guest.  There is no file system: fds 0, 1
 * and 2 are the console (nl_console.c), a character device that is a
 * terminal, so newlib line-buffers stdout; every other fd is EBADF and
 * every path ENOENT.  Closing 0-2 succeeds and leaves them usable (there
 * is nothing to release).  One read or write moves at most INT_MAX bytes,
 * what the return type can count.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>
#include "nl.h"

static int console_fd(int fd)
{
	if (fd >= 0 && fd <= 2)
		return 1;
	errno = EBADF;
	return 0;
}

_READ_WRITE_RETURN_TYPE read(int fd, void *buf, size_t n)
{
	if (!console_fd(fd))
		return -1;
	return (_READ_WRITE_RETURN_TYPE)nl_console_read(buf, n < INT_MAX ? n : INT_MAX);
}

_READ_WRITE_RETURN_TYPE write(int fd, const void *buf, size_t n)
{
	if (!console_fd(fd))
		return -1;
	n = n < INT_MAX ? n : INT_MAX;
	if (nl_console_write(buf, n)) {
		errno = EIO;
		return -1;
	}
	return (_READ_WRITE_RETURN_TYPE)n;
}

int close(int fd)
{
	return console_fd(fd) ? 0 : -1;
}

int fstat(int fd, struct stat *st)
{
	if (!console_fd(fd))
		return -1;
	*st = (struct stat){ .st_mode = S_IFCHR | 0620, .st_blksize = 1024 };
	return 0;
}

int isatty(int fd)
{
	return console_fd(fd);
}

off_t lseek(int fd, off_t offset, int whence)
{
	(void)offset, (void)whence;
	if (console_fd(fd))
		errno = ESPIPE;
	return -1;
}

int open(const char *path, int flags, ...)
{
	(void)path, (void)flags;
	errno = ENOENT;
	return -1;
}

int stat(const char *restrict path, struct stat *restrict st)
{
	(void)path, (void)st;
	errno = ENOENT;
	return -1;
}

int unlink(const char *path)
{
	(void)path;
	errno = ENOENT;
	return -1;
}
