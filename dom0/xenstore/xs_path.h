/*
 * XenStore path rules (docs/misc/xenstore.txt, xenstored's checks):
 * an absolute path starts with '/', has no empty component (no "//", no
 * trailing '/' except the root itself), uses only ASCII letters, digits and
 * "-/_@", and is at most XENSTORE_ABS_PATH_MAX (3072) bytes.  A path not
 * starting with '/' or '@' is relative to the caller's home
 * /local/domain/<domid>.  '@' starts the special watch paths.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "public/io/xs_wire.h"

/* Room for any payload string made absolute, plus its NUL. */
#define XS_PATH_CAP (XENSTORE_PAYLOAD_MAX + 32)

struct xs_path {
	uint32_t len;
	char s[XS_PATH_CAP];            /* NUL-terminated */
};

/* "/local/domain/<domid>" into buf (at least 32 bytes); returns its length. */
size_t xs_home_path(char *buf, uint32_t domid);

/* The absolute form of the NUL-terminated in, as the connection of domid
   sees it (in unchanged if it starts with '/' or '@').  *relative tells
   whether a home was prefixed.  False if it cannot fit (the caller answers
   EINVAL: such a path could never be valid). */
bool xs_path_canon(uint32_t domid, const char *in, struct xs_path *out,
                   bool *relative);

/* xenstored's is_valid_nodename on p[0..n). */
bool xs_path_valid(const char *p, size_t n);

/* Length of the parent of the valid, non-root path p[0..n) ("/" for a
   top-level node). */
size_t xs_path_parent_len(const char *p, size_t n);

/* Offset of the last component of the valid, non-root path p[0..n). */
size_t xs_path_base(const char *p, size_t n);

/* p[0..n) is q[0..m) or below it ("/" is above everything). */
bool xs_path_at_or_below(const char *p, size_t n, const char *q, size_t m);
