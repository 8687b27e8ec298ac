/*
 * The shell's XenStore commands, named and shaped as Xen's tools:
 * xenstore-ls [PATH] (the tree, one node per line, `name = "value"`,
 * indented one space per level), xenstore-read PATH, xenstore-write PATH
 * VALUE.  They are requests of domain 0 over its in-process connection in
 * the wire format (d0_store_request), so the store applies its usual
 * checks (a malformed path is EINVAL, a missing node ENOENT) and the
 * answer printed is the store's.
 *
 * Invariant: xenstore-ls prints no deeper than LS_DEPTH levels and quotes
 * each value with its non-printable bytes escaped, so a guest's node can
 * neither make the walk endless nor put control characters on the console.
 */
#include <stdio.h>
#include <string.h>
#include "d0_cmds.h"
#include "d0_store.h"
#include "public/io/xs_wire.h"

#define LS_DEPTH 16

static char reply[XENSTORE_PAYLOAD_MAX + 1];

static void put_escaped(const char *s, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			putchar(c);
		else
			printf("\\x%02x", c);
	}
}

static int request(uint32_t type, const char *path, const char *value, uint32_t *rlen)
{
	static char msg[XENSTORE_PAYLOAD_MAX];
	size_t pl = strlen(path) + 1, vl = value ? strlen(value) : 0;
	if (pl + vl > sizeof(msg)) {
		snprintf(reply, sizeof(reply), "E2BIG");
		return -1;
	}
	memcpy(msg, path, pl);
	if (value)
		memcpy(msg + pl, value, vl);
	return d0_store_request(type, msg, (uint32_t)(pl + vl), reply, sizeof(reply), rlen);
}

static void ls(const char *path, int depth)
{
	uint32_t n;
	if (request(XS_DIRECTORY, path, NULL, &n)) {
		printf("%*s(%s: %s)\n", depth, "", path, reply);
		return;
	}
	char children[XENSTORE_PAYLOAD_MAX + 1];
	memcpy(children, reply, n + 1);
	for (uint32_t off = 0; off < n; off += (uint32_t)strlen(children + off) + 1) {
		const char *name = children + off;
		char sub[XENSTORE_ABS_PATH_MAX + 2];
		int sl = snprintf(sub, sizeof(sub), "%s%s%s", path, strcmp(path, "/") ? "/" : "", name);
		if (sl <= 0 || (size_t)sl >= sizeof(sub))
			continue;
		uint32_t vn;
		printf("%*s%s = \"", depth, "", name);
		if (request(XS_READ, sub, NULL, &vn) == 0)
			put_escaped(reply, vn);
		printf("\"\n");
		if (depth + 1 < LS_DEPTH)
			ls(sub, depth + 1);
	}
}

void d0_cmd_xenstore_ls(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/";
	uint32_t n;
	if (request(XS_DIRECTORY, path, NULL, &n)) {
		printf("xenstore-ls: %s: %s\n", path, reply);
		return;
	}
	ls(path, 0);
}

void d0_cmd_xenstore_read(int argc, char **argv)
{
	(void)argc;
	uint32_t n;
	if (request(XS_READ, argv[1], NULL, &n)) {
		printf("xenstore-read: %s: %s\n", argv[1], reply);
		return;
	}
	put_escaped(reply, n);
	printf("\n");
}

void d0_cmd_xenstore_write(int argc, char **argv)
{
	(void)argc;
	uint32_t n;
	if (request(XS_WRITE, argv[1], argv[2], &n))
		printf("xenstore-write: %s: %s\n", argv[1], reply);
}
